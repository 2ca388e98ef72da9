"""The one way into the outbox, for every message intake-bot sends.

Answers to inbound mail and messages the board starts itself (invitations, reminders, the
digest, a resend) all come through ``enqueue``: the dedupe key is checked, our own addresses
are left out (nothing automatic goes to the board's own intake, except what is meant for staff:
the digest), the RFC 3834 window is applied to answers, the Message-ID is minted, and the
message is composed in full and stored, so a resend after a crash is byte-identical.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import InboundMessage, OutboxMessage, OutboxStatus, Submission
from parsers.model import Campaign
from parsers.senders import OwnMail

_SMTP_POLICY = policy.SMTP.clone(max_line_length=998)

# (recipients, Message-ID) -> the complete message; called once the outbox has decided both.
Compose = Callable[[tuple[str, ...], str], EmailMessage]


@dataclass(frozen=True)
class OutboxItem:
    dedupe_key: str                  # unique in the outbox: never the same message twice
    reason: str                      # "why" for the reply window: one answer per recipient and reason
    kind: str                        # confirmation, incomplete, invitation, reminder, digest, ...
    campaign: Campaign
    recipients: tuple[str, ...]
    compose: Compose
    inbound: InboundMessage | None = None    # the message this answers, if any
    submission: Submission | None = None
    for_staff: bool = False                  # to the campaign's own staff (the digest): our addresses allowed


@dataclass(frozen=True)
class Enqueued:
    row: OutboxMessage | None                # None: nothing was queued
    withheld: tuple[str, ...] = ()           # recipients answered for this reason within the window
    own: tuple[str, ...] = ()                # recipients left out because they are our own addresses

    @property
    def queued(self) -> bool:
        return self.row is not None


def enqueue(session: Session, item: OutboxItem, now: datetime, *, own: OwnMail, message_id_domain: str = "",
            reply_window: timedelta | None = None) -> Enqueued:
    """Queue ``item`` unless its dedupe key is already in the outbox. Our ``own`` addresses are
    left out unless the item is for staff. With ``reply_window`` (answers only), recipients who
    got an answer for the same reason within it are left out too."""
    if session.scalars(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == item.dedupe_key)).first():
        return Enqueued(None)
    ours = () if item.for_staff else tuple(a for a in item.recipients if own.is_ours(a))
    to, withheld = tuple(a for a in item.recipients if a not in ours), ()
    if reply_window is not None:
        to, withheld = _not_recently_answered(session, to, item.reason, now - reply_window)
    if not to:
        return Enqueued(None, withheld, ours)
    message_id = mint_message_id(item.kind, message_id_domain or item.campaign.reply_from.rsplit("@", 1)[-1])
    message = item.compose(to, message_id)
    row = OutboxMessage(
        dedupe_key=item.dedupe_key, message_id=message_id, kind=item.kind, reason=item.reason,
        campaign_key=item.campaign.key, inbound_message=item.inbound, submission=item.submission,
        sender=item.campaign.reply_from, recipients=list(to), subject=str(message["Subject"]),
        raw=message.as_bytes(policy=_SMTP_POLICY), status=OutboxStatus.PENDING, attempts=0,
        next_attempt_at=now - timedelta(seconds=1), created_at=now)
    session.add(row)
    return Enqueued(row, withheld, ours)


def valid_recipients(*candidates: str) -> tuple[str, ...]:
    """Valid addresses among ``candidates``, deduplicated case-insensitively, order kept."""
    from email_validator import EmailNotValidError, validate_email  # on first use: it is slow to import

    found: dict[str, str] = {}
    for candidate in candidates:
        try:
            address = validate_email(candidate, check_deliverability=False, allow_smtputf8=False).normalized
        except EmailNotValidError:
            continue
        found.setdefault(address.lower(), address)
    return tuple(found.values())


def mint_message_id(kind: str, domain: str) -> str:
    return f"<intake.{kind}.{uuid.uuid4().hex}@{domain}>"


def _not_recently_answered(session: Session, to: tuple[str, ...], reason: str,
                           since: datetime) -> tuple[tuple[str, ...], tuple[str, ...]]:
    recent = session.scalars(select(OutboxMessage.recipients).where(
        OutboxMessage.reason == reason, OutboxMessage.created_at > since)).all()
    answered = {address.lower() for row in recent for address in row}
    return (tuple(a for a in to if a.lower() not in answered), tuple(a for a in to if a.lower() in answered))
