"""Claiming an outbox row before sending it (or copying it to the Sent folder), so that two
processes on one database never both do it.

- PostgreSQL: the row is locked with ``SELECT ... FOR UPDATE SKIP LOCKED`` in the transaction
  that sends it and records the result; another process skips a locked row, and a process
  that dies lets go of its locks with its connection.
- SQLite has no row locks: the row is claimed by a conditional UPDATE (a compare-and-set on
  claimed_by) that writes the holder and an expiry, committed before the work starts; the
  work's result clears the claim. A claim whose holder died is free once it expires, or at
  once when the holder ran on this machine and is gone (bot/db/holder.py).

Either way a claimed row is re-read and its condition checked again, so a row another
process finished meanwhile is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from bot.db.holder import gone, this_process
from bot.db.lease import utc_now
from bot.db.tables import OutboxMessage


def claim_seconds(timeout: float) -> float:
    """How long a claim outlives its holder (SQLite): longer than any one send or copy can take."""
    return 4 * timeout + 30


@contextmanager
def claimed(session: Session, row_id: int, still_due: ColumnElement[bool], hold_seconds: float,
            holder: str | None = None) -> Iterator[OutboxMessage | None]:
    """Inside one transaction: the row, ours alone, if it still meets ``still_due``; else None.
    (``holder`` is this process unless a test names another.)"""
    if session.get_bind().dialect.name == "postgresql":
        with session.begin():
            yield session.scalars(select(OutboxMessage).where(OutboxMessage.id == row_id, still_due)
                                  .with_for_update(skip_locked=True)).first()
        return
    if not _claim(session, row_id, still_due, hold_seconds, holder or this_process()):
        with session.begin():
            yield None
        return
    with session.begin():
        row = session.get(OutboxMessage, row_id, populate_existing=True)
        yield row
        if row is not None:
            row.claimed_by, row.claimed_until = "", None


def _claim(session: Session, row_id: int, still_due: ColumnElement[bool], hold_seconds: float, me: str) -> bool:
    now = utc_now()
    with session.begin():
        current = session.execute(select(OutboxMessage.claimed_by, OutboxMessage.claimed_until)
                                  .where(OutboxMessage.id == row_id)).first()
        if current is None:
            return False
        holder, until = current
        if holder and holder != me and until is not None and until > now and not gone(holder):
            return False
        return session.execute(
            update(OutboxMessage).where(OutboxMessage.id == row_id, still_due, OutboxMessage.claimed_by == holder,
                                        OutboxMessage.claimed_until.is_(None) if until is None
                                        else OutboxMessage.claimed_until == until)
            .values(claimed_by=me, claimed_until=now + timedelta(seconds=hold_seconds))
            .execution_options(synchronize_session=False)).rowcount == 1
