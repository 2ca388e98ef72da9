"""`intake run`: one scheduler running the JOBS table until SIGTERM or SIGINT.

Every job is ``(app, now) -> report`` and works out what is due from the database and the
campaign files, so a restart loses nothing and repeats nothing; the scheduler only decides
when to look. Jobs run one at a time, in one thread (the pass and the calendar jobs both bring
the stored sessions in line with the campaign files); a run that overruns its slot is not
queued up behind itself. Every run's success or failure is recorded (bot/db/job_runs.py) for
`intake status`. Beside the scheduler, the IDLE watcher (bot/mail/idle.py) wakes the mailbox
pass as soon as the server announces new mail; a job that queued mail wakes the outbox.

Two processes may share the database and the mailbox (a second worker as a replica, an
`intake poll --once` by hand): every job but the outbox runs only while this process holds
the mailbox's lease (bot/db/lease.py). The first worker to take it keeps it, renewed from a
heartbeat thread, until it stops; another worker stands by and tries again at each job's
slot, so it takes over within about worker.lease_seconds of the holder's death (at the next
slot when the holder ran on the same machine), and at its next slot after a clean stop; having
taken over, it runs every leased job at once rather than at each one's slot. The outbox job
needs no lease: each row is claimed before it is sent (bot/outbox/claim.py).

A signal only sets the stop event: the main thread then stops the scheduler, which lets the
job in hand finish (the message being processed is committed or rolled back whole), and the
command exits 0.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import App
from bot.backoff import Backoff, report_failure, report_success
from bot.calendar.changes import session_changes
from bot.calendar.reminders import remind_job
from bot.db.job_runs import run_recorded
from bot.db.lease import Lease, mailbox_lease
from bot.db.purge import purge_job
from bot.accounts import account_views
from bot.errors import IntakeError, LoginRefused, MailboxError, StorageError
from bot.health import WorkerState
from bot.health import serve as serve_health
from bot.inbound.every_account import poll_every_account
from bot.mail.idle import Watcher
from bot.outbox.send import SendReport, send_outbox
from bot.settings import Settings
from bot.staff.digest import send_digests

log = logging.getLogger("intake.worker")


@dataclass(frozen=True)
class Job:
    name: str
    every: Callable[[Settings], int]        # seconds between runs (and the first wait after a failure)
    run: Callable[[App, datetime], object]  # returns the job's report
    wakes: tuple[str, ...] = ()             # jobs to run at once after this one
    when: Callable[[Settings], bool] = lambda settings: True  # scheduled at all with these settings
    leased: bool = True                     # runs only while this process holds the mailbox's lease


JOBS: tuple[Job, ...] = (
    # the mailbox pass: new mail since the checkpoint (woken at once by IDLE)
    Job("poll", lambda s: s.worker.poll_interval_seconds, poll_every_account, wakes=("send_outbox",)),
    # the outbox: first attempts and retries that are due, then copies to the Sent folder
    Job("send_outbox", lambda s: s.outbox.interval_seconds, send_outbox, leased=False),
    # sessions edited, added or removed in the campaign files: updates, cancellations, invitations
    Job("sessions", lambda s: s.calendar.interval_seconds, session_changes, wakes=("send_outbox",)),
    # reminders due before each session (the session changes first, so they follow the new times)
    Job("remind", lambda s: s.calendar.interval_seconds, remind_job, wakes=("send_outbox",)),
    # the staff digest: each campaign's schedule decides; one per period (digest_run, dedupe key)
    Job("digest", lambda s: 60, send_digests, wakes=("send_outbox",)),
    # retention: raw copies of settled mail older than [retention] days (only when that is set)
    Job("purge", lambda s: 3600, purge_job, when=lambda s: s.retention.days > 0),
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


class _Standby:
    """The mailbox's lease as this worker holds it: taken at a leased job's slot, then kept
    (renewed by ``beat`` in a thread) until the worker stops or loses it; each change is one
    log line, not one per job."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        self.holding = False
        self.waiting: str | None = None  # the other holder, while this worker stands by
        self.renew_failing = False

    def take(self) -> bool:
        if self.lease.try_acquire():
            if self.waiting is not None:
                log.info("took over the mailbox (it was held by %s)", self.waiting, extra={"step": "lease"})
                self.waiting = None
            self.holding = True
            return True
        if self.holding:  # ours until now: another took it after it expired (this process was frozen)
            self.holding = False
            log.error("the mailbox's lease was lost (taken over after it expired)", extra={"step": "lease"})
        if self.waiting != self.lease.other:
            log.info("another process (%s) holds the mailbox: standing by", self.lease.other,
                     extra={"step": "lease"})
            self.waiting = self.lease.other
        return False

    def beat(self, stop: threading.Event) -> None:
        while not stop.wait(self.lease.seconds / 3):
            if not self.holding:
                continue
            try:
                kept = self.lease.renew()
            except StorageError as exc:
                if not self.renew_failing:
                    log.warning("cannot renew the mailbox's lease: %s", exc, extra={"step": "lease"})
                self.renew_failing = True
                continue
            self.renew_failing = False
            if not kept:
                self.holding = False
                log.error("the mailbox's lease was lost (taken over after it expired)", extra={"step": "lease"})

    def let_go(self) -> None:
        if self.holding:
            self.lease.release()


def _observe(state: WorkerState, job: str, report: object, seconds: float) -> None:
    """What the health endpoint reads of a job that ran (bot/health.py)."""
    if job == "poll":
        state.pass_done(seconds)
        state.login("imap", "")
    if isinstance(report, SendReport) and report.login_refused is not None:
        state.login("smtp", report.login_refused)


def run_worker(app: App, on_report: Reporter, on_start: Callable[[], None],
               state: WorkerState | None = None) -> None:
    """Run the jobs until a SIGTERM or SIGINT; the job in hand finishes first."""
    state = state or WorkerState()
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

    standby = _Standby(mailbox_lease(app))
    heartbeat = threading.Thread(target=standby.beat, args=(stop,), name="lease-heartbeat", daemon=True)

    def runner(job: Job) -> Callable[[], None]:
        def run_once() -> None:
            retry = retries[job.name]
            if stop.is_set() or not retry.due():  # after a failure: its backoff, not its slot (nor IDLE)
                return
            what = "pass" if job.name == "poll" else job.name
            try:
                standing_by = standby.waiting is not None
                held = standby.take() if job.leased else standby.holding
                state.holds_mailbox = held
                if job.leased and not held:
                    return
                if job.leased and standing_by:  # took over: what is due now, not at each job's slot
                    for other in (j.name for j in JOBS if j.leased and j.name in scheduled and j.name != job.name):
                        wake(other)
                started = time.monotonic()
                report = run_recorded(app, job.name, job.run, datetime.now(timezone.utc))
            except IntakeError as exc:
                # A server or the database is away: nothing was acknowledged, a later run retries.
                if job.name == "poll" and isinstance(exc, MailboxError):  # refused, or logged in and failed later
                    state.login("imap", str(exc) if isinstance(exc, LoginRefused) else "")
                report_failure(log, what, retry, exc, job.name)
                return
            report_success(log, what, retry, job.name)
            _observe(state, job.name, report, time.monotonic() - started)
            on_report(job.name, report)
            for name in job.wakes:
                wake(name)
        return lambda: wakes.run(job.name, run_once)

    cap = app.settings.worker.backoff_max_seconds
    retries = {job.name: Backoff(job.every(app.settings), max(cap, job.every(app.settings))) for job in JOBS}
    for job in (job for job in JOBS if job.when(app.settings)):
        trigger = IntervalTrigger(seconds=job.every(app.settings), timezone=timezone.utc)
        scheduled[job.name] = scheduler.add_job(
            runner(job), trigger, id=job.name, next_run_time=datetime.now(timezone.utc),
            max_instances=1, coalesce=True, misfire_grace_time=None)

    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    health_server = None
    try:
        health_server = serve_health(app, state)
        heartbeat.start()
        scheduler.start()
        if app.settings.worker.idle:
            for view in account_views(app):  # one watcher per mailbox; any of them wakes the pass
                watcher = Watcher(view.settings.imap, lambda: wake("poll"), stop,
                                  Backoff(max(30, app.settings.worker.poll_interval_seconds), max(cap, 30)),
                                  app.settings.worker.idle_renew_seconds, view.tokens)
                threading.Thread(target=watcher.run, name=f"imap-idle-{view.account or 'inbox'}", daemon=True).start()
        on_start()
        stop.wait()
    finally:
        stop.set()
        scheduler.shutdown(wait=True)
        if heartbeat.is_alive():
            heartbeat.join()
        standby.let_go()  # a replica takes over at its next slot, not after the lease expires
        if health_server is not None:
            health_server.shutdown()
            health_server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
