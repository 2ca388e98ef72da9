"""RFC 5546's required properties for the iTIP methods intake-bot sends (REQUEST, CANCEL) and
reads (REPLY), checked on an object parsed back with icalendar."""

from __future__ import annotations

from icalendar import Calendar, vCalAddress

CALENDAR = ("PRODID", "VERSION", "METHOD")
# property -> how often it may occur in the VEVENT: "1", "1+" (RFC 5546 §3.2.2, §3.2.3, §3.2.5)
VEVENT = {
    "REQUEST": {"ATTENDEE": "1+", "DTSTAMP": "1", "DTSTART": "1", "ORGANIZER": "1", "SUMMARY": "1", "UID": "1"},
    "CANCEL": {"ATTENDEE": "1+", "DTSTAMP": "1", "ORGANIZER": "1", "SEQUENCE": "1", "UID": "1"},
    "REPLY": {"ATTENDEE": "1", "DTSTAMP": "1", "ORGANIZER": "1", "UID": "1"},
}


def itip_problems(data: bytes | str, method: str) -> list[str]:
    """What in ``data`` breaks RFC 5546 for ``method``; [] when nothing does."""
    calendar = Calendar.from_ical(data)
    problems = [f"VCALENDAR lacks {name}" for name in CALENDAR if name not in calendar]
    if str(calendar.get("METHOD", "")) != method:
        problems.append(f"METHOD is {calendar.get('METHOD')!r}, not {method}")
    events = calendar.walk("VEVENT")
    if len(events) != 1:
        problems.append(f"{len(events)} VEVENTs, expected one")
    for event in events:
        problems += _event_problems(event, method)
    tzids = {p.params["TZID"] for e in events for name in ("DTSTART", "DTEND") if (p := e.get(name)) is not None
             and "TZID" in p.params}
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    problems += [f"TZID {tzid} has no VTIMEZONE" for tzid in sorted(tzids - zones)]
    return problems


def _event_problems(event, method: str) -> list[str]:
    problems = []
    for name, occurs in VEVENT[method].items():
        value = event.get(name)
        count = 0 if value is None else len(value) if isinstance(value, list) else 1
        if count == 0 or (occurs == "1" and count != 1):
            problems.append(f"VEVENT has {count} {name}, RFC 5546 wants {occurs}")
    if method == "REQUEST" and int(event.get("SEQUENCE", 0)) > 0 and "SEQUENCE" not in event:
        problems.append("SEQUENCE above 0 must be present")
    if method == "CANCEL" and str(event.get("STATUS", "CANCELLED")) != "CANCELLED":
        problems.append("a CANCEL's STATUS must be CANCELLED")
    if "DTEND" in event and "DURATION" in event:
        problems.append("DTEND and DURATION together")
    return problems


def client_reply(request: bytes, partstat: str, stamp: str = "20250603T080000Z", *, uid: str | None = None,
                 prodid: str = "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN", attendee: str | None = None) -> bytes:
    """What a calendar client sends back for our REQUEST: METHOD:REPLY, the one ATTENDEE with
    its PARTSTAT, the same UID (or ``uid``, as a client that rewrites it) and SEQUENCE; with
    ``attendee``, as answered by someone the invitation was forwarded to."""
    calendar = Calendar.from_ical(request)
    calendar["METHOD"] = "REPLY"
    calendar["PRODID"] = prodid
    (event,) = calendar.walk("VEVENT")
    if attendee is not None:
        event["ATTENDEE"] = vCalAddress(f"mailto:{attendee}")
    answered = event["ATTENDEE"]
    answered.params["PARTSTAT"] = partstat
    answered.params.pop("RSVP", None)
    for name in ("DESCRIPTION", "URL", "LOCATION", "DTSTAMP"):
        event.pop(name, None)
    event.add("DTSTAMP", _stamp(stamp))
    if uid is not None:
        event["UID"] = uid
    return calendar.to_ical()


def _stamp(text: str):
    from datetime import datetime, timezone
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
