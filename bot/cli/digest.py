"""`intake digest [--now T]`: queue the staff digests due at T, then send what is due."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone

from bot.app import App
from bot.cli.arguments import parse_now
from bot.cli.poll import sent_summary
from bot.cli.texts import Texts
from bot.db.engine import SchemaNeed
from bot.db.lease import holding_mailbox, mailbox_lease
from bot.outbox.send import send_outbox
from bot.settings_require import require_smtp
from bot.staff.digest import DigestReport, send_digests
from bot.db.job_runs import run_recorded

NAME = "digest"
SCHEMA = SchemaNeed.CREATE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["digest"], description=t["digest_description"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    require_smtp(app.settings)
    now = args.now or datetime.now(timezone.utc)
    with holding_mailbox(mailbox_lease(app), app.settings.worker.lease_wait_seconds):  # one process at a time
        report = run_recorded(app, "digest", send_digests, now)
        assert isinstance(report, DigestReport)
        sent = run_recorded(app, "send_outbox", send_outbox, now)
    print(digest_summary(report, app, t))
    print(sent_summary(sent, t))  # type: ignore[arg-type]
    return 0


STATES = ("queued", "empty", "decided", "not_due", "no_staff")


def digest_summary(report: DigestReport, app: App, t: Texts, states: tuple[str, ...] = STATES) -> str:
    """One line per campaign in ``states`` (the worker prints only what it did: queued, empty)."""
    names = {c.key: c.name for c in app.campaigns}
    return "\n".join(t[f"digest_{state}"].format(name=names[key]) for state in states for key in getattr(report, state))
