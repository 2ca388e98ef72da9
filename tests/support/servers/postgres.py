"""A throwaway PostgreSQL database per test on the server named by INTAKE_TEST_POSTGRES_URL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ENV_VAR = "INTAKE_TEST_POSTGRES_URL"


def server_url() -> str:
    """The PostgreSQL server the tests use; its absence fails under CI=true, else skips."""
    import os

    from tests.support.servers import unavailable

    return os.environ.get(ENV_VAR, "").strip() or unavailable(f"{ENV_VAR} is not set")


@contextmanager
def temporary_database(server_url: str) -> Iterator[str]:
    """Create ``intake_test_<random>``, yield its SQLAlchemy URL, then drop it.

    ``server_url`` is any database on the server the role may connect to, e.g.
    ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``; the role needs CREATEDB.
    """
    url = make_url(server_url)
    name = f"intake_test_{secrets.token_hex(6)}"
    # CREATE/DROP DATABASE cannot run inside a transaction; NullPool leaves no idle
    # connection behind to block the DROP.
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                # A test may leave a pooled connection open; it must not keep the
                # database alive.
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()
