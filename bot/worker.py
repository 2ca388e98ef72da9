"""`intake run`: one scheduler running the JOBS table until SIGTERM or SIGINT.

Every job is ``(app, now) -> report`` and works out what is due from the database and the
campaign files, so a restart loses nothing and repeats nothing; the scheduler only decides
when to look. Jobs run one at a time, in one thread (the pass and the calendar jobs both bring
the stored sessions in line with the campaign files); a run that overruns its slot is not
queued up behind itself. Every run's success or failure is recorded (bot/db/job_runs.py) for
`intake status`. Beside the scheduler, the IDLE watcher (bot/mail/idle.py) wakes the mailbox
pass as soon as the server announces new mail; a job that queued mail wakes the outbox.

A signal only sets the stop event: the main thread then stops the scheduler, which lets the
job in hand finish (the message being processed is committed or rolled back whole), and the
command exits 0.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import App
from bot.calendar.changes import session_changes
from bot.calendar.reminders import remind_job
from bot.db.job_runs import run_recorded
from bot.db.purge import purge_job
from bot.errors import IntakeError
from bot.accounts import account_views
from bot.inbound.every_account import poll_every_account
from bot.mail.idle import watch_folder
from bot.outbox.send import send_outbox
from bot.settings import Settings
from bot.staff.digest import send_digests

log = logging.getLogger("intake.worker")


@dataclass(frozen=True)
class Job:
    name: str
    trigger: Callable[[Settings], IntervalTrigger]
    run: Callable[[App, datetime], object]  # returns the job's report
    wakes: tuple[str, ...] = ()             # jobs to run at once after this one
    when: Callable[[Settings], bool] = lambda settings: True  # scheduled at all with these settings


def _every(seconds: Callable[[Settings], int]) -> Callable[[Settings], IntervalTrigger]:
    return lambda settings: IntervalTrigger(seconds=seconds(settings), timezone=timezone.utc)


JOBS: tuple[Job, ...] = (
    # the mailbox pass: new mail since the checkpoint (woken at once by IDLE)
    Job("poll", _every(lambda s: s.worker.poll_interval_seconds), poll_every_account, wakes=("send_outbox",)),
    # the outbox: first attempts and retries that are due, then copies to the Sent folder
    Job("send_outbox", _every(lambda s: s.outbox.interval_seconds), send_outbox),
    # sessions edited, added or removed in the campaign files: updates, cancellations, invitations
    Job("sessions", _every(lambda s: s.calendar.interval_seconds), session_changes, wakes=("send_outbox",)),
    # reminders due before each session (the session changes first, so they follow the new times)
    Job("remind", _every(lambda s: s.calendar.interval_seconds), remind_job, wakes=("send_outbox",)),
    # the staff digest: each campaign's schedule decides; one per period (digest_run, dedupe key)
    Job("digest", _every(lambda s: 60), send_digests, wakes=("send_outbox",)),
    # retention: raw copies of settled mail older than [retention] days (only when that is set)
    Job("purge", _every(lambda s: 3600), purge_job, when=lambda s: s.retention.days > 0),
)

Reporter = Callable[[str, object], None]  # (job name, report)


class _Wakes:
    """Jobs woken early (IDLE wakes the pass, a pass or a digest wakes the outbox): an idle job
    starts at once; a job woken while it runs runs once more right after, not at its next slot."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[str] = set()
        self._again: set[str] = set()

    def wake(self, name: str, start_now: Callable[[], None]) -> None:
        with self._lock:
            if name in self._running:
                self._again.add(name)
                return
        start_now()

    def run(self, name: str, once: Callable[[], None]) -> None:
        with self._lock:
            self._running.add(name)
        try:
            while True:
                once()
                with self._lock:
                    if name not in self._again:
                        return
                    self._again.discard(name)
        finally:
            with self._lock:
                self._running.discard(name)
                self._again.discard(name)


def run_worker(app: App, on_report: Reporter, on_start: Callable[[], None]) -> None:
    """Run the jobs until a SIGTERM or SIGINT; the job in hand finishes first."""
    scheduler = BackgroundScheduler(timezone=timezone.utc, executors={"default": ThreadPoolExecutor(1)})
    # A job woken while it runs runs again right after (_Wakes), so APScheduler's notice that it
    # skipped an overlapping run is not news for the operator.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    stop = threading.Event()
    scheduled = {}
    wakes = _Wakes()

    def wake(name: str) -> None:
        if not stop.is_set():  # after a signal the scheduler is letting its jobs go
            wakes.wake(name, lambda: scheduled[name].modify(next_run_time=datetime.now(timezone.utc)))

    def runner(job: Job) -> Callable[[], None]:
        def run_once() -> None:
            if stop.is_set():
                return
            try:
                report = run_recorded(app, job.name, job.run, datetime.now(timezone.utc))
            except IntakeError as exc:
                # A server or the database is away: nothing was acknowledged, the next run retries.
                log.error("%s failed: %s", "pass" if job.name == "poll" else job.name, exc, extra={"step": job.name})
                return
            on_report(job.name, report)
            for name in job.wakes:
                wake(name)
        return lambda: wakes.run(job.name, run_once)

    for job in (job for job in JOBS if job.when(app.settings)):
        scheduled[job.name] = scheduler.add_job(
            runner(job), job.trigger(app.settings), id=job.name, next_run_time=datetime.now(timezone.utc),
            max_instances=1, coalesce=True, misfire_grace_time=None)

    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        scheduler.start()
        if app.settings.worker.idle:
            for view in account_views(app):  # one watcher per mailbox; any of them wakes the pass
                threading.Thread(target=watch_folder, args=(view.settings.imap, lambda: wake("poll"), stop, view.tokens),
                                 name=f"imap-idle-{view.account or 'inbox'}", daemon=True).start()
        on_start()
        stop.wait()
    finally:
        stop.set()
        scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
