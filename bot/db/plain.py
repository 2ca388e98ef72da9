"""The database without SQLAlchemy, for the few questions an idle `intake poll --once` asks
(bot/quick_look.py): sqlite3 or psycopg directly, since importing SQLAlchemy alone costs more
than the whole idle pass may take. Only URLs read the same way as the engine reads them are
opened; for any other (another driver, query options on SQLite, a file not made yet) there is
no plain connection and the command takes the ordinary path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")
_POSTGRES_PREFIXES = ("postgresql+psycopg://",)
# SQLAlchemy's own text form of a DateTime on SQLite: the stored values compare as strings.
_SQLITE_STAMP = "%Y-%m-%d %H:%M:%S.%f"


@dataclass
class Plain:
    connection: Any
    dialect: str  # "sqlite" | "postgresql"

    def one(self, sql: str, *params: object) -> tuple | None:
        cursor = self.connection.execute(self._dialected(sql), params)
        return cursor.fetchone()

    def change(self, sql: str, *params: object) -> int:
        """Runs an UPDATE; returns how many rows it changed."""
        return self.connection.execute(self._dialected(sql), params).rowcount

    def stamp(self, at: datetime) -> object:
        """``at`` as a UTCDateTime column holds it (naive UTC; on SQLite, its text form)."""
        naive = at.astimezone(timezone.utc).replace(tzinfo=None)
        return naive.strftime(_SQLITE_STAMP) if self.dialect == "sqlite" else naive

    def commit(self) -> None:
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()

    def _dialected(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql


def open_plain(url: str, timeout_seconds: float = 10) -> Plain | None:
    """A plain connection for ``url``, or None when this module does not read it as the engine does."""
    sqlite_path = _sqlite_path(url)
    if sqlite_path is not None:
        if not sqlite_path.is_file():
            return None  # the ordinary path creates it, with the schema
        import sqlite3

        connection = sqlite3.connect(sqlite_path, timeout=timeout_seconds)
        return Plain(connection, "sqlite")
    if url.startswith(_POSTGRES_PREFIXES):
        import psycopg

        conninfo = "postgresql://" + url.split("://", 1)[1]
        return Plain(psycopg.connect(conninfo, connect_timeout=max(1, int(timeout_seconds))), "postgresql")
    return None


def _sqlite_path(url: str) -> Path | None:
    for prefix in _SQLITE_PREFIXES:
        if url.startswith(prefix):
            database = url[len(prefix):]
            if not database or "?" in database or database == ":memory:":
                return None
            return Path(database)
    return None
