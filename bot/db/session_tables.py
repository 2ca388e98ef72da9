"""Tables of the information sessions: the sessions as last sent, their invitees, and which
sessions each registered version was invited to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base, UTCDateTime
from bot.db.states import Answer, SessionState


class InfoSessionRow(Base):
    """An information session as last sent to its invitees; the campaign file is the source of
    truth, and a difference from it is an update (SEQUENCE + 1) or a cancellation."""

    __tablename__ = "info_session"
    __table_args__ = (UniqueConstraint("campaign_key", "session_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_key: Mapped[str] = mapped_column(String(200))
    session_key: Mapped[str] = mapped_column(String(200))   # the id in the campaign file
    uid: Mapped[str] = mapped_column(String(500), unique=True)  # every calendar object's UID
    title: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    join_url: Mapped[str] = mapped_column(Text)
    form_label: Mapped[str] = mapped_column(Text, default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20), default=SessionState.ACTIVE)  # SessionState
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    invitations: Mapped[list[InvitationRow]] = relationship(back_populates="session", order_by="InvitationRow.id")


class InvitationRow(Base):
    """One invitee of one session: what was last sent to them and what they answered."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("session_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("info_session.id"))
    affiliation_id: Mapped[int | None] = mapped_column(ForeignKey("affiliation.id"), index=True)
    email: Mapped[str] = mapped_column(String(320))          # lower-case
    name: Mapped[str] = mapped_column(Text, default="")
    why: Mapped[str] = mapped_column(String(20))              # ticked | upcoming | added (bot.calendar.invitations)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # the SEQUENCE last sent to this invitee
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer: Mapped[str] = mapped_column(String(20), default=Answer.NONE)  # Answer
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the invitee answered (DTSTAMP)
    answer_message_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"))

    session: Mapped[InfoSessionRow] = relationship(back_populates="invitations")


class InvitationDecision(Base):
    """Which sessions a registered version of an affiliation was invited to (once per version)."""

    __tablename__ = "invitation_decision"
    __table_args__ = (UniqueConstraint("affiliation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    affiliation_id: Mapped[int] = mapped_column(ForeignKey("affiliation.id"))
    version: Mapped[int] = mapped_column(Integer)
    sessions: Mapped[list[str]] = mapped_column(JSON, default=list)  # session ids invited to
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
