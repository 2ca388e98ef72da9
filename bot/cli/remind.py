"""`intake remind [--now T]`: the session changes, then the reminders due at T, then the outbox."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone

from bot.app import App
from bot.calendar.reminders import remind_job
from bot.cli.arguments import parse_now
from bot.cli.one_shot import job_then_outbox
from bot.cli.poll import changes_summary, sent_summary
from bot.cli.texts import Texts, counted
from bot.db.engine import SchemaNeed

NAME = "remind"
SCHEMA = SchemaNeed.CREATE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["remind"], description=t["remind"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    report, sent = job_then_outbox(app, "remind", remind_job, args.now or datetime.now(timezone.utc))
    if report.changes.messages:
        print(changes_summary(report.changes, t))
    print(counted(t, "reminders_queued", report.queued, count=report.queued), sent_summary(sent, t))
    return 0
