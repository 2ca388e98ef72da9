"""Values from outside, clamped before they reach the database, stored on SQLite and
PostgreSQL alike; and the two tries of the quarantine record (bot.inbound.quarantine)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.db.engine import upgrade
from bot.db.tables import InboundMessage, MailboxActionState
from bot.errors import StorageError
from bot.inbound.context import Services
from bot.inbound.quarantine import quarantine, store
from bot.inbound.record import headers_only, identity_of, inbound_record, plausible_time, stored_message_id
from bot.mail.imap import MailboxFolder
from bot.settings import Settings
from tests.support.paths import CAMPAIGNS_DIR

NOW = datetime(2025, 6, 2, 7, 0, tzinfo=timezone.utc)
FOLDER = MailboxFolder("board@127.0.0.1:143", "INBOX", 7)


@pytest.fixture
def services(database_url):
    app = build_app({}, settings=Settings(database_url=database_url, campaigns_dir=CAMPAIGNS_DIR))
    upgrade(app.engine)
    with app.db_session() as session:
        yield Services(app, session)
    app.engine.dispose()


HOSTILE = [
    # (header lines, what the stored row must say)
    (b"Date: Fri, 31 Dec 9999 23:59:59 -1400", {"sent_at": None}),
    (b"Date: Mon, 02 Jun 99999999999999999999 08:00:00 +0200", {"sent_at": None}),
    (b"Date: Mon, 02 Jun 1901 08:00:00 +0200", {"sent_at": None}),
    (b"Date: Mon, 02 Jun 2025 08:00:00 +0200", {"sent_at": datetime(2025, 6, 2, 6, 0, tzinfo=timezone.utc)}),
    (b"Subject: Dnr 801-9838-2024 \x00 nul \x80 and \xff bytes",
     {"subject": "Dnr 801-9838-2024   nul \ufffd and \ufffd bytes"}),
    (b"Subject: " + b"x" * 10_000, {"subject": "x" * 2000}),
    (b"From: " + b"a" * 400 + b"@lerum.se", {"from_address": ""}),
    (b"From: =?utf-8?q?Kim=0D=0ABerg?= <Kim@Lerum.se>", {"from_address": "kim@lerum.se"}),
]


@pytest.mark.parametrize("lines, stored", HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_values_from_outside_are_clamped_and_stored(services, lines: bytes, stored: dict) -> None:
    raw = b"Message-ID: <m@lerum.se>\r\n" + lines + b"\r\n\r\nHej\r\n"
    record = inbound_record(raw, headers_only(raw), "jamstallt-vg-2024-2027", FOLDER, 3, NOW,
                            identity=identity_of(raw), kind="unknown", outcome="quarantined",
                            detail="a detail with \x00 a NUL", mailbox_action=MailboxActionState.SKIPPED)
    with services.session.begin():
        services.session.add(record)
    with services.session.begin():
        row = services.session.scalars(select(InboundMessage)).one()
        assert {key: getattr(row, key) for key in stored} == stored
        assert row.detail == "a detail with   a NUL"


@pytest.mark.parametrize("mid, kept", [
    ("<a@b.se>", True), ("<" + "x" * 240 + "@b.se>", True), ("<" + "x" * 300 + "@b.se>", False),
    ("<åäö@b.se>", False), ("<a b@c.se>", False),
])
def test_message_ids_are_stored_as_they_are_or_by_a_name_of_their_own(mid: str, kept: bool) -> None:
    stored = stored_message_id(mid)
    assert (stored == mid) is kept
    assert stored == stored_message_id(mid) and len(stored) <= 250


def test_identity_needs_no_parse_and_never_raises() -> None:
    assert identity_of(b"From: a@b.se\r\nMessage-ID: <x\x00y@b.se>\r\n\r\nHej")[0] == "<xy@b.se>"
    nameless = identity_of(b"\xff\xfe garbage without headers")
    assert nameless[0] == f"<sha256.{nameless[1]}@intake-bot.invalid>"
    assert identity_of(b"From: a@b.se\r\n\r\nHej") == identity_of(b"From: a@b.se\r\nDate: x\r\n\r\nHej")


def test_times_outside_what_is_plausible_are_none() -> None:
    assert plausible_time(datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc)) is None
    assert plausible_time(datetime(2025, 1, 1)) is None  # naive
    assert plausible_time(NOW) == NOW


def test_a_record_the_database_refuses_is_stored_as_the_least_record(services) -> None:
    raw = b"From: kim@lerum.se\r\nSubject: Dnr 801-9838-2024\r\nMessage-ID: <m@lerum.se>\r\n\r\nHej\r\n"
    identity = identity_of(raw)

    def refused() -> InboundMessage:  # a naive time: the column refuses it when flushed
        return InboundMessage(message_id=identity[0], content_hash=identity[1], account=FOLDER.account,
                              folder=FOLDER.folder, uidvalidity=7, uid=3, campaign_key=None, from_address="",
                              subject="", received_at=datetime(2025, 1, 1), kind="unknown", outcome="quarantined",
                              detail="", size=1, raw=b"", mailbox_action="skipped")

    least = store(services, refused, lambda error: InboundMessage(
        message_id=identity[0], content_hash=identity[1], account=FOLDER.account, folder=FOLDER.folder,
        uidvalidity=7, uid=3, campaign_key=None, from_address="", subject="", received_at=NOW, kind="unknown",
        outcome="quarantined", detail=f"least: {type(error).__name__}", size=1, raw=b"", mailbox_action="skipped"))
    assert least.detail.startswith("least: ")
    with pytest.raises(StorageError, match="refused even the least record"):
        store(services, refused, lambda error: refused())


def test_quarantine_keeps_the_bytes_and_what_the_headers_say(services) -> None:
    raw = b"From: kim@lerum.se\r\nSubject: Dnr 801-9838-2024\r\nMessage-ID: <q@lerum.se>\r\n\r\nHej\r\n"
    record = quarantine(raw, "jamstallt-vg-2024-2027", FOLDER, 4, NOW, services, "in step x: ValueError: \x00boom")
    assert (record.outcome, record.mailbox_action, record.from_address, record.raw) == (
        "quarantined", "skipped", "kim@lerum.se", raw)
    assert record.detail == "in step x: ValueError:  boom"
