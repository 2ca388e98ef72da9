"""Invitations to an information session, updates when it changes, and its cancellation.

Each is one message per session and invitee: a short text and HTML part and, beside them, the
iTIP object (``replies.ics``) inline as ``text/calendar; method=REQUEST|CANCEL``, which is what
makes Outlook, Gmail and Thunderbird show a meeting request with Accept and Decline (RFC 6047);
the same object is attached as invite.ics for clients that only import files. The subject and
the event's SUMMARY carry the case number, so an answer from any calendar ("Godkänt: ...")
is routed back to the campaign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from enum import StrEnum
from typing import TYPE_CHECKING

from parsers.model import InfoSession
from replies.cleaning import single_line
from replies.dates import format_session
from replies.ics import CalendarEvent, Method, Party, calendar_object, session_uid
from replies.message import (Addressing, AutoSubmitted, CalendarPart, OutgoingFile, set_body, set_headers,
                             set_language)

if TYPE_CHECKING:  # Jinja2 is imported when something is composed (bot.app.App.templates)
    from replies.render import Templates

ICS_FILE = "invite.ics"


class InvitationKind(StrEnum):
    INVITATION = "invitation"            # the first invitation to a session
    UPDATE = "session_update"            # the session moved or its details changed
    CANCELLATION = "session_cancelled"   # the session is dropped


_METHOD = {InvitationKind.INVITATION: Method.REQUEST, InvitationKind.UPDATE: Method.REQUEST,
           InvitationKind.CANCELLATION: Method.CANCEL}


@dataclass(frozen=True)
class Invitation:
    kind: InvitationKind
    addressing: Addressing
    session: InfoSession            # as the campaign file has it now (as it was, for a cancellation)
    sequence: int                   # SEQUENCE of this object: above every one sent before for a change
    attendee_name: str = ""         # the contact's name, the ATTENDEE's CN
    previous: InfoSession | None = None  # UPDATE: the session as the last message showed it
    attach_ics: bool = True         # also attach the object as invite.ics


@dataclass(frozen=True)
class SessionMessage:
    """What every message about one session shares (invitations and reminders)."""

    addressing: Addressing
    session: InfoSession
    sequence: int
    method: Method
    attendee_name: str
    attach_ics: bool
    partstat: str = "NEEDS-ACTION"  # the invitee's answer so far


def compose_invitation(invitation: Invitation, env: Templates) -> EmailMessage:
    """The complete message; raises ValueError for values that cannot make one (programming errors)."""
    shared = SessionMessage(invitation.addressing, invitation.session, invitation.sequence,
                            _METHOD[invitation.kind], invitation.attendee_name, invitation.attach_ics)
    previous = invitation.previous
    extra = {"previous_when": format_session(previous, shared.addressing.language) if previous else None}
    return compose_session_message(shared, invitation.kind.value, env, extra)


def compose_session_message(shared: SessionMessage, name: str, env: Templates,
                            extra: dict[str, object] | None = None) -> EmailMessage:
    """Message ``name`` (its templates and subject) about ``shared.session``, with the calendar object."""
    addressing = shared.addressing
    addressing.check()
    language, campaign = addressing.language, addressing.campaign
    when = format_session(shared.session, language)
    subject = single_line(env.word(language, f"{name}.subject", title=shared.session.title, when=when,
                                   case_number=campaign.case_number))
    context = {**session_context(shared, env, when), "subject": subject, **(extra or {})}
    calendar = CalendarPart(shared.method.value, calendar_object(shared.method, _event(shared, env, context)))
    files = (OutgoingFile(ICS_FILE, "application/ics", calendar.data),) if shared.attach_ics else ()
    message = EmailMessage()
    set_headers(message, addressing, subject, AutoSubmitted.AUTO_GENERATED)
    set_body(message, text=env.render_message(name, language, "txt", context),
             html=env.render_message(name, language, "html", context), files=files, calendar=calendar)
    set_language(message, language)
    return message


def session_context(shared: SessionMessage, env: Templates, when: str) -> dict[str, object]:
    campaign = shared.addressing.campaign
    return {
        "campaign": campaign,
        "case_number": campaign.case_number,
        "session": shared.session,
        "title": single_line(shared.session.title),
        "when": when,
        "join_url": single_line(shared.session.join_url),
        "summary": event_summary(shared.session, campaign.case_number, shared.addressing.language, env),
        "cancelled": shared.method is Method.CANCEL,
    }


def event_summary(session: InfoSession, case_number: str, language: str, env: Templates) -> str:
    """The event's SUMMARY: the title with the case number, which routes answers back to us."""
    return single_line(env.word(language, "session.summary", title=session.title, case_number=case_number))


def _event(shared: SessionMessage, env: Templates, context: dict[str, object]) -> CalendarEvent:
    addressing = shared.addressing
    campaign = addressing.campaign
    description = env.render_message("calendar_description", addressing.language, "txt", context).strip()
    return CalendarEvent(
        uid=session_uid(campaign, shared.session.id), sequence=shared.sequence, stamp=_stamp(addressing.now),
        organizer=Party(campaign.reply_from, campaign.board), attendee=Party(addressing.to[0], shared.attendee_name),
        summary=str(context["summary"]), description=description, starts_at=shared.session.starts_at,
        ends_at=shared.session.ends_at, join_url=shared.session.join_url, partstat=shared.partstat)


def _stamp(now: datetime) -> datetime:
    return now.replace(microsecond=0)
