"""What the one-shot sending commands (`intake digest`, `intake remind`) share: one job at
``now`` under the mailbox's lease, then the outbox, each recorded for `intake status`."""

from __future__ import annotations

from datetime import datetime
from typing import Callable, TypeVar

from bot.app import App
from bot.db.job_runs import run_recorded
from bot.db.lease import holding_mailbox, mailbox_lease
from bot.outbox.send import SendReport, send_outbox
from bot.settings_require import require_smtp

Report = TypeVar("Report")


def job_then_outbox(app: App, name: str, job: Callable[[App, datetime], Report],
                    now: datetime) -> tuple[Report, SendReport]:
    require_smtp(app.settings)
    with holding_mailbox(mailbox_lease(app), app.settings.worker.lease_wait_seconds):  # one process at a time
        report = run_recorded(app, name, job, now)
        sent = run_recorded(app, "send_outbox", send_outbox, now)
    return report, sent  # type: ignore[return-value]
