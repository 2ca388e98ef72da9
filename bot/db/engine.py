"""Engine creation, the schema check every command makes, and schema upgrades (Alembic, run
programmatically). Database faults are worded here for the operator (bot/db/faults.py).

The check every command makes costs one query and no Alembic: the stored revision is read
from ``alembic_version`` directly, and the newest is read from the migration files' own
``revision``/``down_revision`` lines (Alembic's import and script scan cost more than an idle
``intake poll --once`` should take). Alembic itself is imported only to upgrade.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.faults import database_fault, shown_url
from bot.db.revision import MIGRATIONS, VERSION_TABLE, SchemaNeed, head_from_files
from bot.errors import StorageError, os_reason

if TYPE_CHECKING:
    from alembic.config import Config



def make_engine(url: str) -> Engine:
    """An engine for ``url`` (no connection yet); for SQLite, foreign keys and WAL are on."""
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StorageError("the database URL {url} cannot be used: {reason}", url=shown_url(url),
                           reason=str(exc)) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def ensure_schema(engine: Engine, need: SchemaNeed) -> None:
    """Check (and for CREATE, make) the schema a command needs. Raises StorageError."""
    if need is SchemaNeed.NONE:
        return
    sqlite_file = _sqlite_file(engine)
    if sqlite_file is not None:
        if need is SchemaNeed.REQUIRE and not sqlite_file.is_file():
            raise StorageError("the SQLite file {path} does not exist: run `intake db upgrade` to create it, "
                               "or correct the database URL", path=sqlite_file)
        _make_parent(sqlite_file)
    current, head = current_revision(engine), head_revision()
    if current is None and need is SchemaNeed.CREATE:
        _create(engine)
    elif current is None:
        raise StorageError("the database {url} has no intake-bot tables: run `intake db upgrade`, "
                           "or correct the database URL", url=shown_url(engine.url))
    elif current != head:
        raise StorageError("the database is at an older revision ({current}) than the program ({head}): "
                           "run `intake db upgrade`", current=current, head=head)


def _create(engine: Engine) -> None:
    """The tables of an empty database. Two processes started at once on it both want them:
    one makes them under a lock (a lock file beside the SQLite file, an advisory lock on
    PostgreSQL), the other waits and then finds them made."""
    with _schema_lock(engine):
        if current_revision(engine) is None:
            upgrade(engine)


SCHEMA_LOCK_KEY = 0x1A7A4E  # pg_advisory_lock key of schema creation


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    sqlite_file = _sqlite_file(engine)
    if sqlite_file is not None:
        try:
            lock = open(sqlite_file.with_name(sqlite_file.name + ".schema-lock"), "a")
        except OSError as exc:
            raise StorageError("the SQLite file cannot be opened or created (check the path and that the "
                               "directory is writable)") from exc
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
    elif engine.dialect.name == "postgresql":
        try:
            connection = engine.connect()
            connection.begin()
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
        except SQLAlchemyError as exc:
            raise database_fault(exc, engine.url) from exc
        with connection:  # the lock lasts as long as this transaction, which closing rolls back
            yield
    else:
        yield


def upgrade(engine: Engine) -> str:
    """Bring the schema to the newest revision; returns that revision."""
    sqlite_file = _sqlite_file(engine)
    if sqlite_file is not None:
        _make_parent(sqlite_file)
    from alembic import command

    try:
        command.upgrade(_alembic_config(engine), "head")
        return current_revision(engine) or ""
    except SQLAlchemyError as exc:
        raise database_fault(exc, engine.url) from exc


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database, None when it has no intake-bot tables: one
    query; only when it fails is the version table looked for (its absence is the answer)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    except SQLAlchemyError as exc:
        try:
            with engine.connect() as connection:
                missing = not inspect(connection).has_table(VERSION_TABLE)
        except SQLAlchemyError:
            missing = False
        if missing:
            return None
        raise database_fault(exc, engine.url) from exc
    return ",".join(sorted(rows)) or None


def head_revision() -> str:
    """The newest revision of the migrations here: the one no other revision follows."""
    head = head_from_files()
    if head is not None:
        return head
    from alembic.script import ScriptDirectory  # branches, or lines this reading does not know

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head() or ""


def _alembic_config(engine: Engine | None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError("cannot create the directory of the SQLite file {path}: {reason}", path=path,
                           reason=os_reason(exc)) from exc
