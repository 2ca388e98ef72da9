"""Reminders before an information session: the time in words, the join link, and the same
calendar object as the last invitation or update (same UID and SEQUENCE, so a calendar that
has the event already sees nothing new and one that lost it gets it back)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING

from parsers.model import InfoSession, ReminderOffset
from replies.ics import Method
from replies.invitation import SessionMessage, compose_session_message
from replies.message import Addressing

if TYPE_CHECKING:  # Jinja2 is imported when something is composed (bot.app.App.templates)
    from replies.render import Templates

REMINDER = "reminder"


@dataclass(frozen=True)
class Reminder:
    addressing: Addressing
    session: InfoSession
    sequence: int               # the SEQUENCE last sent to this invitee
    offset: ReminderOffset      # which of the campaign's reminders this is
    attendee_name: str = ""
    attach_ics: bool = True
    partstat: str = "NEEDS-ACTION"  # what the invitee answered: the object repeats it, so no calendar asks again


def compose_reminder(reminder: Reminder, env: Templates) -> EmailMessage:
    """The complete message; raises ValueError for values that cannot make one (programming errors)."""
    shared = SessionMessage(reminder.addressing, reminder.session, reminder.sequence, Method.REQUEST,
                            reminder.attendee_name, reminder.attach_ics, reminder.partstat)
    return compose_session_message(shared, REMINDER, env, {"offset": reminder.offset.label})
