"""The mailbox's lease (bot/db/lease.py) on SQLite and PostgreSQL: one holder at a time, taken
over after expiry (a holder elsewhere) or at once (a holder on this machine that is gone)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.db.engine import make_engine, session_factory, upgrade
from bot.db.holder import gone, this_process
from bot.db.lease import Lease, held, utc_now, wait_for
from bot.db.tables import WorkerLease

NAME = "mailbox:board@127.0.0.1:143/INBOX"


@pytest.fixture
def sessions(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    yield session_factory(engine)
    engine.dispose()


def elsewhere(n: int) -> str:
    """A holder on another machine: only its expiry can free its lease."""
    return f"other-host-{n}:1:4242:cafe{n:04d}"


def test_of_two_processes_one_holds_the_lease(sessions) -> None:
    first, second = Lease(sessions, NAME, 30, holder=elsewhere(1)), Lease(sessions, NAME, 30, holder=elsewhere(2))
    assert first.try_acquire()
    assert not second.try_acquire() and second.other == first.holder
    assert first.try_acquire()  # its own: renewed
    first.release()
    assert second.try_acquire()
    assert not first.renew()  # no longer its own


def test_racing_for_a_free_lease_has_exactly_one_winner(sessions) -> None:
    leases = [Lease(sessions, NAME, 30, holder=elsewhere(n)) for n in range(6)]
    barrier, won = threading.Barrier(len(leases)), []

    def race(lease: Lease) -> None:
        barrier.wait()
        if lease.try_acquire():
            won.append(lease.holder)

    threads = [threading.Thread(target=race, args=(lease,)) for lease in leases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1


def test_a_holder_elsewhere_is_taken_over_only_after_its_lease_expired(sessions) -> None:
    dead = Lease(sessions, NAME, 3, holder=elsewhere(1))
    assert dead.try_acquire()
    replica = Lease(sessions, NAME, 3, holder=elsewhere(2))
    started = time.monotonic()
    assert wait_for(replica, 10)
    waited = time.monotonic() - started
    assert 2 < waited < 5, waited


def test_a_holder_that_renews_late_is_not_robbed_by_one_that_saw_its_old_expiry(sessions) -> None:
    holder = Lease(sessions, NAME, 30, holder=elsewhere(1))
    assert holder.try_acquire()
    with sessions() as session, session.begin():  # as if it had expired...
        session.execute(update(WorkerLease).values(expires_at=utc_now() - timedelta(seconds=1)))
    with sessions() as session, session.begin():
        seen = session.get(WorkerLease, NAME)
        assert seen is not None
        old_expiry = seen.expires_at
    assert holder.renew()  # ...but it renewed before the other's compare-and-set
    with sessions() as session, session.begin():
        taken = session.execute(update(WorkerLease).where(
            WorkerLease.holder == holder.holder, WorkerLease.expires_at == old_expiry).values(holder="thief")).rowcount
    assert taken == 0


def test_a_holder_on_this_machine_that_is_gone_is_taken_over_at_once(sessions) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host, namespace = this_process().split(":")[:2]
    holder = f"{host}:{namespace}:{ended.stdout.strip()}:deadbeef"
    assert gone(holder)
    assert Lease(sessions, NAME, 600, holder=holder).try_acquire()
    assert Lease(sessions, NAME, 600).try_acquire()  # at once, not after 600 s


def test_liveness_is_only_judged_on_this_machine_in_this_pid_namespace() -> None:
    host, namespace, pid = this_process().split(":")[:3]
    assert not gone(this_process())
    assert not gone(f"{host}:{namespace}:{pid}:other")  # this very process, under another token: alive
    assert not gone(f"{host}:9999999:999999:x")  # another PID namespace (a container): cannot tell
    assert not gone(f"not-{socket.gethostname()}:{namespace}:999999:x")  # another machine: cannot tell


def test_a_held_lease_is_renewed_while_the_work_goes_on(sessions) -> None:
    lease = Lease(sessions, NAME, 3, holder=elsewhere(1))
    assert lease.try_acquire()
    with held(lease) as lost:
        time.sleep(4.5)  # longer than the lease
        assert not Lease(sessions, NAME, 3, holder=elsewhere(2)).try_acquire()
        assert not lost.is_set()
    assert Lease(sessions, NAME, 3, holder=elsewhere(2)).try_acquire()  # let go at the end
