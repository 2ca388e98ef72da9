"""The purity line: parsers/ (bytes to values) and replies/ (values to messages) do no I/O.

Every module under those packages is read with ``ast`` and none may import the running
system (``bot``), a database or a network module. A new module is covered without
being listed here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tests.support.paths import REPO

PURE_PACKAGES = ("parsers", "replies")
FORBIDDEN = ("bot", "sqlalchemy", "alembic", "psycopg", "imapclient", "imaplib", "smtplib", "socket",
             "aiosmtpd", "pymap", "subprocess", "http", "urllib.request")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def pure_modules() -> list[Path]:
    return sorted(p for package in PURE_PACKAGES for p in (REPO / package).rglob("*.py"))


def test_the_pure_packages_have_modules() -> None:
    # Guards the test itself: a wrong path would make every check below pass vacuously.
    assert len(pure_modules()) > 20


@pytest.mark.parametrize("path", pure_modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_pure_module_imports_no_io(path: Path) -> None:
    bad = sorted(m for m in imported_modules(path) if is_forbidden(m))
    assert bad == [], f"{path.relative_to(REPO)} imports {', '.join(bad)}"


def test_the_check_catches_what_it_should(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import socket\nfrom bot.db import tables\nfrom sqlalchemy.orm import Session\n"
                      "import json\nfrom email import policy\n", encoding="utf-8")
    assert sorted(m for m in imported_modules(sample) if is_forbidden(m)) == [
        "bot.db", "socket", "sqlalchemy.orm"]
