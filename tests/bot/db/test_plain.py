"""bot/db/plain.py against what the engine writes: the quick look reads the same rows and
compares times as SQLAlchemy stores them, on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from bot.db.engine import make_engine, upgrade
from bot.db.plain import open_plain
from bot.db.tables import WorkerLease

AT = datetime(2025, 6, 2, 7, 0, 0, 123456, tzinfo=timezone.utc)


def test_times_compare_as_the_engine_stored_them(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with engine.begin() as db:
            db.execute(insert(WorkerLease).values(name="m", holder="h", acquired_at=AT, expires_at=AT))
    finally:
        engine.dispose()
    plain = open_plain(database_url)
    assert plain is not None
    try:
        query = "SELECT name FROM worker_lease WHERE expires_at > ?"
        assert plain.one(query, plain.stamp(AT - timedelta(microseconds=1))) == ("m",)
        assert plain.one(query, plain.stamp(AT)) is None
        stockholm = AT.astimezone(timezone(timedelta(hours=2)))  # the same moment in another offset
        assert plain.one("SELECT name FROM worker_lease WHERE expires_at = ?", plain.stamp(stockholm)) == ("m",)
    finally:
        plain.close()


@pytest.mark.parametrize("url", [
    "sqlite://", "sqlite:///:memory:", "sqlite:///x.db?mode=ro", "postgresql+psycopg2://u@h/db",
    "mysql://u@h/db", "sqlite:////no/such/dir/intake.db",
])
def test_urls_it_does_not_read_as_the_engine_does_get_no_plain_connection(url: str) -> None:
    assert open_plain(url) is None
