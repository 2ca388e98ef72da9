"""parsers/calendar_reply.py: METHOD:REPLY objects as Outlook, Gmail and Thunderbird write them,
read with icalendar; what is not a readable reply is None, never an exception."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.calendar_reply import calendar_reply, reply_in
from parsers.mime.message import parse_message
from replies.ics import CalendarEvent, Method, Party, calendar_object
from tests.support.icaljs import read_with_icaljs
from tests.support.itip import client_reply, itip_problems

OUTLOOK = (
    "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n"
    "METHOD:REPLY\r\nBEGIN:VEVENT\r\nATTENDEE;CN=\"Holm, Sara\";RSVP=TRUE;PARTSTAT=ACCEPTED:mailto:Sara.Holm@harr\r\n"
    " yda.se\r\nORGANIZER:mailto:vastragotaland@lansstyrelsen.se\r\nDTSTART:20251007T070000Z\r\n"
    "SUMMARY;LANGUAGE=sv-SE:Godkänt: Digital informationsträff (Dnr 801-9838-2024)\r\n"
    "UID:040000008200E00074C5B7101A82E00800000000\r\nSEQUENCE:2\r\nDTSTAMP:20250506T101010Z\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n")
THUNDERBIRD_TZ = (
    "BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\nVERSION:2.0\r\nMETHOD:REPLY\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:intake.session.x@lansstyrelsen.se\r\nDTSTAMP:20250601T120000Z\r\n"
    "ORGANIZER:mailto:vastragotaland@lansstyrelsen.se\r\nATTENDEE;PARTSTAT=TENTATIVE:mailto:olof.ek@kungalv.se\r\n"
    "DTSTART;TZID=Europe/Stockholm:20251007T090000\r\nSUMMARY:Träff\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def message_with(ical: str | bytes, subtype: str = "calendar", method: str = "REPLY") -> EmailMessage:
    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "sara.holm@harryda.se", "Godkänt: Träff", "<r@h>"
    message.set_content("Svar")
    data = ical.encode() if isinstance(ical, str) else ical
    message.add_alternative(data, maintype="text" if subtype == "calendar" else "application", subtype=subtype,
                            params={"method": method})
    return parse_message(message.as_bytes())


def test_outlook_reply_with_its_own_uid() -> None:
    found = calendar_reply(message_with(OUTLOOK))
    assert found is not None
    assert (found.attendee, found.partstat, found.uid, found.sequence) == (
        "sara.holm@harryda.se", "ACCEPTED", "040000008200E00074C5B7101A82E00800000000", 2)
    assert found.starts_at == datetime(2025, 10, 7, 7, 0, tzinfo=timezone.utc)
    assert found.summary == "Godkänt: Digital informationsträff (Dnr 801-9838-2024)"
    assert found.stamp == datetime(2025, 5, 6, 10, 10, 10, tzinfo=timezone.utc)


def test_thunderbird_reply_with_a_zone_is_read_in_utc() -> None:
    found = calendar_reply(message_with(THUNDERBIRD_TZ, subtype="ics"))
    assert found is not None and found.partstat == "TENTATIVE" and found.sequence == 0
    assert found.starts_at == datetime(2025, 10, 7, 7, 0, tzinfo=timezone.utc)


def test_a_reply_to_our_own_request_meets_rfc_5546_and_reads_the_same_in_icaljs(vg_campaign, icaljs: str) -> None:
    session = vg_campaign.session("info-2025-10-07")
    request = calendar_object(Method.REQUEST, CalendarEvent(
        "intake.session.jamstallt-vg-2024-2027.info-2025-10-07@lansstyrelsen.se", 1,
        datetime(2025, 6, 2, tzinfo=timezone.utc), Party(vg_campaign.reply_from, vg_campaign.board),
        Party("elin.andersson@lerum.se", "Elin"), "Träff (Dnr 801-9838-2024)", "", session.starts_at,
        session.ends_at, session.join_url))
    reply = client_reply(request, "DECLINED")
    assert itip_problems(reply, "REPLY") == []
    found = reply_in(reply.decode())
    assert found is not None
    (other,) = read_with_icaljs(icaljs, [reply])[0]["events"]
    assert other["uid"] == found.uid and other["sequence"] == found.sequence == 1
    assert other["attendees"][0]["partstat"] == found.partstat == "DECLINED"
    assert datetime.fromisoformat(other["start"].replace("Z", "+00:00")) == found.starts_at


@pytest.mark.parametrize("text", [
    OUTLOOK.replace("METHOD:REPLY", "METHOD:REQUEST"),             # an invitation, not an answer
    OUTLOOK.replace("ATTENDEE;", "X-ATTENDEE;"),                    # nobody answered
    "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n",          # cut off
    "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nDTSTART:gibberish\r\nEND:VCALENDAR\r\n",
    "\x00\xff not a calendar",
    "",
])
def test_what_is_not_a_readable_reply_is_none(text: str) -> None:
    assert reply_in(text) is None


def test_an_unknown_partstat_counts_as_no_answer_and_a_bad_sequence_as_zero() -> None:
    found = reply_in(OUTLOOK.replace("PARTSTAT=ACCEPTED", "PARTSTAT=X-MAYBE").replace("SEQUENCE:2", "SEQUENCE:zwei"))
    assert found is not None and (found.partstat, found.sequence) == ("NEEDS-ACTION", 0)


def test_a_date_without_time_still_gives_a_start() -> None:
    found = reply_in(OUTLOOK.replace("DTSTART:20251007T070000Z", "DTSTART;VALUE=DATE:20251007"))
    assert found is not None and found.starts_at == datetime(2025, 10, 7, tzinfo=timezone.utc)
    assert found.stamp - datetime(2025, 5, 6, tzinfo=timezone.utc) < timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(OUTLOOK.splitlines(keepends=True) + ["ATTENDEE;PARTSTAT=\r\n", "UID\r\n", " x\r\n",
                                                                      "DTSTAMP:2025\r\n", "BEGIN:VEVENT\r\n"]),
                max_size=30), st.text(max_size=40))
def test_any_mix_of_lines_is_a_reply_or_none(lines: list[str], noise: str) -> None:
    found = reply_in("".join(lines) + noise)
    assert found is None or found.partstat in {"ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED", "NEEDS-ACTION"}
