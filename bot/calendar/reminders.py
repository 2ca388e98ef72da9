"""Reminders before each information session, at the campaign's offsets (``reminders``).

An invitee is reminded when the campaign's ``remind`` policy says so (not declined, or only
accepted), never after the session has started and never twice for one offset (the dedupe
key ``reminder:<campaign>/<session>:<email>:<offset>``). An offset is due once its moment
(start - offset) has passed, if the invitation was sent before that moment; a worker that was
down catches up, sending only the latest offset due (no "in 7 days" the day before). The
times are those stored, so run the session changes first (``remind_job`` does).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.calendar.changes import ChangesReport, session_changes
from bot.calendar.invitations import upcoming_rows
from bot.calendar.outgoing import reminder_key, send_reminder
from bot.db.tables import Answer, InvitationRow, OutboxMessage
from parsers.model import Campaign, ReminderOffset, RemindPolicy


@dataclass
class RemindReport:
    queued: int = 0
    changes: ChangesReport = field(default_factory=ChangesReport)


def remind_job(app: App, now: datetime) -> RemindReport:
    """The worker's job and `intake remind`: session changes first, then the reminders due."""
    changes = session_changes(app, now)
    report = remind_due(app, now)
    report.changes = changes
    return report


def remind_due(app: App, now: datetime) -> RemindReport:
    report = RemindReport()
    with app.db_session() as db, db.begin():
        for campaign in app.campaigns:
            for invitation, offset in due_reminders(db, campaign, now):
                report.queued += send_reminder(db, app, campaign, invitation, offset, now)
    return report


def due_reminders(db: Session, campaign: Campaign, now: datetime) -> Iterator[tuple[InvitationRow, ReminderOffset]]:
    for row in upcoming_rows(db, campaign, now):
        for invitation in row.invitations:
            offset = latest_due(campaign.reminders, row.starts_at, invitation.invited_at, now)
            if offset is not None and wants_reminder(invitation, campaign.remind):
                yield invitation, offset


def next_reminder(db: Session, campaign: Campaign, now: datetime) -> datetime | None:
    """When the campaign's next reminder is due: a moment at or before ``now`` when one is due
    and not yet queued (the worker is behind), else the first moment to come; None for none."""
    coming: list[datetime] = []
    for row in upcoming_rows(db, campaign, now):
        for invitation in row.invitations:
            if not wants_reminder(invitation, campaign.remind):
                continue
            due = latest_due(campaign.reminders, row.starts_at, invitation.invited_at, now)
            if due is not None and not _queued(db, reminder_key(invitation, due)):
                coming.append(row.starts_at - due.before)
            coming += [row.starts_at - o.before for o in campaign.reminders
                       if now < row.starts_at - o.before and invitation.invited_at <= row.starts_at - o.before]
    return min(coming, default=None)


def _queued(db: Session, key: str) -> bool:
    return db.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)) is not None


def latest_due(offsets: tuple[ReminderOffset, ...], starts_at: datetime, invited_at: datetime,
               now: datetime) -> ReminderOffset | None:
    """The shortest offset whose moment has come, among those that came after the invitation."""
    if now >= starts_at:
        return None
    due = [o for o in offsets if invited_at <= starts_at - o.before <= now]
    return min(due, key=lambda o: o.before) if due else None


def wants_reminder(invitation: InvitationRow, policy: RemindPolicy) -> bool:
    if policy is RemindPolicy.ACCEPTED:
        return invitation.answer == Answer.ACCEPTED
    if policy is RemindPolicy.NOT_DECLINED:
        return invitation.answer != Answer.DECLINED
    raise ValueError(f"unknown remind policy {policy!r}")
