"""What needs a person: the lists behind `intake review`. Read-only.

Messages are listed when their outcome needs a person (MESSAGE_OUTCOMES), when a .docx they
carried could not be read as a document (an ``unreadable`` submission: shown whatever the
sender was asked), and when they reuse an earlier message's Message-ID with other content
(status ``collision``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation, AffiliationVersion, InboundMessage, OutboxMessage, Submission

# Outcomes a person should look at; the rest were handled in full by the bot.
MESSAGE_OUTCOMES = ("quarantined", "needs_review", "correspondence", "calendar_reply", "bounce")


@dataclass(frozen=True)
class ReviewItem:
    when: datetime
    what: str       # affiliation | message | reply
    status: str
    who: str
    about: str
    detail: str


def review_items(session: Session, since: datetime) -> list[ReviewItem]:
    items = [*_affiliations(session, since), *_messages(session, since), *_replies(session, since)]
    return sorted(items, key=lambda item: item.when)


def _affiliations(session: Session, since: datetime) -> list[ReviewItem]:
    rows = session.execute(
        select(Affiliation, AffiliationVersion)
        .join(AffiliationVersion, (AffiliationVersion.affiliation_id == Affiliation.id)
              & (AffiliationVersion.version == Affiliation.current_version))
        .where(Affiliation.status == "needs_review", Affiliation.updated_at >= since)).all()
    return [ReviewItem(a.updated_at, "affiliation", a.status, a.organisation, a.campaign_key,
                       " | ".join(p["text"] for p in v.problems)) for a, v in rows]


def _messages(session: Session, since: datetime) -> list[ReviewItem]:
    unreadable = select(Submission.inbound_message_id).where(Submission.status == "unreadable")
    rows = session.scalars(select(InboundMessage).where(
        or_(InboundMessage.outcome.in_(MESSAGE_OUTCOMES), InboundMessage.id.in_(unreadable),
            InboundMessage.collides_with_id.is_not(None)),
        InboundMessage.received_at >= since)).all()
    return [ReviewItem(m.received_at, "message", "collision" if m.collides_with_id else m.outcome,
                       m.from_address or "?", m.subject or f"UID {m.uid} ({m.folder})", _detail(m)) for m in rows]


def _detail(message: InboundMessage) -> str:
    files = [f"{s.attachment_name or '?'}: {p['text']}" for s in message.submissions if s.status == "unreadable"
             for p in s.problems]
    return " | ".join([message.detail, *files]) if files else message.detail


def _replies(session: Session, since: datetime) -> list[ReviewItem]:
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.status.in_(("bounced", "failed")), OutboxMessage.created_at >= since)).all()
    return [ReviewItem(r.created_at, "reply", r.status, ", ".join(r.recipients), r.subject, r.last_error)
            for r in rows]
