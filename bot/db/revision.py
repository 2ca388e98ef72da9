"""What a command needs of the schema, and the newest schema revision, read from the
migration files' own ``revision`` and ``down_revision`` lines: importing Alembic (or
SQLAlchemy) to ask costs more than an idle command may take."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.*)$", re.M)
_QUOTED = re.compile(r"""['"]([^'"]+)['"]""")


class SchemaNeed(StrEnum):
    """What a command needs of the database before it runs."""

    CREATE = "create"    # an empty database gets the tables (poll, run); an older schema is an error
    REQUIRE = "require"  # the tables must be there already (read commands): a mistyped URL must not
                         # look like "nothing registered"
    NONE = "none"        # the command sees to the schema itself (db upgrade, demo)


def head_from_files() -> str | None:
    """The one revision no other follows; None when there are branches or no such lines
    (then only Alembic can say: bot.db.engine.head_revision)."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            found = set(_QUOTED.findall(value))
            (revisions if name == "revision" else followed).update(found)
    heads = revisions - followed
    return heads.pop() if len(heads) == 1 else None
