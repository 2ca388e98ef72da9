"""Operator mistakes: one line that names the fault and where, in Swedish (English with
INTAKE_LANGUAGE=en), a non-zero exit, never a traceback. One row per class of mistake."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import CAMPAIGNS_DIR, REPO
from tests.support.servers import Mailbox

pytestmark = pytest.mark.slow


def intake(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    base.update({"INTAKE_CAMPAIGNS_DIR": str(CAMPAIGNS_DIR), "INTAKE_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite",
                 "INTAKE_IMAP_HOST": "127.0.0.1", "INTAKE_IMAP_USERNAME": "u", "INTAKE_IMAP_PASSWORD": "p",
                 "INTAKE_SMTP_HOST": "127.0.0.1", "PYTHONPATH": str(REPO)})
    base.update(env)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=tmp_path, env=base, capture_output=True,
                          text=True, timeout=60)


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (DEBUG|INFO|WARNING) run=")


def one_line(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The one line that says what is wrong (log lines of work done before it aside)."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if not LOG_LINE.match(line)]
    assert len(lines) == 1, result.stderr
    return lines[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


DATABASE_FAULTS = [
    ("postgresql+psycopg://postgres@127.0.0.1:{port}/x", "export",
     "databasen postgresql+psycopg://postgres@127.0.0.1:{port}/x: databasservern tog inte emot anslutningen"),
    ("postgresql+psycopg://postgres:hemligt@127.0.0.1:5432/finns_inte", "export",
     "databasen postgresql+psycopg://postgres:***@127.0.0.1:5432/finns_inte: databasen finns_inte finns inte på servern"),
    ("postgresql+psycopg://ingen:pw@127.0.0.1:5432/postgres", "review",
     "databasen postgresql+psycopg://ingen:***@127.0.0.1:5432/postgres: databasanvändaren ingen finns inte"),
    ("postgresql+psycopg://postgres@host.invalid/x", "export", "databasserverns värdnamn hittades inte"),
    ("sqlite:////proc/intake-test/intake.db", "db upgrade",
     "kan inte skapa katalogen för SQLite-filen /proc/intake-test/intake.db: filen eller katalogen finns inte"),
    ("sqlite:///{tmp}/a-file/intake.db", "db upgrade",
     "kan inte skapa katalogen för SQLite-filen {tmp}/a-file/intake.db: en del av sökvägen är en fil, inte en katalog"),
    ("sqlite:///{tmp}/missing.db", "export", "SQLite-filen {tmp}/missing.db finns inte: kör `intake db upgrade`"),
    ("sqlite:///{tmp}/empty.db", "review", "databasen sqlite:///{tmp}/empty.db har inga tabeller för intake-bot"),
    ("mysql://x@y/z", "export", "databasadressen mysql://x@y/z går inte att använda"),
    ("sqlite:///{tmp}/a-file", "export", "databasen sqlite:///{tmp}/a-file: filen är ingen SQLite-databas"),
    ("sqlite:///{tmp}/a-file", "poll --once", "databasen sqlite:///{tmp}/a-file: filen är ingen SQLite-databas"),
]


@pytest.mark.parametrize("url, command, wants", DATABASE_FAULTS)
def test_database_faults(tmp_path: Path, url: str, command: str, wants: str) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    sqlite3.connect(tmp_path / "empty.db").close()
    port = free_port()
    url, wants = (s.format(port=port, tmp=tmp_path) for s in (url, wants))
    line = one_line(intake(tmp_path, *command.split(), INTAKE_DATABASE_URL=url), 1)
    assert line.startswith("intake: fel: ") and wants in line
    assert "hemligt" not in line
    assert not (tmp_path / "missing.db").exists()  # a read command creates nothing


def test_a_read_command_on_a_missing_sqlite_file_says_so_in_english(tmp_path: Path) -> None:
    line = one_line(intake(tmp_path, "export", INTAKE_LANGUAGE="en"), 1)
    assert line == (f"intake: error: the SQLite file {tmp_path}/db.sqlite does not exist: run `intake db upgrade` "
                    "to create it, or correct the database URL")


@pytest.mark.parametrize("env, wants", [
    ({"INTAKE_IMAP_PORT": "{port}"}, "anslutningen nekades (är servern igång och stämmer porten?)"),
    ({"INTAKE_IMAP_HOST": "mail.host.invalid"}, "värdnamnet hittades inte"),
    ({"INTAKE_IMAP_SSL": "true", "INTAKE_IMAP_PORT": "{imap_port}"}, "TLS misslyckades"),
    ({"INTAKE_IMAP_STARTTLS": "true", "INTAKE_IMAP_PORT": "{imap_port}"}, "STARTTLS"),
    ({"INTAKE_IMAP_PORT": "{imap_port}", "INTAKE_IMAP_USERNAME": "{user}", "INTAKE_IMAP_PASSWORD": "fel"},
     "inloggningen nekades ([AUTHENTICATIONFAILED] Authentication failed.)"),
])
def test_imap_faults_are_worded_by_kind(tmp_path: Path, mailbox: Mailbox, env: dict[str, str], wants: str) -> None:
    values = {"port": free_port(), "imap_port": mailbox.port, "user": mailbox.username}
    line = one_line(intake(tmp_path, "poll", "--once", **{k: v.format(**values) for k, v in env.items()}), 1)
    assert line.startswith("intake: fel: kan inte logga in på IMAP ") and wants in line, line
    assert "b'" not in line and 'b"' not in line


@pytest.mark.parametrize("settings, env, args, code, wants", [
    ('[mailbox]\naction = "flag"\n', {"INTAKE_MAILBOX_ACTION": "delete"}, ("poll", "--once"), 2,
     "intake: fel: miljövariabeln INTAKE_MAILBOX_ACTION: måste vara en av none, flag, move, inte 'delete'"),
    ("", {"INTAKE_IMAP_PORT": "abc"}, ("export",), 2,
     "intake: fel: miljövariabeln INTAKE_IMAP_PORT: måste vara ett portnummer (1–65535), inte 'abc'"),
    ("[worker]\npoll_interval_seconds = 0\n", {}, ("run",), 2,
     "intake: fel: {config}: worker.poll_interval_seconds: måste vara minst 1, inte 0"),
    ("[outbox]\nbackoff_seconds = -1\n", {}, ("export",), 2,
     "intake: fel: {config}: outbox.backoff_seconds: måste vara minst 1, inte -1"),
    ("", {}, ("review", "--days", "-5"), 2,
     "intake review: fel: argumentet --days: måste vara ett heltal, minst 1, inte '-5'"),
    ("", {}, ("poll", "--once", "--now", "i morgon"), 2,
     "intake poll: fel: argumentet --now: inte en tidpunkt som 2025-05-01T09:00: 'i morgon'"),
    ("", {}, ("exportera",), 2, "intake: fel: argumentet COMMAND: ogiltigt val: 'exportera'"),
])
def test_settings_and_arguments_name_their_real_source(tmp_path: Path, settings: str, env: dict[str, str],
                                                       args: tuple[str, ...], code: int, wants: str) -> None:
    config = tmp_path / "intake.toml"
    config.write_text(settings, encoding="utf-8")
    result = intake(tmp_path, "--config", str(config), *args, **env)
    assert result.returncode == code
    assert "Traceback" not in result.stderr
    assert wants.format(config=config) in result.stderr.strip().splitlines()[-1]


def test_help_is_swedish_throughout(tmp_path: Path) -> None:
    out = intake(tmp_path, "--help").stdout
    assert out.startswith("användning: intake")
    assert "flaggor:" in out and "visa den här hjälpen och avsluta" in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out
    english = intake(tmp_path, "--help", INTAKE_LANGUAGE="en").stdout
    assert english.startswith("usage: intake") and "show this help message and exit" in english
