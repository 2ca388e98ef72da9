"""Calendar replies to our invitations (iTIP METHOD:REPLY, RFC 5546): who answered what.

Read with the icalendar library: the attendee who answered and how (PARTSTAT), the UID and
SEQUENCE of the invitation answered, and the event's DTSTART and SUMMARY, by which an answer
is matched when a client rewrote the UID. A part that cannot be read as iCalendar is not a reply.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.message import EmailMessage

from icalendar import Calendar

from parsers.mime.reports import decoded_text
from parsers.mime.walk import own_leaves

CALENDAR_TYPES = frozenset({"text/calendar", "application/ics"})
PARTSTATS = frozenset({"ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED", "NEEDS-ACTION"})
log = logging.getLogger("intake.parsers")


@dataclass(frozen=True)
class CalendarReply:
    attendee: str                    # the address that answered, lower-case
    partstat: str                    # ACCEPTED | DECLINED | TENTATIVE | DELEGATED | NEEDS-ACTION
    uid: str                         # the UID of the invitation answered
    sequence: int = 0                # the SEQUENCE answered
    starts_at: datetime | None = None  # DTSTART in UTC, when given
    summary: str = ""
    stamp: datetime | None = None    # DTSTAMP in UTC: when the attendee answered


def calendar_reply(message: EmailMessage) -> CalendarReply | None:
    """The answer in a METHOD:REPLY calendar part of the message itself, if there is one."""
    for part in own_leaves(message):
        if part.get_content_type() in CALENDAR_TYPES:
            found = reply_in(decoded_text(part))
            if found is not None:
                return found
    return None


def reply_in(text: str) -> CalendarReply | None:
    """The first VEVENT of a METHOD:REPLY object with an attendee, or None."""
    try:
        calendar = Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises ValueError, KeyError and more on broken input
        log.debug("calendar part not readable: %s", exc)
        return None
    if str(calendar.get("METHOD", "")).strip().upper() != "REPLY":
        return None
    for event in calendar.walk("VEVENT"):
        found = _answer(event)
        if found is not None:
            return found
    return None


def _answer(event) -> CalendarReply | None:
    attendees = event.get("ATTENDEE")
    attendee = (attendees[0] if attendees else None) if isinstance(attendees, list) else attendees
    if attendee is None:
        return None
    address = str(attendee).strip()
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:"):]
    partstat = str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).strip().upper()
    return CalendarReply(
        attendee=address.strip().lower(),
        partstat=partstat if partstat in PARTSTATS else "NEEDS-ACTION",
        uid=str(event.get("UID", "")).strip(),
        sequence=_integer(event.get("SEQUENCE")),
        starts_at=_utc(event, "DTSTART"),
        summary=" ".join(str(event.get("SUMMARY", "")).split()),
        stamp=_utc(event, "DTSTAMP"),
    )


def _integer(value: object) -> int:
    try:
        return max(int(str(value)), 0) if value is not None else 0
    except ValueError:
        return 0


def _utc(event, name: str) -> datetime | None:
    try:
        value = event.decoded(name)
    except Exception:  # missing, or a value icalendar cannot read
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return None
