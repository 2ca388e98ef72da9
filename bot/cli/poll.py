"""`intake poll --once [--now T]`: the session changes in the campaign files, one pass over the
mailbox, then the outbox.

Before the App is built, the quick look (bot/quick_look.py) asks whether there is anything to
do at all; when there is not, the command prints what the pass would have printed and ends
without importing the database layer or the pipeline. So this module imports them only in
``run``.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from bot.cli.arguments import parse_now
from bot.cli.texts import Texts, counted
from bot.db.revision import SchemaNeed
from bot.settings_require import require_mail_servers, warn_if_unchecked

if TYPE_CHECKING:
    from bot.app import App
    from bot.calendar.changes import ChangesReport
    from bot.inbound.poll import PassReport
    from bot.outbox.send import SendReport
    from bot.settings import Settings

NAME = "poll"
SCHEMA = SchemaNeed.CREATE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["poll"], description=t["poll"])
    parser.add_argument("--once", action="store_true", required=True, help=t["once"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def quick(args: argparse.Namespace, settings: Settings, t: Texts) -> int | None:
    """0 when the quick look found nothing to do (and said so as ``run`` would); None: run it."""
    from bot.errors import ConfigError
    from bot.quick_look import nothing_to_do

    try:
        require_mail_servers(settings)
    except ConfigError:
        return None  # said by ``run``, after what building the App finds first (the campaign files)
    if not nothing_to_do(settings, args.now or datetime.now(timezone.utc)):
        return None
    warn_if_unchecked(settings)
    print(counted(t, "pass_summary", 0, scanned=0, ours=0, outcomes="-"),
          t["sent_summary"].format(sent=0, deferred=0, failed=0))
    return 0


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    from bot.calendar.changes import session_changes
    from bot.db.job_runs import run_recorded
    from bot.db.lease import holding_mailbox, mailbox_lease
    from bot.errors import MailboxError
    from bot.inbound.every_account import poll_every_account
    from bot.outbox.send import send_outbox

    require_mail_servers(app.settings)
    warn_if_unchecked(app.settings)
    now = args.now or datetime.now(timezone.utc)
    with holding_mailbox(mailbox_lease(app), app.settings.worker.lease_wait_seconds):  # one process at a time
        changes = run_recorded(app, "sessions", session_changes, now)
        try:
            report = run_recorded(app, "poll", poll_every_account, now)
        except MailboxError:
            # One mailbox that cannot be read: still send what the others (and earlier passes) queued.
            run_recorded(app, "send_outbox", send_outbox, now)
            raise
        sent = run_recorded(app, "send_outbox", send_outbox, now)
    if changes.messages:
        print(changes_summary(changes, t))
    print(pass_summary(report, t), sent_summary(sent, t))
    return 0


def changes_summary(changes: ChangesReport, t: Texts) -> str:
    return t["changes_summary"].format(added=changes.added, updated=changes.updated, cancelled=changes.cancelled,
                                       messages=changes.messages)


def pass_summary(report: PassReport, t: Texts) -> str:
    outcomes = ", ".join(f"{name} {count}" for name, count in sorted(report.outcomes.items())) or "-"
    return counted(t, "pass_summary", report.scanned, scanned=report.scanned, ours=report.ours, outcomes=outcomes)


def sent_summary(sent: SendReport, t: Texts) -> str:
    return t["sent_summary"].format(sent=sent.sent, deferred=sent.deferred, failed=sent.failed)
