"""Messages about a session to one invitee, into the outbox: invitation, update, cancellation,
reminder. The dedupe keys make each exactly once however often a job looks:

    invitation:<campaign>/<session>:<email>:<sequence>     invitation and update
    cancellation:<campaign>/<session>:<email>:<sequence>
    reminder:<campaign>/<session>:<email>:<offset>
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.app import App
from bot.db.tables import InfoSessionRow, InvitationRow
from bot.outbox.enqueue import OutboxItem, enqueue
from parsers.model import LOCAL_ZONE, Campaign, InfoSession, ReminderOffset
from replies.invitation import Invitation, InvitationKind, compose_invitation
from replies.message import Addressing
from replies.reminder import Reminder, compose_reminder


def session_ref(row: InfoSessionRow) -> str:
    """How dedupe keys and reasons name a session: campaign key and the file's id."""
    return f"{row.campaign_key}/{row.session_key}"


def as_session(row: InfoSessionRow) -> InfoSession:
    """The session as stored (last sent), in the board's local time."""
    return InfoSession(id=row.session_key, title=row.title, starts_at=row.starts_at.astimezone(LOCAL_ZONE),
                       ends_at=row.ends_at.astimezone(LOCAL_ZONE), join_url=row.join_url, form_label=row.form_label)


def send_invitation(db: Session, app: App, campaign: Campaign, invitation: InvitationRow, kind: InvitationKind,
                    now: datetime, previous: InfoSession | None = None) -> bool:
    """Queue ``kind`` for ``invitation`` at its session's current SEQUENCE; True when queued."""
    row = invitation.session
    prefix = "cancellation" if kind is InvitationKind.CANCELLATION else "invitation"

    def compose(to: tuple[str, ...], message_id: str):
        value = Invitation(kind, _addressing(campaign, to, message_id, now), as_session(row), row.sequence,
                                  invitation.name, previous, app.settings.calendar.attach_ics)
        return compose_invitation(value, app.templates)

    invitation.sequence = row.sequence
    key = f"{prefix}:{session_ref(row)}:{invitation.email}:{row.sequence}"
    return _enqueue(db, app, campaign, key, f"{prefix}:{session_ref(row)}", kind.value, invitation, compose, now)


def send_reminder(db: Session, app: App, campaign: Campaign, invitation: InvitationRow, offset: ReminderOffset,
                  now: datetime) -> bool:
    row = invitation.session

    def compose(to: tuple[str, ...], message_id: str):
        value = Reminder(_addressing(campaign, to, message_id, now), as_session(row), invitation.sequence, offset,
                         invitation.name, app.settings.calendar.attach_ics, invitation.answer)
        return compose_reminder(value, app.templates)

    return _enqueue(db, app, campaign, reminder_key(invitation, offset), f"reminder:{session_ref(row)}", "reminder", invitation, compose, now)


def reminder_key(invitation: InvitationRow, offset: ReminderOffset) -> str:
    """Once per session, address and offset."""
    return f"reminder:{session_ref(invitation.session)}:{invitation.email}:{offset.label}"


def _enqueue(db: Session, app: App, campaign: Campaign, key: str, reason: str, kind: str,
             invitation: InvitationRow, compose, now: datetime) -> bool:
    item = OutboxItem(dedupe_key=key, reason=reason, kind=kind, campaign=campaign, recipients=(invitation.email,),
                      compose=compose)
    return enqueue(db, item, now, own=app.own_mail, message_id_domain=app.settings.worker.message_id_domain).queued


def _addressing(campaign: Campaign, to: tuple[str, ...], message_id: str, now: datetime) -> Addressing:
    # Questions go to staff; a calendar's answer goes to the ORGANIZER, the mailbox the bot reads.
    return Addressing(campaign=campaign, to=to, message_id=message_id, now=now, language=campaign.language,
                      reply_to=campaign.questions_to)
