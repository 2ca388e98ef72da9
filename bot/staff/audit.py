"""The audit trail of staff actions: who did what to which item, when, and what changed."""

from __future__ import annotations

import getpass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation, InboundMessage, OutboxMessage, StaffAction, StaffActionKind


def actor(by: str | None) -> str:
    """Who acts: the name given with --by, else the operating-system user."""
    if by and by.strip():
        return by.strip()[:200]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry for the uid (a bare container)
        return "okänd"


def record(session: Session, action: StaffActionKind, by: str, now: datetime,
           about: Affiliation | InboundMessage | OutboxMessage, changes: dict[str, Any] | None = None,
           note: str = "") -> StaffAction:
    """Add one staff-action row about ``about`` (flushed, so its id can name what it causes)."""
    row = StaffAction(at=now, by=by, action=action.value, campaign_key=_campaign_key(about),
                      changes=changes or {}, note=note)
    if isinstance(about, Affiliation):
        row.affiliation_id = about.id
    elif isinstance(about, InboundMessage):
        row.inbound_message_id = about.id
    else:
        row.outbox_message_id = about.id
    session.add(row)
    session.flush()
    return row


def actions_about(session: Session, about: Affiliation | InboundMessage | OutboxMessage) -> list[StaffAction]:
    """Every staff action about ``about``, oldest first."""
    if isinstance(about, Affiliation):
        where = StaffAction.affiliation_id == about.id
    elif isinstance(about, InboundMessage):
        where = StaffAction.inbound_message_id == about.id
    else:
        where = StaffAction.outbox_message_id == about.id
    return list(session.scalars(select(StaffAction).where(where).order_by(StaffAction.at, StaffAction.id)))


def _campaign_key(about: Affiliation | InboundMessage | OutboxMessage) -> str:
    return about.campaign_key or ""
