"""What a run left behind, read back for assertions: inbound rows, notices, sent mail."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from sqlalchemy import create_engine, select

from bot.db.tables import InboundMessage, MailboxNotice, Submission
from tests.support.bot_process import Bot

_INBOUND = ("id", "message_id", "uid", "campaign_key", "from_address", "subject", "sent_at", "kind", "outcome",
            "detail", "size", "mailbox_action", "collides_with_id", "duplicate_of_id")


def inbound(bot: Bot) -> list[dict[str, Any]]:
    """Every inbound_message row, in id order, as plain dicts (without the raw bytes)."""
    engine = create_engine(bot.database_url)
    try:
        with engine.connect() as db:
            columns = [getattr(InboundMessage, name) for name in _INBOUND]
            return [dict(zip(_INBOUND, row)) for row in db.execute(select(*columns).order_by(InboundMessage.id))]
    finally:
        engine.dispose()


def by_message_id(bot: Bot) -> dict[str, dict[str, Any]]:
    rows = inbound(bot)
    found = {row["message_id"]: row for row in rows}
    assert len(found) == len(rows), "a Message-ID is stored twice: use inbound()"
    return found


def submissions(bot: Bot) -> list[dict[str, Any]]:
    engine = create_engine(bot.database_url)
    try:
        with engine.connect() as db:
            rows = db.execute(select(Submission.inbound_message_id, Submission.status, Submission.problems,
                                     Submission.affiliation_id).order_by(Submission.id))
            return [{"inbound_message_id": a, "status": b, "codes": [p["code"] for p in c], "affiliation_id": d}
                    for a, b, c, d in rows]
    finally:
        engine.dispose()


def notices(bot: Bot) -> list[tuple[str, str]]:
    engine = create_engine(bot.database_url)
    try:
        with engine.connect() as db:
            return [tuple(row) for row in db.execute(select(MailboxNotice.code, MailboxNotice.detail))]
    finally:
        engine.dispose()


def delivered(bot: Bot) -> list[EmailMessage]:
    """Every message the SMTP server accepted, parsed."""
    return [BytesParser(policy=policy.default).parsebytes(m.original_content) for m in bot.smtp.messages]


def sent(bot: Bot) -> list[EmailMessage]:
    """The answers (RFC 3834's auto-replied), not the invitations a registration also sends."""
    return [m for m in delivered(bot) if m["Auto-Submitted"] == "auto-replied"]


def replies_to(bot: Bot, message_id: str) -> list[EmailMessage]:
    return [m for m in delivered(bot) if "".join(str(m.get("In-Reply-To", "")).split()) == message_id]
