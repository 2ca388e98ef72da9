"""Retention: the bot's own copies of settled mail are emptied once they are older than a limit.

What goes: the stored raw bytes of inbound messages (the attachments are inside them) and of
outgoing messages (a digest carries the whole export as .xlsx). What stays: every row, the
registrations, their versions, the forms as parsed, the staff actions, and each inbound
message's attachment names (the registrar's list needs them). The mailbox is never touched:
inbound mail to an authority is an official record, kept where it arrived.

Settled means nothing more will be done with it:
- an inbound message whose form belongs to an affiliation that is registered or rejected;
- an inbound message without one that needed nothing (automatic, answered, a duplicate), or
  that staff marked handled (a bounce also when its failed reply was), or whose sender has
  since sent a form that was registered (an unreadable or incomplete form, superseded);
- an outgoing message that was sent or suppressed, or whose failure staff marked handled.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.db.tables import Affiliation, InboundMessage, OutboxMessage, OutboxStatus, Submission
from parsers.mime.message import attachments, parse_message
from parsers.model import AffiliationStatus

log = logging.getLogger("intake.purge")

SETTLED_AFFILIATIONS = (AffiliationStatus.REGISTERED, AffiliationStatus.REJECTED)
NEEDS_NOTHING = ("automatic", "answered", "duplicate_message", "duplicate_form")
SETTLED_OUTBOX = (OutboxStatus.SENT, OutboxStatus.SUPPRESSED)


@dataclass
class PurgeReport:
    older_than_days: int
    dry_run: bool
    inbound: Counter[str] = field(default_factory=Counter)  # message kind (or outcome) -> emptied
    outbox: Counter[str] = field(default_factory=Counter)   # reply kind -> emptied
    bytes_freed: int = 0

    @property
    def total(self) -> int:
        return sum(self.inbound.values()) + sum(self.outbox.values())


def purge(session: Session, now: datetime, older_than_days: int, dry_run: bool = False) -> PurgeReport:
    """Empty the raw copies of settled mail received (or queued) before now - older_than_days."""
    cutoff = now - timedelta(days=older_than_days)
    report = PurgeReport(older_than_days, dry_run)
    with session.begin():
        for row in _settled_inbound(session, cutoff):
            report.inbound[row.kind or row.outcome] += 1  # a duplicate is not classified
            report.bytes_freed += len(row.raw)
            if not dry_run:
                row.attachment_names = attachment_names(row)
                row.raw, row.purged_at = b"", now
        for reply in _settled_outbox(session, cutoff):
            report.outbox[reply.kind] += 1
            report.bytes_freed += len(reply.raw)
            if not dry_run:
                reply.raw, reply.purged_at = b"", now
    for kind, count in sorted(report.inbound.items()):
        log.info("%s %d inbound %s messages", "would empty" if dry_run else "emptied", count, kind,
                 extra={"step": "purge"})
    for kind, count in sorted(report.outbox.items()):
        log.info("%s %d outgoing %s messages", "would empty" if dry_run else "emptied", count, kind,
                 extra={"step": "purge"})
    return report


def purge_job(app: App, now: datetime) -> PurgeReport:
    """The worker's purge job: `[retention] days` (the worker schedules it only when set)."""
    with app.db_session() as session:
        return purge(session, now, app.settings.retention.days)


def attachment_names(row: InboundMessage) -> list[str]:
    """The names of the files a message carried, from its raw bytes or, once purged, as kept."""
    if row.purged_at is not None or not row.raw:
        return list(row.attachment_names or [])
    return [a.filename or a.content_type for a in attachments(parse_message(row.raw))]


def _settled_inbound(session: Session, cutoff: datetime) -> list[InboundMessage]:
    rows = session.scalars(select(InboundMessage).where(
        InboundMessage.purged_at.is_(None), InboundMessage.received_at < cutoff)).all()
    statuses = _affiliation_statuses(session, [row.id for row in rows])
    return [row for row in rows if _inbound_settled(session, row, statuses.get(row.id))]


def _affiliation_statuses(session: Session, message_ids: list[int]) -> dict[int, set[str]]:
    """inbound message id -> the statuses of the affiliations its forms belong to."""
    found: dict[int, set[str]] = {}
    pairs = session.execute(
        select(Submission.inbound_message_id, Affiliation.status)
        .join(Affiliation, Affiliation.id == Submission.affiliation_id)
        .where(Submission.inbound_message_id.in_(message_ids))).all() if message_ids else []
    for message_id, status in pairs:
        found.setdefault(message_id, set()).add(status)
    return found


def superseded(session: Session, message: InboundMessage) -> bool:
    """A form that could not be registered, followed by one from the same sender that was."""
    return session.scalars(
        select(InboundMessage.id).join(Submission, Submission.inbound_message_id == InboundMessage.id)
        .where(InboundMessage.campaign_key == message.campaign_key, InboundMessage.from_address == message.from_address,
               InboundMessage.received_at > message.received_at, Submission.affiliation_id.is_not(None),
               Submission.version > 0)  # an unreadable attempt (version 0 or none) registers nothing
        .limit(1)).first() is not None


def _inbound_settled(session: Session, row: InboundMessage, statuses: set[str] | None) -> bool:
    if statuses:
        return statuses <= set(SETTLED_AFFILIATIONS)
    if row.handled_at is not None or row.outcome in NEEDS_NOTHING:
        return True
    if row.outcome == "bounce":
        return row.related_outbox is not None and row.related_outbox.handled_at is not None
    return row.outcome == "incomplete" and superseded(session, row)


def _settled_outbox(session: Session, cutoff: datetime) -> list[OutboxMessage]:
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.purged_at.is_(None), OutboxMessage.created_at < cutoff)).all()
    return [row for row in rows if row.status in SETTLED_OUTBOX or row.handled_at is not None]
