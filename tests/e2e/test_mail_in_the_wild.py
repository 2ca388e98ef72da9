"""The corpus of mail as clients really send it (tests/mailcorpus.py), end to end through
`intake poll --once` on real IMAP and SMTP servers: each message's outcome and replies, and
every message that is not ours left exactly as it was."""

from __future__ import annotations

from datetime import datetime, timezone
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.db.tables import InboundMessage, OutboxMessage
from tests.support.bot_process import Bot
from tests.support.mailcorpus import AUTHSERV_ID, CORPUS, our_message_ids

pytestmark = pytest.mark.slow
EARLIER = datetime(2025, 5, 1, 8, 0, tzinfo=timezone.utc)


def message_id(raw: bytes) -> str:
    return "".join(str(BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)["Message-ID"]).split())


def seed_our_earlier_replies(database_url: str) -> None:
    """The confirmations the corpus's bounces and thread replies refer to."""
    engine = create_engine(database_url)
    with Session(engine) as session, session.begin():
        for n, mid in enumerate(sorted(our_message_ids)):
            session.add(OutboxMessage(
                dedupe_key=f"earlier:{n}", message_id=mid, kind="confirmation", reason=f"earlier:{n}",
                campaign_key="jamstallt-vg-2024-2027", sender="vastragotaland@lansstyrelsen.se",
                recipients=[f"contact{n}@example.se"], subject="Bekräftelse", raw=b"Subject: x\r\n\r\nx\r\n",
                status="sent", attempts=1, next_attempt_at=EARLIER, created_at=EARLIER, sent_at=EARLIER))
    engine.dispose()


def test_corpus_end_to_end(mailbox, smtp_server, database_url, tmp_path) -> None:
    config = tmp_path / "intake.toml"
    config.write_text(f'[policy]\nauthserv_id = "{AUTHSERV_ID}"\n', encoding="utf-8")
    bot = Bot(mailbox, smtp_server, database_url, tmp_path, {"INTAKE_CONFIG": str(config)})
    bot.run("db", "upgrade")
    seed_our_earlier_replies(database_url)
    raw = {case.id: case.build() for case in CORPUS}
    ids = {case.id: message_id(raw[case.id]) for case in CORPUS}
    assert len(set(ids.values())) == len(CORPUS) >= 40
    bot.mailbox.append([raw[case.id] for case in CORPUS])
    before = {m.key: m for m in bot.mailbox.snapshot()}

    bot.poll()

    engine = create_engine(database_url)
    with engine.connect() as db:
        outcomes = dict(db.execute(select(InboundMessage.message_id, InboundMessage.outcome)).all())
        outbox = dict(db.execute(select(OutboxMessage.message_id, OutboxMessage.status)).all())
    engine.dispose()
    sent = [BytesParser(policy=policy.default).parsebytes(m.original_content) for m in bot.smtp.messages]
    after = {m.key: m for m in bot.mailbox.snapshot()}
    wrong = []
    for case in CORPUS:
        mid = ids[case.id]
        replies = [m for m in sent if "".join(str(m.get("In-Reply-To", "")).split()) == mid]
        if case.outcome == "not_ours":
            got = ("untouched" if mid not in outcomes and after[mid].flags == before[mid].flags
                   and after[mid].folder == before[mid].folder else "touched", len(replies))
            expected = ("untouched", 0)
        else:
            got = (outcomes.get(mid, "not processed"), len(replies))
            expected = (case.outcome, {"one": 1, "none": 0}[case.reply])
        if case.bounced:
            failed = case.id != "postfix-delayed"
            got += (outbox.get(case.bounced),)
            expected += ("bounced" if failed else "sent",)
        if got != expected:
            wrong.append(f"{case.id} ({case.client}): expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)
