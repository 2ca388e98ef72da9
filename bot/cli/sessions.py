"""`intake sessions [--now T] [--session ID] [--campaign KEY]`: per campaign and session, how
many are invited and how they answered; with --session, who."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone

from bot.app import App
from bot.calendar.figures import SessionFigures, session_figures
from bot.cli.arguments import chosen_campaign, parse_now
from bot.cli.texts import Texts
from bot.db.engine import SchemaNeed
from bot.db.tables import SessionState
from bot.errors import ConfigError
from parsers.model import LOCAL_ZONE, Campaign

NAME = "sessions"
SCHEMA = SchemaNeed.REQUIRE
_COUNTS = ("invited", "accepted", "tentative", "declined", "no_answer")


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["sessions"], description=t["sessions"])
    parser.add_argument("--now", type=parse_now, help=t["now"])
    parser.add_argument("--session", metavar="ID", help=t["sessions_session"])
    parser.add_argument("--campaign", metavar="KEY", help=t["sessions_campaign"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    now = args.now or datetime.now(timezone.utc)
    key = chosen_campaign(app.campaigns, args.campaign)
    campaigns = [c for c in app.campaigns if key in (None, c.key)]
    with app.db_session() as db:
        figures = [(c, session_figures(db, c, now, include_past=True, session_key=args.session)) for c in campaigns]
    shown = [(c, rows) for c, rows in figures if rows or args.session is None]
    if not any(rows for _, rows in shown):
        if args.session is not None:  # a mistyped id is not "nothing to show"
            raise ConfigError("argument:--session", None, "no information session {session!r}; there are {ids}",
                              session=args.session, ids=", ".join(s.id for c in campaigns for s in c.sessions) or "-")
        print(t["sessions_none"])
        return 0
    for campaign, rows in shown:
        print_campaign(campaign, rows, now, t, who=args.session is not None)
    return 0


def print_campaign(campaign: Campaign, rows: list[SessionFigures], now: datetime, t: Texts, who: bool) -> None:
    print(f"{campaign.name} (Dnr {campaign.case_number})")
    if not rows:
        print(f"  {t['sessions_none']}")
        return
    headers = [t["sessions_col_session"], t["sessions_col_when"], t["sessions_col_state"],
               *(t[f"sessions_col_{name}"] for name in _COUNTS)]
    table = [[row.session_key, _when(row), _state(row, now, t), *(str(getattr(row, name)) for name in _COUNTS)]
             for row in rows]
    for line in _aligned([headers, *table], numeric_from=3):
        print(f"  {line}")
    for row in rows if who else ():
        print_invitees(row, t)
    print()


def print_invitees(row: SessionFigures, t: Texts) -> None:
    print(f"\n  {row.title}, {_when(row)}")
    if not row.invitees:
        print(f"    {t['sessions_nobody']}")
        return
    headers = [t["sessions_col_organisation"], t["sessions_col_contact"], t["sessions_col_answer"],
               t["sessions_col_answered"], t["sessions_col_why"]]
    table = [[i.organisation or "-", f"{i.name} <{i.email}>" if i.name else i.email, t[f"answer_{i.answer}"],
              f"{i.answered_at.astimezone(LOCAL_ZONE):%Y-%m-%d %H.%M}" if i.answered_at else "-", t[f"why_{i.why}"]]
             for i in row.invitees]
    for line in _aligned([headers, *table]):
        print(f"    {line}")


def _when(row: SessionFigures) -> str:
    return f"{row.starts_at:%Y-%m-%d %H.%M}–{row.ends_at:%H.%M}"


def _state(row: SessionFigures, now: datetime, t: Texts) -> str:
    if row.state == SessionState.CANCELLED:
        return t["state_cancelled"]
    if row.state == SessionState.REMOVED:
        return t["state_removed"]
    return t["state_upcoming"] if row.starts_at > now else t["state_started"]


def _aligned(rows: list[list[str]], numeric_from: int | None = None) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = lambda i: numeric_from is not None and i >= numeric_from  # noqa: E731
    return ["  ".join(cell.rjust(widths[i]) if right(i) else cell.ljust(widths[i]) for i, cell in enumerate(row))
            .rstrip() for row in rows]
