"""replies/ics.py: calendar objects parsed back with icalendar and with Mozilla's ical.js,
against RFC 5546 and the campaign file's times, in summer and in winter."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from parsers.model import Campaign, InfoSession
from replies.ics import CalendarEvent, Method, Party, calendar_object, session_uid
from tests.support.icaljs import read_with_icaljs
from tests.support.itip import itip_problems

STAMP = datetime(2025, 6, 2, 7, 0, 12, tzinfo=timezone.utc)
WINTER = InfoSession("info-2025-11-20", "Digital informationsträff", datetime.fromisoformat("2025-11-20T14:00:00+01:00"),
                     datetime.fromisoformat("2025-11-20T15:30:00+01:00"), "https://meet.example/w", "20 november")
# The first day of summer time: 02:00 does not exist, 10:00 is +02:00.
CHANGEOVER = InfoSession("info-2026-03-29", "Söndagsträff", datetime.fromisoformat("2026-03-29T10:00:00+02:00"),
                         datetime.fromisoformat("2026-03-29T11:00:00+02:00"), "https://meet.example/c", "29 mars")


def sessions(vg_campaign: Campaign) -> list[InfoSession]:
    return [vg_campaign.session("info-2025-10-07"), vg_campaign.session("info-2025-04-17"), WINTER, CHANGEOVER]


def event(campaign: Campaign, session: InfoSession, sequence: int = 0) -> CalendarEvent:
    return CalendarEvent(uid=session_uid(campaign, session.id), sequence=sequence, stamp=STAMP,
                         organizer=Party(campaign.reply_from, campaign.board),
                         attendee=Party("elin.andersson@lerum.se", "Andersson, Elin"),
                         summary=f"{session.title} (Dnr {campaign.case_number})", description="Rad ett\nRad två",
                         starts_at=session.starts_at, ends_at=session.ends_at, join_url=session.join_url)


@pytest.mark.parametrize("method", list(Method))
def test_every_object_meets_rfc_5546(vg_campaign: Campaign, method: Method) -> None:
    for session in sessions(vg_campaign):
        assert itip_problems(calendar_object(method, event(vg_campaign, session, 2)), method.value) == []


def test_times_read_back_in_utc_as_the_campaign_file_says(vg_campaign: Campaign, icaljs: str) -> None:
    objects = [calendar_object(Method.REQUEST, event(vg_campaign, s)) for s in sessions(vg_campaign)]
    by_icaljs = read_with_icaljs(icaljs, objects)
    for session, data, other in zip(sessions(vg_campaign), objects, by_icaljs):
        (vevent,) = Calendar.from_ical(data).walk("VEVENT")
        assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
        assert vevent.decoded("DTSTART").astimezone(timezone.utc) == session.starts_at.astimezone(timezone.utc)
        assert vevent.decoded("DTEND").astimezone(timezone.utc) == session.ends_at.astimezone(timezone.utc)
        (read,) = other["events"]
        assert (read["tzid"], _utc(read["start"]), _utc(read["end"])) == (
            "Europe/Stockholm", session.starts_at.astimezone(timezone.utc), session.ends_at.astimezone(timezone.utc))


def test_the_october_session_is_summer_time_and_the_november_one_winter(vg_campaign: Campaign) -> None:
    summer, _, winter, _ = sessions(vg_campaign)
    assert b"DTSTART;TZID=Europe/Stockholm:20251007T090000" in calendar_object(Method.REQUEST, event(vg_campaign, summer))
    assert b"DTSTART;TZID=Europe/Stockholm:20251120T140000" in calendar_object(Method.REQUEST, event(vg_campaign, winter))


def test_the_zone_is_written_as_yearly_rules_not_a_list_of_dates(vg_campaign: Campaign) -> None:
    (zone,) = Calendar.from_ical(calendar_object(Method.REQUEST, event(vg_campaign, WINTER))).walk("VTIMEZONE")
    rules = {rule.name: rule for rule in zone.subcomponents}
    assert set(rules) == {"STANDARD", "DAYLIGHT"}
    assert all("RDATE" not in rule for rule in rules.values())
    assert rules["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert rules["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"


def test_icaljs_misreads_the_rdate_zone_that_icalendar_would_add(vg_campaign: Campaign, icaljs: str) -> None:
    # Why we write the zone ourselves: the same summer event with add_missing_timezones()'s
    # VTIMEZONE is an hour off in Thunderbird's parser. (Guards the ical.js check too.)
    summer = vg_campaign.session("info-2025-10-07")
    calendar = Calendar.from_ical(calendar_object(Method.REQUEST, event(vg_campaign, summer)))
    calendar.subcomponents = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.add_missing_timezones()
    assert b"RDATE" in calendar.to_ical()
    (read,) = read_with_icaljs(icaljs, [calendar.to_ical()])[0]["events"]
    assert _utc(read["start"]) == summer.starts_at.astimezone(timezone.utc) + timedelta(hours=1)


def test_request_and_cancel_say_what_they_are(vg_campaign: Campaign, icaljs: str) -> None:
    session = vg_campaign.session("info-2025-10-07")
    request = calendar_object(Method.REQUEST, event(vg_campaign, session, 0))
    cancel = calendar_object(Method.CANCEL, event(vg_campaign, session, 3))
    read_request, read_cancel = read_with_icaljs(icaljs, [request, cancel])
    assert (read_request["method"], read_cancel["method"]) == ("REQUEST", "CANCEL")
    (one,), (two,) = read_request["events"], read_cancel["events"]
    assert one["uid"] == two["uid"] == "intake.session.jamstallt-vg-2024-2027.info-2025-10-07@lansstyrelsen.se"
    assert (one["sequence"], one["status"], two["sequence"], two["status"]) == (0, "CONFIRMED", 3, "CANCELLED")
    assert one["organizer"] == "mailto:vastragotaland@lansstyrelsen.se"
    assert one["attendees"] == [{"value": "mailto:elin.andersson@lerum.se", "cn": "Andersson, Elin",
                                 "role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "TRUE"}]
    assert (one["url"], one["location"]) == (session.join_url, session.join_url)
    assert one["description"] == "Rad ett\nRad två"
    vevent = Calendar.from_ical(request).walk("VEVENT")[0]
    assert vevent["ORGANIZER"].params["CN"] == "Länsstyrelsen Västra Götaland"
    assert vevent.decoded("DTSTAMP") == STAMP


def test_uid_is_stable_per_campaign_and_session(vg_campaign: Campaign, vm_campaign: Campaign) -> None:
    assert session_uid(vg_campaign, "info-2025-10-07") == session_uid(vg_campaign, "info-2025-10-07")
    assert session_uid(vg_campaign, "info-2025-10-07") != session_uid(vg_campaign, "info-2025-05-13")
    assert session_uid(vg_campaign, "x") != session_uid(vm_campaign, "x")


def test_naive_times_are_refused(vg_campaign: Campaign) -> None:
    naive = InfoSession("n", "t", datetime(2025, 10, 7, 9), datetime(2025, 10, 7, 10), "https://x", "n")
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar_object(Method.REQUEST, event(vg_campaign, naive))


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))
