"""`intake run`: passes on a schedule, and at once when the mailbox says new mail arrived.

The scheduler runs one pass at a time every worker.poll_interval_seconds. Beside it, an IDLE
watcher (RFC 2177) keeps a read-only connection open on the folder and moves the next pass
to now when the server announces a new message. A server without IDLE, or a watcher that
lost its connection, leaves the interval passes to do the work.
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timezone
from typing import Callable

from apscheduler.schedulers.blocking import BlockingScheduler

from bot.app import App
from bot.errors import IntakeError
from bot.mail.idle import watch_folder
from bot.inbound.poll import PassReport, poll_once

log = logging.getLogger("intake.worker")


def run_worker(app: App, on_pass: Callable[[PassReport], None], on_start: Callable[[], None]) -> None:
    scheduler = BlockingScheduler(timezone=timezone.utc)
    stop = threading.Event()

    def one_pass() -> None:
        try:
            report = poll_once(app, datetime.now(timezone.utc))
        except IntakeError as exc:
            # The mail server or database is away: nothing was acknowledged, the next pass retries.
            log.error("pass failed: %s", exc, extra={"step": "pass"})
            return
        on_pass(report)

    # One pass at a time; a pass that overruns its slot is not queued up behind itself.
    job = scheduler.add_job(one_pass, "interval", seconds=app.settings.worker.poll_interval_seconds,
                            next_run_time=datetime.now(timezone.utc), max_instances=1, coalesce=True,
                            id="poll", misfire_grace_time=None)

    def pass_now() -> None:
        job.modify(next_run_time=datetime.now(timezone.utc))

    def shut_down(*_: object) -> None:
        stop.set()
        scheduler.shutdown(wait=False)

    if app.settings.worker.idle:
        threading.Thread(target=watch_folder, args=(app.settings.imap, pass_now, stop),
                         name="imap-idle", daemon=True).start()
    signal.signal(signal.SIGTERM, shut_down)
    on_start()
    try:
        scheduler.start()
    finally:
        stop.set()
