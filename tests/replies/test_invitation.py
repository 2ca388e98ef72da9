"""replies/invitation.py and replies/reminder.py: meeting requests as Outlook and Gmail need them
(RFC 6047), their words in Swedish and English, and the calendar object inside."""

from __future__ import annotations

import dataclasses
import email
import email.policy
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import jinja2
import pytest
from icalendar import Calendar

from parsers.model import Campaign, ReminderOffset
from replies.invitation import Invitation, InvitationKind, compose_invitation
from replies.message import Addressing
from replies.reminder import Reminder, compose_reminder
from replies.render import make_environment
from tests.support.icaljs import read_with_icaljs
from tests.support.itip import itip_problems

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=timezone(timedelta(hours=2)))
OWN_ID = "<intake.invitation.5a1b@lansstyrelsen.se>"


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return make_environment()


def addressing(campaign: Campaign, language: str = "sv") -> Addressing:
    return Addressing(campaign=campaign, to=("elin.andersson@lerum.se",), message_id=OWN_ID, now=NOW,
                      language=language, reply_to=campaign.questions_to)


def invitation(campaign: Campaign, kind: InvitationKind = InvitationKind.INVITATION, language: str = "sv",
               **changes) -> Invitation:
    value = Invitation(kind, addressing(campaign, language), campaign.session("info-2025-10-07"), 0, "Elin Andersson")
    return dataclasses.replace(value, **changes)


def reparsed(message: EmailMessage) -> EmailMessage:
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)  # type: ignore[return-value]


def calendar_part(message: EmailMessage) -> EmailMessage:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part  # type: ignore[return-value]


@pytest.mark.parametrize("kind", list(InvitationKind))
def test_a_meeting_request_is_an_alternative_beside_text_and_html(vg_campaign: Campaign, env, kind) -> None:
    message = reparsed(compose_invitation(invitation(vg_campaign, kind), env))
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html", "text/calendar"]
    method = "CANCEL" if kind is InvitationKind.CANCELLATION else "REQUEST"
    inline = calendar_part(message)
    assert (inline.get_param("method"), inline.get_content_charset()) == (method, "utf-8")
    assert inline.get_content_disposition() is None  # shown, not offered as a file
    assert (attachment.get_content_type(), attachment.get_filename()) == ("application/ics", "invite.ics")
    assert attachment.get_payload(decode=True) == inline.get_payload(decode=True)
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Reply-To"] == vg_campaign.questions_to
    assert "In-Reply-To" not in message
    assert itip_problems(inline.get_payload(decode=True), method) == []
    # Written as Outlook and Gmail write it (RFC 6047), parameters unquoted.
    assert f"Content-Type: text/calendar; method={method}; charset=UTF-8\n".encode() in message.as_bytes()


def test_without_the_attachment_only_the_inline_part_remains(vg_campaign: Campaign, env) -> None:
    message = reparsed(compose_invitation(invitation(vg_campaign, attach_ics=False), env))
    assert message.get_content_type() == "multipart/alternative"
    assert list(message.iter_attachments()) == []


@pytest.mark.parametrize(("language", "subject", "words"), [
    ("sv", "Inbjudan: Digital informationsträff om Jämställt Västra Götaland 2024–2027, tisdag 7 oktober 2025 "
           "kl. 09.00–10.00 (Dnr 801-9838-2024)", ("Välkommen till en digital informationsträff", "Tacka nej")),
    ("en", "Invitation: Digital informationsträff om Jämställt Västra Götaland 2024–2027, Tuesday 7 October 2025, "
           "09:00–10:00 (Dnr 801-9838-2024)", ("Welcome to a digital information session", "Decline")),
])
def test_invitation_words(vg_campaign: Campaign, env, language: str, subject: str, words) -> None:
    message = reparsed(compose_invitation(invitation(vg_campaign, language=language), env))
    assert message["Subject"] == subject
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for word in words:
        assert word in text and word in html
    session = vg_campaign.session("info-2025-10-07")
    assert session.join_url in text and f'href="{session.join_url}"' in html
    assert message["Content-Language"] == language


def test_the_summary_carries_the_case_number_so_answers_come_back(vg_campaign: Campaign, env) -> None:
    ical = calendar_part(reparsed(compose_invitation(invitation(vg_campaign), env))).get_payload(decode=True)
    (vevent,) = Calendar.from_ical(ical).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Digital informationsträff om Jämställt Västra Götaland 2024–2027 (Dnr 801-9838-2024)"
    assert vevent["ATTENDEE"].params["CN"] == "Elin Andersson"
    assert "Tacka nej" in str(vevent["DESCRIPTION"])


def test_update_says_where_the_session_moved_from(vg_campaign: Campaign, env, icaljs: str) -> None:
    moved = dataclasses.replace(vg_campaign.session("info-2025-10-07"),
                                starts_at=datetime.fromisoformat("2025-11-04T13:00:00+01:00"),
                                ends_at=datetime.fromisoformat("2025-11-04T14:00:00+01:00"))
    value = invitation(vg_campaign, InvitationKind.UPDATE, session=moved, sequence=1,
                       previous=vg_campaign.session("info-2025-10-07"))
    message = reparsed(compose_invitation(value, env))
    assert message["Subject"].startswith("Ändrad tid: ") and "4 november 2025 kl. 13.00–14.00" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "Den var tidigare tisdag 7 oktober 2025 kl. 09.00–10.00." in text
    (read,) = read_with_icaljs(icaljs, [calendar_part(message).get_payload(decode=True)])
    (vevent,) = read["events"]
    assert (vevent["sequence"], vevent["start"]) == (1, "2025-11-04T12:00:00.000Z")


def test_cancellation_has_no_link_to_join(vg_campaign: Campaign, env) -> None:
    message = reparsed(compose_invitation(invitation(vg_campaign, InvitationKind.CANCELLATION, sequence=2), env))
    assert message["Subject"].startswith("Inställd: ")
    text = message.get_body(("plain",)).get_content()
    assert "är tyvärr inställd" in text and "Anslut via länken" not in text
    (vevent,) = Calendar.from_ical(calendar_part(message).get_payload(decode=True)).walk("VEVENT")
    assert (str(vevent["STATUS"]), int(vevent["SEQUENCE"])) == ("CANCELLED", 2)
    assert "Tacka nej" not in str(vevent["DESCRIPTION"]) and "tar bort träffen" in str(vevent["DESCRIPTION"])


def test_reminder_repeats_the_object_with_the_same_uid_and_sequence(vg_campaign: Campaign, env) -> None:
    reminder = Reminder(addressing(vg_campaign), vg_campaign.session("info-2025-10-07"), 1,
                        ReminderOffset("1d", timedelta(days=1)), "Elin Andersson", partstat="ACCEPTED")
    message = reparsed(compose_reminder(reminder, env))
    assert message["Subject"] == ("Påminnelse: Digital informationsträff om Jämställt Västra Götaland 2024–2027, "
                                  "tisdag 7 oktober 2025 kl. 09.00–10.00 (Dnr 801-9838-2024)")
    text = message.get_body(("plain",)).get_content()
    assert "äger rum tisdag 7 oktober 2025 kl. 09.00–10.00" in text
    assert vg_campaign.session("info-2025-10-07").join_url in text
    ical = calendar_part(message).get_payload(decode=True)
    assert itip_problems(ical, "REQUEST") == []
    (vevent,) = Calendar.from_ical(ical).walk("VEVENT")
    assert (str(vevent["UID"]), int(vevent["SEQUENCE"])) == (
        "intake.session.jamstallt-vg-2024-2027.info-2025-10-07@lansstyrelsen.se", 1)
    assert vevent["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"  # accepted already: not asked again
    assert message["Auto-Submitted"] == "auto-generated"


@pytest.mark.parametrize("kind", list(InvitationKind))
def test_subjects_never_carry_a_line_break(vg_campaign: Campaign, env, kind) -> None:
    session = dataclasses.replace(vg_campaign.session("info-2025-10-07"), title="Träff\r\nBcc: evil@example.com")
    message = compose_invitation(invitation(vg_campaign, kind, session=session), env)
    assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
    assert "Bcc" not in message.keys()


def test_a_naive_now_is_refused(vg_campaign: Campaign, env) -> None:
    value = invitation(vg_campaign, addressing=dataclasses.replace(addressing(vg_campaign), now=datetime(2025, 6, 2)))
    with pytest.raises(ValueError, match="timezone-aware"):
        compose_invitation(value, env)
