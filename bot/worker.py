"""`intake run`: one scheduler running the JOBS table until SIGTERM.

Every job is ``(app, now) -> report`` and works out what is due from the database and the
campaign files, so a restart loses nothing and repeats nothing; the scheduler only decides
when to look. Jobs run one at a time, in one thread (the pass and the calendar jobs both
bring the stored sessions in line with the campaign files); a run that overruns its slot is
not queued up behind itself. Beside the scheduler, the IDLE watcher (bot/mail/idle.py) wakes the mailbox
pass as soon as the server announces new mail; a pass that queued mail wakes the outbox.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import App
from bot.calendar.changes import session_changes
from bot.calendar.reminders import remind_job
from bot.errors import IntakeError
from bot.inbound.poll import poll_once
from bot.mail.idle import watch_folder
from bot.outbox.send import send_outbox
from bot.settings import Settings

log = logging.getLogger("intake.worker")


@dataclass(frozen=True)
class Job:
    name: str
    trigger: Callable[[Settings], IntervalTrigger]
    run: Callable[[App, datetime], object]  # returns the job's report
    wakes: tuple[str, ...] = ()             # jobs to run at once after this one


def _every(seconds: Callable[[Settings], int]) -> Callable[[Settings], IntervalTrigger]:
    return lambda settings: IntervalTrigger(seconds=seconds(settings), timezone=timezone.utc)


JOBS: tuple[Job, ...] = (
    # the mailbox pass: new mail since the checkpoint (woken at once by IDLE)
    Job("poll", _every(lambda s: s.worker.poll_interval_seconds), poll_once, wakes=("send_outbox",)),
    # the outbox: first attempts and retries that are due
    Job("send_outbox", _every(lambda s: s.outbox.interval_seconds), send_outbox),
    # sessions edited, added or removed in the campaign files: updates, cancellations, invitations
    Job("sessions", _every(lambda s: s.calendar.interval_seconds), session_changes, wakes=("send_outbox",)),
    # reminders due before each session (the session changes first, so they follow the new times)
    Job("remind", _every(lambda s: s.calendar.interval_seconds), remind_job, wakes=("send_outbox",)),
)

Reporter = Callable[[str, object], None]  # (job name, report)


def run_worker(app: App, on_report: Reporter, on_start: Callable[[], None]) -> None:
    scheduler = BlockingScheduler(timezone=timezone.utc, executors={"default": ThreadPoolExecutor(1)})
    # A job woken while it runs is run again right after (below), so APScheduler's notice that
    # it skipped the overlapping run is not news for the operator.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    stop = threading.Event()
    scheduled = {}
    running: set[str] = set()
    woken_while_running: set[str] = set()
    lock = threading.Lock()

    def wake(name: str) -> None:
        with lock:
            if name in running:
                woken_while_running.add(name)
                return
        scheduled[name].modify(next_run_time=datetime.now(timezone.utc))

    def runner(job: Job) -> Callable[[], None]:
        def run_job() -> None:
            with lock:
                running.add(job.name)
            try:
                report = job.run(app, datetime.now(timezone.utc))
            except IntakeError as exc:
                # A server or the database is away: nothing was acknowledged, the next run retries.
                log.error("%s failed: %s", "pass" if job.name == "poll" else job.name, exc, extra={"step": job.name})
                report = None
            finally:
                with lock:
                    running.discard(job.name)
                    again = job.name in woken_while_running
                    woken_while_running.discard(job.name)
            if again:
                wake(job.name)
            if report is None:
                return
            on_report(job.name, report)
            for name in job.wakes:
                wake(name)
        return run_job

    for job in JOBS:
        scheduled[job.name] = scheduler.add_job(
            runner(job), job.trigger(app.settings), id=job.name, next_run_time=datetime.now(timezone.utc),
            max_instances=1, coalesce=True, misfire_grace_time=None)

    def shut_down(*_: object) -> None:
        stop.set()
        scheduler.shutdown(wait=False)

    if app.settings.worker.idle:
        threading.Thread(target=watch_folder, args=(app.settings.imap, lambda: wake("poll"), stop),
                         name="imap-idle", daemon=True).start()
    signal.signal(signal.SIGTERM, shut_down)
    on_start()
    try:
        scheduler.start()
    finally:
        stop.set()
