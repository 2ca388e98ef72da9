"""`intake run`: the long-running worker."""

from __future__ import annotations

import argparse

from bot.app import App
from bot.calendar.changes import ChangesReport
from bot.calendar.reminders import RemindReport
from bot.cli.digest import digest_summary
from bot.cli.poll import changes_summary, pass_summary, sent_summary
from bot.cli.purge import purge_summary
from bot.cli.texts import Texts, counted
from bot.db.purge import PurgeReport
from bot.inbound.poll import PassReport
from bot.outbox.send import SendReport
from bot.settings_require import warn_if_unchecked
from bot.staff.digest import DigestReport
from bot.settings_require import require_mail_servers
from bot.worker import run_worker
from bot.db.engine import SchemaNeed

NAME = "run"
SCHEMA = SchemaNeed.CREATE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    commands.add_parser(NAME, help=t["run"], description=t["run"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    require_mail_servers(app.settings)
    warn_if_unchecked(app.settings)

    def show(job: str, report: object) -> None:
        # A pass that found nothing says nothing: a worker that runs for months must not fill
        # its log with "read 0 messages" every minute.
        if isinstance(report, PassReport) and (report.scanned or report.actions_applied or report.actions_failed):
            print(pass_summary(report, t), flush=True)
        elif isinstance(report, SendReport) and (report.sent or report.deferred or report.failed):
            print(sent_summary(report, t), flush=True)
        elif isinstance(report, ChangesReport) and report.messages:
            print(changes_summary(report, t), flush=True)
        elif isinstance(report, RemindReport) and report.queued:
            print(counted(t, "reminders_queued", report.queued, count=report.queued), flush=True)
        elif isinstance(report, DigestReport) and (report.queued or report.empty):
            print(digest_summary(report, app, t, states=("queued", "empty")), flush=True)
        elif isinstance(report, PurgeReport) and report.total:
            print(purge_summary(report, t), flush=True)

    run_worker(app, on_report=show,
               on_start=lambda: print(t["run_started"].format(seconds=app.settings.worker.poll_interval_seconds),
                                      flush=True))
    return 0
