"""Tables of the staff side: the audit trail of review actions, digest periods and job runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime


class StaffAction(Base):
    """What a person did, to what, and what changed: the audit trail `intake review show` prints.
    Exactly one of affiliation, inbound message and outbox message is what the action was about."""

    __tablename__ = "staff_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))  # StaffActionKind
    campaign_key: Mapped[str] = mapped_column(String(200))
    affiliation_id: Mapped[int | None] = mapped_column(ForeignKey("affiliation.id"), index=True)
    inbound_message_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field -> [before, after]
    note: Mapped[str] = mapped_column(Text, default="")  # the reason given; the message sent


class DigestRun(Base):
    """One digest period of a campaign, decided once: sent, or empty and not sent.
    The unique (campaign, period) is what keeps two workers or a restart from sending twice."""

    __tablename__ = "digest_run"
    __table_args__ = (UniqueConstraint("campaign_key", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_key: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(40))  # the local date of the slot, 2025-06-02
    at: Mapped[datetime] = mapped_column(UTCDateTime())  # the `now` it was made at; the next one covers from here
    sent: Mapped[bool] = mapped_column(Boolean)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"))


class JobRun(Base):
    """When each worker job (poll, send_outbox, digest, purge) last succeeded and last failed."""

    __tablename__ = "job_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(100), unique=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
    # What the last successful run saw (the sessions job: the campaign files, bot/campaign_files.py)
    seen: Mapped[str] = mapped_column(Text, default="", server_default="")
