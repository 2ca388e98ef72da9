"""`intake remind [--now T]`: the session changes, then the reminders due at T, then the outbox."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone

from bot.app import App
from bot.calendar.reminders import remind_job
from bot.cli.arguments import parse_now
from bot.cli.poll import changes_summary, sent_summary
from bot.cli.texts import Texts, counted
from bot.db.engine import SchemaNeed
from bot.db.lease import holding_mailbox, mailbox_lease
from bot.settings_require import require_smtp
from bot.outbox.send import send_outbox

NAME = "remind"
SCHEMA = SchemaNeed.CREATE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["remind"], description=t["remind"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    require_smtp(app.settings)
    now = args.now or datetime.now(timezone.utc)
    with holding_mailbox(mailbox_lease(app), app.settings.worker.lease_wait_seconds):  # one process at a time
        report = remind_job(app, now)
        sent = send_outbox(app, now)
    if report.changes.messages:
        print(changes_summary(report.changes, t))
    print(counted(t, "reminders_queued", report.queued, count=report.queued), sent_summary(sent, t))
    return 0
