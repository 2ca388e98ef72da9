"""Database tables (SQLAlchemy 2). Schema changes go through Alembic (bot/migrations).

Idempotency lives here as constraints: inbound messages are unique by Message-ID and
content hash together (a later message reusing a Message-ID with other content is a row of
its own, marked as colliding with the first), outbox rows by dedupe key and Message-ID,
affiliations by (campaign, organisation key), and their versions by (affiliation, version);
information sessions by (campaign, session id), invitations by (session, address) and
invitation decisions by (affiliation, version); digests by (campaign, period).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (JSON, BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import NAMING, Base, UTCDateTime
from bot.db.session_tables import InfoSessionRow, InvitationDecision, InvitationRow
from bot.db.staff_tables import DigestRun, JobRun, StaffAction
from bot.db.states import (Answer, MailboxActionState, OutboxStatus, SentCopyState, SessionState,
                           StaffActionKind)

__all__ = [
    "NAMING", "Base", "UTCDateTime",
    "Answer", "MailboxActionState", "OutboxStatus", "SentCopyState", "SessionState", "StaffActionKind",
    "MailboxCheckpoint", "InboundMessage", "MailboxNotice", "Submission", "Affiliation",
    "AffiliationVersion", "OutboxMessage", "WorkerLease",
    "InfoSessionRow", "InvitationRow", "InvitationDecision", "StaffAction", "DigestRun", "JobRun",
]


class MailboxCheckpoint(Base):
    """How far the bot has read a folder: (UIDVALIDITY, last UID)."""

    __tablename__ = "mailbox_checkpoint"
    __table_args__ = (UniqueConstraint("account", "folder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(320))
    folder: Mapped[str] = mapped_column(String(512))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InboundMessage(Base):
    """A message of ours (it named a campaign's case number), with what became of it; or a
    message the bot could not read far enough to tell (campaign_key None, quarantined)."""

    __tablename__ = "inbound_message"
    __table_args__ = (UniqueConstraint("message_id", "content_hash", name="uq_inbound_message_identity"),
                      Index("ix_inbound_message_place", "uid", "uidvalidity"))

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    account: Mapped[str] = mapped_column(String(320))
    folder: Mapped[str] = mapped_column(String(512))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    campaign_key: Mapped[str | None] = mapped_column(String(200), index=True)
    from_address: Mapped[str] = mapped_column(String(998), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(40))        # parsers.classify.Kind
    outcome: Mapped[str] = mapped_column(String(40))     # bot.inbound.context.Outcome
    detail: Mapped[str] = mapped_column(Text, default="")
    review_reason: Mapped[str] = mapped_column(String(40), default="")  # why staff must look (bot.inbound.context)
    size: Mapped[int] = mapped_column(Integer)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"))
    # An earlier message with the same Message-ID and other content (shown to staff).
    collides_with_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"))
    # The reply of ours this message bounces or answers (bounces, replies in our threads).
    related_outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id", use_alter=True))
    mailbox_action: Mapped[str] = mapped_column(String(20), default=MailboxActionState.PENDING)  # MailboxActionState
    mailbox_action_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # staff: dealt with (review handled)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())   # raw emptied by retention (bot/db/purge.py)
    # Kept by purge when it empties raw, for the registrar's list.
    attachment_names: Mapped[list[str] | None] = mapped_column(JSON)

    submissions: Mapped[list[Submission]] = relationship(back_populates="inbound_message")
    related_outbox: Mapped[OutboxMessage | None] = relationship(foreign_keys=[related_outbox_id])


class MailboxNotice(Base):
    """A fact about a mail server the operator should know, recorded once and kept current,
    e.g. ``move_unsupported``: mailbox.action is move but the server has neither MOVE nor
    UIDPLUS, so processed messages are flagged instead (the future `intake status` shows these)."""

    __tablename__ = "mailbox_notice"
    __table_args__ = (UniqueConstraint("account", "folder", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(320))
    folder: Mapped[str] = mapped_column(String(512))
    code: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Submission(Base):
    """One .docx attachment of an inbound message, as parsed."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_message_id: Mapped[int] = mapped_column(ForeignKey("inbound_message.id"), index=True)
    campaign_key: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # form | supporting
    attachment_name: Mapped[str] = mapped_column(Text, default="")
    attachment_sha256: Mapped[str] = mapped_column(String(64))
    style: Mapped[str] = mapped_column(String(40), default="")
    form: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # AffiliationStatus, or duplicate | supporting | unreadable (a .docx that could not be read)
    status: Mapped[str] = mapped_column(String(20), default="")
    affiliation_id: Mapped[int | None] = mapped_column(ForeignKey("affiliation.id"))
    version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    inbound_message: Mapped[InboundMessage] = relationship(back_populates="submissions")


class Affiliation(Base):
    """An organisation's affiliation to a campaign; its content is the current version."""

    __tablename__ = "affiliation"
    __table_args__ = (UniqueConstraint("campaign_key", "org_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_key: Mapped[str] = mapped_column(String(200))
    org_key: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(Text)
    current_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    versions: Mapped[list[AffiliationVersion]] = relationship(
        back_populates="affiliation", order_by="AffiliationVersion.version")


class AffiliationVersion(Base):
    __tablename__ = "affiliation_version"
    __table_args__ = (UniqueConstraint("affiliation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    affiliation_id: Mapped[int] = mapped_column(ForeignKey("affiliation.id"))
    version: Mapped[int] = mapped_column(Integer)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"))
    status: Mapped[str] = mapped_column(String(20))
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when a person's edit made this version; submission is then the form it was made from.
    staff_action_id: Mapped[int | None] = mapped_column(ForeignKey("staff_action.id"))

    affiliation: Mapped[Affiliation] = relationship(back_populates="versions")
    submission: Mapped[Submission] = relationship()
    staff_action: Mapped[StaffAction | None] = relationship()


class OutboxMessage(Base):
    """A reply, composed in full when the row is written, so a resend is byte-identical."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(500), unique=True)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    # Why it is sent, for "at most one automatic reply per sender and reason" (RFC 3834).
    reason: Mapped[str] = mapped_column(String(500), default="", index=True)
    campaign_key: Mapped[str] = mapped_column(String(200))
    inbound_message_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"))
    sender: Mapped[str] = mapped_column(String(998))
    recipients: Mapped[list[str]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING)  # OutboxStatus
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_copy: Mapped[str] = mapped_column(String(20), default=SentCopyState.NONE, index=True)  # SentCopyState
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # staff: a failure dealt with
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())   # raw emptied by retention
    # SQLite only (bot/outbox/claim.py): the process sending or copying this row, and until when.
    claimed_by: Mapped[str] = mapped_column(String(300), default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    inbound_message: Mapped[InboundMessage | None] = relationship(foreign_keys=[inbound_message_id])
    submission: Mapped[Submission | None] = relationship()


class WorkerLease(Base):
    """Who works on a mailbox now (bot/db/lease.py): one row per mailbox, held until expires_at
    and renewed while the holder works; a holder that dies is taken over after expiry (at
    once when it ran on the same machine and is seen to be gone)."""

    __tablename__ = "worker_lease"

    name: Mapped[str] = mapped_column(String(600), primary_key=True)
    holder: Mapped[str] = mapped_column(String(300))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
