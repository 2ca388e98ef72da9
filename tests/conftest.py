"""Shared fixtures. Real servers only: no IMAP, SMTP or database mocks.

Mail servers
    imap_server    (session)  the IMAP server kind for this run, ``.kind`` "dovecot" or
                              "pymap". Dovecot when installed; pymap otherwise, except under
                              CI=true, where a missing Dovecot fails the run.
                              INTAKE_TEST_IMAP_SERVER=dovecot|pymap forces one.
    mailbox        (function) a fresh account with an empty INBOX on imap_server
                              (tests.support.servers.Mailbox): host, port, username, password,
                              folder, append(), client(), env(), snapshot(),
                              flags_by_message_id(), folders_by_message_id().
                              pymap does not store custom keywords such as $Processed.
    smtp_server    (function) a recording SMTP server (bot.demo.imap.EmbeddedSmtp):
                              messages, wait_for(), fail_next().
    imap_server_without_move
                   (session)  a second Dovecot whose capabilities lack MOVE and UIDPLUS
                              (skipped where the IMAP server is pymap); new_mailbox() as above.

Database
    database_url   (function) a SQLAlchemy URL to an empty database, run once per backend:
                              ids "sqlite" and "postgres". The postgres run needs
                              INTAKE_TEST_POSTGRES_URL (a URL to any database on the server);
                              unset, it is skipped, except under CI=true, where it fails.

Data
    samples_dir               bot/demo/samples: the worked example messages.
    campaigns     (session)   the shipped campaigns by key (config/campaigns)
    vg_campaign   (session)   Jämställt Västra Götaland 2024–2027
    vm_campaign   (session)   Ett jämställt Västmanland 2024–2027

Other
    icaljs        (session)   node with Mozilla's ical.js (tests.support.icaljs)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.demo.imap import EmbeddedSmtp
from parsers.model import Campaign
from tests.support.paths import SAMPLES
from tests.support.campaigns import VG_KEY, VM_KEY, shipped
from tests.support.servers import ImapServer, Mailbox, PymapServer, running_in_ci
from tests.support.servers.dovecot import WITHOUT_MOVE_AND_UIDPLUS, DovecotServer, find_program
from tests.support.servers.postgres import server_url as postgres_server_url
from tests.support.servers.postgres import temporary_database

# --- mail servers -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def imap_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ImapServer]:
    """Dovecot for the whole session (fresh users per test), or pymap without it."""
    kind = os.environ.get("INTAKE_TEST_IMAP_SERVER", "").strip().lower() or "auto"
    if kind == "auto":
        if find_program("dovecot"):
            kind = "dovecot"
        elif running_in_ci():
            pytest.fail(
                "CI=true but Dovecot is not installed; the tests must run against it "
                "(apt-get install dovecot-imapd, or INTAKE_TEST_IMAP_SERVER=pymap to opt out)",
                pytrace=False,
            )
        else:
            kind = "pymap"
    server: ImapServer
    if kind == "dovecot":
        # Logs outlive the session in pytest's temp dir (pytest-of-USER/pytest-N/dovecot0).
        server = DovecotServer.start(log_dir=tmp_path_factory.mktemp("dovecot"))
    elif kind == "pymap":
        server = PymapServer()
    else:
        pytest.fail(f"INTAKE_TEST_IMAP_SERVER must be dovecot or pymap, not {kind!r}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def imap_server_without_move(imap_server: ImapServer,
                             tmp_path_factory: pytest.TempPathFactory) -> Iterator[DovecotServer]:
    """Dovecot told to hide MOVE and UIDPLUS (its imap_capability setting), for mailbox actions."""
    if imap_server.kind != "dovecot":
        pytest.skip("the capability list is set in Dovecot's own configuration")
    server = DovecotServer.start(log_dir=tmp_path_factory.mktemp("dovecot-no-move"),
                                 extra_config=WITHOUT_MOVE_AND_UIDPLUS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox(imap_server: ImapServer, tmp_path: Path) -> Iterator[Mailbox]:
    """A fresh, empty account on imap_server."""
    with imap_server.new_mailbox(log_dir=tmp_path) as credentials:
        yield Mailbox(credentials)


@pytest.fixture
def smtp_server() -> Iterator[EmbeddedSmtp]:
    """A recording SMTP server on 127.0.0.1, without AUTH."""
    with EmbeddedSmtp() as server:
        yield server


# --- database ---------------------------------------------------------------------------


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: SQLite in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/intake.db"
        return
    with temporary_database(postgres_server_url()) as url:
        yield url


# --- data -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The worked example messages (.eml) and their expected outcomes (expected.json)."""
    return SAMPLES


@pytest.fixture(scope="session")
def campaigns() -> dict[str, Campaign]:
    return shipped()


@pytest.fixture(scope="session")
def vg_campaign() -> Campaign:
    return shipped()[VG_KEY]


@pytest.fixture(scope="session")
def vm_campaign() -> Campaign:
    return shipped()[VM_KEY]


@pytest.fixture(scope="session")
def icaljs() -> str:
    """Node with Mozilla's ical.js installed (tests.support.icaljs): pass to read_with_icaljs."""
    from tests.support.icaljs import ensure_icaljs

    return ensure_icaljs()
