"""One process at a time on a mailbox: a lease row (worker_lease) per mailbox, on SQLite and
PostgreSQL alike.

A process takes the lease before a job that reads the mailbox or writes what a pass writes
(the pass, the session changes, reminders, the digest, retention), renews it from a
heartbeat thread while the job runs, and lets it go when the job ends. Taking it is a
compare-and-set on the row as read (holder *and* expiry), so of two processes racing for a
free lease exactly one wins, and a holder that renews late is never robbed by one that saw
its old expiry. A holder that dies leaves the row behind: it is free once ``expires_at`` has
passed, or at once when the holder ran on this machine and is gone (bot/db/holder.py).

The clock is the wall clock of each process (never a job's ``--now``): replicas on several
machines need their clocks in step to within a small part of worker.lease_seconds (NTP).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.faults import database_fault
from bot.db.holder import gone, this_process
from bot.db.lease_name import mailbox_lease_name
from bot.db.tables import WorkerLease
from bot.errors import MailboxBusy, StorageError

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("intake.lease")


def mailbox_lease(app: App) -> Lease:
    """The lease of the mailbox the settings name, held by this process; with [[accounts]], one
    lease for all of the deployment's mailboxes (one process serves every board, replicas stand by)."""
    names = sorted(mailbox_lease_name(account.imap) for account in app.settings.accounts)
    name = names[0] if len(names) == 1 else (
        "mailboxes:sha256:" + hashlib.sha256("\n".join(names).encode()).hexdigest() if names
        else mailbox_lease_name(app.settings.imap))
    return Lease(app.db_session, name, app.settings.worker.lease_seconds)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Lease:
    sessions: sessionmaker[Session]
    name: str
    seconds: float
    holder: str = field(default_factory=this_process)
    other: str = ""  # the holder seen when taking the lease failed

    def try_acquire(self) -> bool:
        """Take the lease (or renew it, when ours); False when another live holder has it."""
        now = utc_now()
        try:
            with self.sessions() as session, session.begin():
                row = session.get(WorkerLease, self.name)
                if row is None:
                    session.add(WorkerLease(name=self.name, holder=self.holder, acquired_at=now,
                                            expires_at=now + timedelta(seconds=self.seconds)))
                    return True  # the commit raises IntegrityError when another inserted it first
                if row.holder != self.holder and row.expires_at > now and not gone(row.holder):
                    self.other = row.holder
                    return False
                taken = session.execute(
                    update(WorkerLease).where(WorkerLease.name == self.name, WorkerLease.holder == row.holder,
                                              WorkerLease.expires_at == row.expires_at)
                    .values(holder=self.holder, expires_at=now + timedelta(seconds=self.seconds),
                            acquired_at=row.acquired_at if row.holder == self.holder else now)
                    .execution_options(synchronize_session=False)).rowcount
                if taken != 1:
                    self.other = row.holder
                return taken == 1
        except IntegrityError:
            self.other = "?"
            return False
        except (OperationalError, DisconnectionError) as exc:
            raise self._fault(exc) from exc

    def renew(self) -> bool:
        """Push the expiry on; False when the lease is no longer ours."""
        return self._ours_until(utc_now() + timedelta(seconds=self.seconds))

    def release(self) -> None:
        try:
            self._ours_until(utc_now())
        except StorageError as exc:  # it expires on its own
            log.warning("could not let the lease %s go: %s", self.name, exc, extra={"step": "lease"})

    def _ours_until(self, until: datetime) -> bool:
        try:
            with self.sessions() as session, session.begin():
                return session.execute(
                    update(WorkerLease).where(WorkerLease.name == self.name, WorkerLease.holder == self.holder)
                    .values(expires_at=until).execution_options(synchronize_session=False)).rowcount == 1
        except (OperationalError, DisconnectionError) as exc:
            raise self._fault(exc) from exc

    def _fault(self, exc: OperationalError | DisconnectionError) -> StorageError:
        """The database's fault in the words bot/db/faults.py has for it (read-only, away, ...)."""
        bind = self.sessions.kw.get("bind")
        return database_fault(exc, bind.url if bind is not None else "?")


@contextmanager
def held(lease: Lease) -> Iterator[threading.Event]:
    """Inside: the lease is ours, renewed every third of its length; the event is set if it
    was lost meanwhile (the database away for longer than the lease, or a clock far off)."""
    lost, stop = threading.Event(), threading.Event()

    def heartbeat() -> None:
        while not stop.wait(lease.seconds / 3):
            try:
                if lease.renew():
                    continue
                log.error("the lease %s was lost (taken over after expiry)", lease.name, extra={"step": "lease"})
            except StorageError as exc:
                log.warning("could not renew the lease %s: %s", lease.name, exc, extra={"step": "lease"})
                continue
            lost.set()
            return

    beat = threading.Thread(target=heartbeat, name="lease-heartbeat", daemon=True)
    beat.start()
    try:
        yield lost
    finally:
        stop.set()
        beat.join()
        lease.release()


def wait_for(lease: Lease, seconds: float) -> bool:
    """Try to take the lease for up to ``seconds`` (twice a second); True once taken."""
    deadline = time.monotonic() + seconds
    while not lease.try_acquire():
        if time.monotonic() >= deadline:
            return False
        time.sleep(min(0.5, max(deadline - time.monotonic(), 0.01)))
    return True


@contextmanager
def holding_mailbox(lease: Lease, wait_seconds: float) -> Iterator[threading.Event]:
    """For the one-shot commands: wait a little for the lease, or say who holds it."""
    if not wait_for(lease, wait_seconds):
        raise MailboxBusy("another process ({holder}) is working on the mailbox; waited {seconds} s, "
                          "try again when it is done", holder=lease.other, seconds=int(wait_seconds))
    with held(lease) as lost:
        yield lost
