"""Two processes that both took up the same message (a lease that expired under a frozen
holder): the second's unique-key conflict means "already done", never a crash, in the
pipeline and in the quarantine record alike (issue 12)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from bot.app import build_app
from bot.db.engine import upgrade
from bot.db.tables import InboundMessage, OutboxMessage
from bot.inbound.context import Services
from bot.inbound.pipeline import process_message
from bot.inbound.quarantine import quarantine
from bot.inbound.record import identity_of
from bot.mail.imap import MailboxFolder
from bot.settings import Settings
from tests.support.paths import CAMPAIGNS_DIR, SAMPLES

NOW = datetime(2025, 6, 2, 7, 0, tzinfo=timezone.utc)
FOLDER = MailboxFolder("board@127.0.0.1:143", "INBOX", 7)


@pytest.fixture
def app(database_url):
    app = build_app({}, settings=Settings(database_url=database_url, campaigns_dir=CAMPAIGNS_DIR))
    upgrade(app.engine)
    yield app
    app.engine.dispose()


def counts(app) -> tuple[int, int]:
    with app.db_session() as session:
        return (session.scalar(select(func.count()).select_from(InboundMessage)),
                session.scalar(select(func.count()).select_from(OutboxMessage)))


def test_the_second_process_to_store_a_message_finds_it_done(app, vg_campaign) -> None:
    raw = (SAMPLES / "vg-004-glyph-sv-prefix.eml").read_bytes()
    identity = identity_of(raw)
    with app.db_session() as first, app.db_session() as second:
        stored = process_message(raw, vg_campaign, FOLDER, 5, NOW, Services(app, first), identity=identity)
        assert stored is not None and stored.outcome == "registered"
        before = counts(app)
        # The second had looked before the first committed, so it runs the steps as well.
        again = process_message(raw, vg_campaign, FOLDER, 5, NOW, Services(app, second), identity=identity)
        assert again is None
        assert counts(app) == before  # no second record, no second reply queued


def test_a_quarantine_record_another_process_stored_first_is_done(app) -> None:
    raw = b"From: kim@lerum.se\r\nSubject: Dnr 801-9838-2024\r\nMessage-ID: <q@lerum.se>\r\n\r\nHej\r\n"
    with app.db_session() as first, app.db_session() as second:
        assert quarantine(raw, None, FOLDER, 4, NOW, Services(app, first), "in step x: boom") is not None
        assert quarantine(raw, None, FOLDER, 4, NOW, Services(app, second), "in step x: boom") is None
    assert counts(app) == (1, 0)
