"""Information sessions as iCalendar objects (RFC 5545) for iTIP (RFC 5546): REQUEST and CANCEL.

One VEVENT per object, with a UID that is stable per campaign and session (so an update or a
cancellation replaces the event the invitee already has), the SEQUENCE of the change, the
board as ORGANIZER and the contact as the one ATTENDEE asked to answer.

Times are written with TZID=Europe/Stockholm and a VTIMEZONE of our own, with the two yearly
RRULE changes (as Outlook writes the zone). icalendar's ``add_missing_timezones()`` writes the
changes as one comma-separated RDATE list instead, of which Mozilla's ical.js (Thunderbird)
reads only the first date, which puts every summer session an hour off there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import TYPE_CHECKING

from parsers.model import LOCAL_ZONE, Campaign
from replies.cleaning import single_line

if TYPE_CHECKING:  # icalendar is imported when an object is written: a pass that sends none does not pay for it
    from icalendar import Event, Timezone, vCalAddress

PRODID = "-//intake-bot//information sessions//SV"
TZID = "Europe/Stockholm"
# The EU rule Europe/Stockholm follows: summer time from the last Sunday of March, 01:00 UTC,
# to the last Sunday of October, 01:00 UTC.
_WINTER, _SUMMER = timedelta(hours=1), timedelta(hours=2)


class Method(StrEnum):
    REQUEST = "REQUEST"  # an invitation or an update: the event as it now is
    CANCEL = "CANCEL"    # the event is cancelled


@dataclass(frozen=True)
class Party:
    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One information session as a calendar object carries it to one invitee."""

    uid: str
    sequence: int
    stamp: datetime       # DTSTAMP: when this object was made
    organizer: Party      # the campaign's reply address, with the board as CN
    attendee: Party
    summary: str
    description: str
    starts_at: datetime
    ends_at: datetime
    join_url: str         # LOCATION and URL
    partstat: str = "NEEDS-ACTION"  # the attendee's answer as the board knows it (a reminder repeats it)


def session_uid(campaign: Campaign, session_id: str) -> str:
    """The UID every calendar object about ``session_id`` carries, in every message."""
    domain = campaign.reply_from.rsplit("@", 1)[-1].lower()
    return single_line(f"intake.session.{campaign.key}.{session_id}@{domain}").replace(" ", "-")


def calendar_object(method: Method, event: CalendarEvent) -> bytes:
    """The whole VCALENDAR as UTF-8 with CRLF line ends, folded at 75 octets.

    Raises ValueError for a naive time or one the zone rules below do not cover."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method.value)
    calendar.add_component(stockholm_timezone())
    calendar.add_component(_vevent(method, event))
    return calendar.to_ical()


def stockholm_timezone() -> Timezone:
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("TZID", TZID)
    zone.add_component(_zone_rule(TimezoneStandard(), "CET", datetime(1970, 10, 25, 3), _SUMMER, _WINTER, 10))
    zone.add_component(_zone_rule(TimezoneDaylight(), "CEST", datetime(1970, 3, 29, 2), _WINTER, _SUMMER, 3))
    return zone


def _zone_rule(rule, name: str, start: datetime, offset_from: timedelta, offset_to: timedelta, month: int):
    rule.add("DTSTART", start)
    rule.add("TZOFFSETFROM", offset_from)
    rule.add("TZOFFSETTO", offset_to)
    rule.add("TZNAME", name)
    rule.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"})
    return rule


def _vevent(method: Method, event: CalendarEvent) -> Event:
    from icalendar import Event

    vevent = Event()
    vevent.add("UID", event.uid)
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("DTSTAMP", _utc(event.stamp))
    vevent.add("DTSTART", _local(event.starts_at))
    vevent.add("DTEND", _local(event.ends_at))
    vevent.add("SUMMARY", single_line(event.summary))
    vevent.add("DESCRIPTION", event.description.replace("\r\n", "\n"))
    vevent.add("LOCATION", single_line(event.join_url))
    vevent.add("URL", single_line(event.join_url))
    vevent.add("STATUS", "CANCELLED" if method is Method.CANCEL else "CONFIRMED")
    vevent.add("TRANSP", "OPAQUE")
    vevent.add("ORGANIZER", _address(event.organizer, {}))
    vevent.add("ATTENDEE", _address(event.attendee, {
        "CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": _partstat(event.partstat),
        "RSVP": "FALSE" if method is Method.CANCEL else "TRUE"}))
    return vevent


def _address(party: Party, params: dict[str, str]) -> vCalAddress:
    from icalendar import vCalAddress

    address = vCalAddress(f"mailto:{single_line(party.email)}")
    if single_line(party.name):
        address.params["CN"] = single_line(party.name)
    address.params.update(params)
    return address


def _partstat(value: str) -> str:
    if value not in ("NEEDS-ACTION", "ACCEPTED", "TENTATIVE", "DECLINED", "DELEGATED"):
        raise ValueError(f"not a PARTSTAT: {value!r}")
    return value


def _utc(moment: datetime) -> datetime:
    _require_aware(moment)
    return moment.astimezone(timezone.utc)


def _local(moment: datetime) -> datetime:
    _require_aware(moment)
    local = moment.astimezone(LOCAL_ZONE)
    if local.utcoffset() != _rule_offset(moment):
        raise ValueError(f"{TZID} no longer follows the zone rules written in replies/ics.py at {local.isoformat()}")
    return local


def _rule_offset(moment: datetime) -> timedelta:
    utc = moment.astimezone(timezone.utc)
    summer_from, summer_to = _last_sunday(utc.year, 3), _last_sunday(utc.year, 10)
    return _SUMMER if summer_from <= utc < summer_to else _WINTER


def _last_sunday(year: int, month: int) -> datetime:
    """The last Sunday of ``month`` at 01:00 UTC, when the EU changes the clocks."""
    day = datetime(year, month + 1, 1, 1, tzinfo=timezone.utc) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("calendar times must be timezone-aware")
