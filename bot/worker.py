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
from imapclient.exceptions import IMAPClientError

from bot.app import App
from bot.errors import IntakeError, MailboxError
from bot.mailbox import Mailbox
from bot.poll import PassReport, poll_once
from bot.settings import ImapSettings

log = logging.getLogger("intake.worker")
IDLE_RENEW_SECONDS = 25 * 60  # RFC 2177: servers may drop an IDLE after 30 minutes
RECONNECT_SECONDS = 30


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


def watch_folder(imap: ImapSettings, new_mail: Callable[[], None], stop: threading.Event) -> None:
    """Call ``new_mail`` whenever the server announces a message in the folder, until ``stop``."""
    while not stop.is_set():
        try:
            with Mailbox(imap) as mailbox:
                if b"IDLE" not in mailbox.capabilities():
                    log.info("server has no IDLE: passes run on the interval only", extra={"step": "idle"})
                    return
                mailbox.client.select_folder(imap.folder, readonly=True)
                _idle(mailbox, new_mail, stop)
        except (MailboxError, IMAPClientError, OSError) as exc:
            log.warning("IDLE watcher lost the server (%s); retrying in %d s", exc, RECONNECT_SECONDS,
                        extra={"step": "idle"})
            stop.wait(RECONNECT_SECONDS)


def _idle(mailbox: Mailbox, new_mail: Callable[[], None], stop: threading.Event) -> None:
    client = mailbox.client
    while not stop.is_set():
        client.idle()
        waited, announced = 0.0, False
        # Short checks so a stop is noticed quickly; renewed well before servers time it out.
        while not stop.is_set() and waited < IDLE_RENEW_SECONDS and not announced:
            responses = client.idle_check(timeout=5)
            waited += 5
            announced = any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses)
        client.idle_done()
        if announced:
            log.info("new mail announced", extra={"step": "idle"})
            new_mail()
