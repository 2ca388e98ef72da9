"""The copy of each sent message in the mailbox's Sent folder, on Dovecot and aiosmtpd."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.db.engine import SchemaNeed, ensure_schema
from bot.db.tables import OutboxMessage, SentCopyState
from bot.outbox.send import send_outbox
from bot.settings import ImapSettings, OutboxSettings, Settings, SmtpSettings
from tests.bot.outbox.test_send import NOW, add_row
from tests.support.paths import CAMPAIGNS_DIR
from tests.support.servers import Mailbox


@pytest.fixture
def make_app(mailbox: Mailbox, smtp_server, database_url: str):
    made = []

    def make(sent_folder: str):
        app = app_for(mailbox, smtp_server, database_url, sent_folder)
        made.append(app)
        return app

    yield make
    for app in made:
        app.engine.dispose()


def app_for(mailbox: Mailbox, smtp_server, database_url: str, sent_folder: str):
    settings = replace(Settings(), database_url=database_url, campaigns_dir=CAMPAIGNS_DIR,
                       imap=ImapSettings(host=mailbox.host, port=mailbox.port, username=mailbox.username,
                                         password=mailbox.password),
                       smtp=SmtpSettings(host=smtp_server.host, port=smtp_server.port),
                       outbox=OutboxSettings(sent_folder=sent_folder))
    app = build_app({}, settings=settings)
    ensure_schema(app.engine, SchemaNeed.CREATE)
    return app


def copies(mailbox: Mailbox, folder: str) -> list[tuple[str | None, frozenset[str]]]:
    return [(m.message_id, m.flags) for m in mailbox.snapshot() if m.folder == folder]


def states(app) -> list[str]:
    with app.db_session() as session:
        return list(session.scalars(select(OutboxMessage.sent_copy).order_by(OutboxMessage.id)))


def test_auto_finds_the_sent_folder_and_copies_once(mailbox: Mailbox, make_app) -> None:
    with mailbox.client() as client:
        client.create_folder("Sent")
    app = make_app("auto")
    with app.db_session() as session:
        add_row(session, "a")
        add_row(session, "b")
    report = send_outbox(app, NOW)
    assert (report.sent, report.copied) == (2, 2)
    assert copies(mailbox, "Sent") == [("<a@lansstyrelsen.se>", frozenset({"\\Seen"})),
                                       ("<b@lansstyrelsen.se>", frozenset({"\\Seen"}))]
    with app.db_session() as session:
        rows = {row.message_id: row.raw for row in session.scalars(select(OutboxMessage))}
    with mailbox.client() as client:
        client.select_folder("Sent", readonly=True)
        stored = [data[b"BODY[]"] for _, data in sorted(client.fetch(client.search("ALL"), ["BODY.PEEK[]"]).items())]
    assert [body.replace(b"\r\n", b"\n") for body in stored] == \
        [rows[f"<{key}@lansstyrelsen.se>"].replace(b"\r\n", b"\n") for key in "ab"]  # the bytes that were sent
    assert states(app) == [SentCopyState.DONE, SentCopyState.DONE]
    # A crash after APPEND but before the commit leaves the row pending: no second copy.
    with app.db_session() as session, session.begin():
        for row in session.scalars(select(OutboxMessage)):
            row.sent_copy = SentCopyState.PENDING
    assert send_outbox(app, NOW).copied == 0
    assert len(copies(mailbox, "Sent")) == 2
    assert states(app) == [SentCopyState.DONE, SentCopyState.DONE]


def test_a_named_folder_is_used(mailbox: Mailbox, make_app) -> None:
    with mailbox.client() as client:
        client.create_folder("Skickade objekt")
    app = make_app("Skickade objekt")
    with app.db_session() as session:
        add_row(session, "a")
    assert send_outbox(app, NOW).copied == 1
    assert copies(mailbox, "Skickade objekt") == [("<a@lansstyrelsen.se>", frozenset({"\\Seen"}))]


def test_without_a_sent_folder_the_copy_is_given_up_once(mailbox: Mailbox, make_app,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    app = make_app("auto")
    with app.db_session() as session:
        add_row(session, "a")
    with caplog.at_level(logging.WARNING, logger="intake"):
        report = send_outbox(app, NOW)
        again = send_outbox(app, NOW)
    assert (report.sent, report.copied, again.sent) == (1, 0, 0)
    assert states(app) == [SentCopyState.FAILED]
    assert [r.getMessage() for r in caplog.records] == [
        "1 sent messages have no copy: the mailbox has no Sent folder (outbox.sent_folder = 'auto')"]
    assert all(m.folder == "INBOX" for m in mailbox.snapshot())


def test_no_copy_when_switched_off(mailbox: Mailbox, make_app) -> None:
    with mailbox.client() as client:
        client.create_folder("Sent")
    app = make_app("")
    with app.db_session() as session:
        add_row(session, "a")
    assert send_outbox(app, NOW).copied == 0
    assert states(app) == [SentCopyState.NONE]
    assert copies(mailbox, "Sent") == []
