"""`intake digest [--now T]`: queue the staff digests due at T, then send what is due."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone

from bot.app import App
from bot.cli.arguments import parse_now
from bot.cli.one_shot import job_then_outbox
from bot.cli.poll import sent_summary
from bot.cli.texts import Texts
from bot.db.engine import SchemaNeed
from bot.staff.digest import DigestReport, send_digests

NAME = "digest"
SCHEMA = SchemaNeed.CREATE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["digest"], description=t["digest_description"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    report, sent = job_then_outbox(app, "digest", send_digests, args.now or datetime.now(timezone.utc))
    print(digest_summary(report, app, t))
    print(sent_summary(sent, t))  # type: ignore[arg-type]
    return 0


STATES = ("queued", "empty", "decided", "not_due", "no_staff")


def digest_summary(report: DigestReport, app: App, t: Texts, states: tuple[str, ...] = STATES) -> str:
    """One line per campaign in ``states`` (the worker prints only what it did: queued, empty)."""
    names = {c.key: c.name for c in app.campaigns}
    return "\n".join(t[f"digest_{state}"].format(name=names[key]) for state in states for key in getattr(report, state))
