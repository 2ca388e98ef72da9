"""An outbox row is claimed before it is sent (bot/outbox/claim.py): a second process on the
same database skips it, on SQLite (a claim with expiry) and PostgreSQL (a row lock)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.engine import make_engine, upgrade
from bot.db.lease import utc_now
from bot.db.tables import OutboxMessage, OutboxStatus
from bot.outbox.claim import claimed
from tests.bot.outbox.test_send import NOW, add_row

DUE = OutboxMessage.status == OutboxStatus.PENDING
ANOTHER = "other-host:1:4343:beef"  # another process, on another machine


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def test_a_row_in_the_hands_of_one_process_is_skipped_by_another(engine) -> None:
    with Session(engine, expire_on_commit=False) as one, Session(engine, expire_on_commit=False) as other:
        row_id = add_row(one, "claim-1")
        with claimed(one, row_id, DUE, 60) as row:
            assert row is not None
            with claimed(other, row_id, DUE, 60, holder=ANOTHER) as same:
                assert same is None  # being sent by the first
            row.status = OutboxStatus.SENT
        with claimed(other, row_id, DUE, 60, holder=ANOTHER) as same:
            assert same is None  # sent meanwhile: its condition no longer holds


def test_a_claim_whose_holder_died_is_free_again(engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        row_id = add_row(session, "claim-2")
        if engine.dialect.name == "postgresql":
            # The holder's lock lives in its connection: the connection dies, the lock with it.
            holder = engine.connect()
            holder.begin()
            holder.execute(select(OutboxMessage.id).where(OutboxMessage.id == row_id).with_for_update())
            with claimed(session, row_id, DUE, 60) as row:
                assert row is None
            holder.invalidate()
            holder.close()
        else:
            # A claim written by a process elsewhere: free once it expired.
            with session.begin():
                session.execute(update(OutboxMessage).values(claimed_by=ANOTHER,
                                                             claimed_until=utc_now() + timedelta(seconds=60)))
            with claimed(session, row_id, DUE, 60) as row:
                assert row is None
            with session.begin():
                session.execute(update(OutboxMessage).values(claimed_until=utc_now() - timedelta(seconds=1)))
        with claimed(session, row_id, DUE, 60) as row:
            assert row is not None and row.next_attempt_at == NOW
        with session.begin():
            stored = session.get(OutboxMessage, row_id, populate_existing=True)
            assert stored is not None and (stored.claimed_by, stored.claimed_until) == ("", None)  # cleared
