"""Database faults worded for the operator: what is wrong and where (the URL without its
password), and what to do, instead of a driver's traceback."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.errors import Phrase, StorageError

# (pattern in the driver's message, what it means); the first that matches wins.
_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r'database "(?P<name>[^"]+)" does not exist'),
     "the database {name} does not exist on the server (create it, or correct the URL)"),
    (re.compile(r'role "(?P<name>[^"]+)" does not exist'), "the database user {name} does not exist"),
    (re.compile(r"password authentication failed for user \"(?P<name>[^\"]+)\""),
     "the database refused the password of {name}"),
    (re.compile(r"Connection refused|could not connect|connection refused", re.I),
     "the database server refused the connection (is it running, and are host and port right?)"),
    (re.compile(r"could not translate host name|Name or service not known|nodename nor servname", re.I),
     "the database server's host name was not found"),
    (re.compile(r"timeout expired|timed out", re.I), "the database server did not answer in time"),
    (re.compile(r"unable to open database file"), "the SQLite file cannot be opened or created (check the path "
                                                  "and that the directory is writable)"),
    (re.compile(r"readonly database|read-only", re.I), "the database is read-only (check the file's permissions)"),
    (re.compile(r"database or disk is full|No space left", re.I), "the disk is full"),
    (re.compile(r"file is not a database"),
     "the file is not an SQLite database (correct the database URL, or move the file out of the way)"),
    (re.compile(r"database disk image is malformed"),
     "the SQLite file is damaged (restore it from a backup: docs/operator-guide.md)"),
    (re.compile(r"no such table|relation \"[^\"]+\" does not exist", re.I),
     "the database has no intake-bot tables: run `intake db upgrade`"),
)


def shown_url(url: str | URL) -> str:
    """``url`` as it may be printed: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True) if isinstance(url, str) else \
            url.render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", str(url))


def database_fault(exc: SQLAlchemyError, url: str | URL) -> StorageError:
    """A StorageError that says in one line what ``exc`` means for the database at ``url``."""
    message = " ".join(str(getattr(exc, "orig", None) or exc).split())
    for pattern, meaning in _KINDS:
        found = pattern.search(message)
        if found:
            return StorageError("database {url}: {fault}", url=shown_url(url),
                                fault=Phrase(meaning, found.groupdict()))
    return StorageError("database {url}: {fault}", url=shown_url(url), fault=message[:300])
