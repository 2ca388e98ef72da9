"""What needs a person: the lists behind `intake review`. Read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation, AffiliationVersion, InboundMessage, OutboxMessage

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
    rows = session.scalars(select(InboundMessage).where(
        InboundMessage.outcome.in_(MESSAGE_OUTCOMES), InboundMessage.received_at >= since)).all()
    return [ReviewItem(m.received_at, "message", m.outcome, m.from_address, m.subject, m.detail) for m in rows]


def _replies(session: Session, since: datetime) -> list[ReviewItem]:
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.status.in_(("bounced", "failed")), OutboxMessage.created_at >= since)).all()
    return [ReviewItem(r.created_at, "reply", r.status, ", ".join(r.recipients), r.subject, r.last_error)
            for r in rows]
