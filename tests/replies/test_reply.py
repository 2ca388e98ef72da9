"""replies/: the messages the bot sends, composed from plain values."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import re
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import jinja2
import markupsafe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.model import Campaign, Contact, Decision, FormData, GoalSource, Problem, InfoSession, Severity, problem
from replies.problems import describe as real_describe
from replies.message import Addressing, OutgoingFile
from replies.reply import Reply, ReplyKind, compose_reply as compose, reply_to_for
from replies.dates import format_date, format_session
from replies.render import make_environment

NOW = datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=1)))
OWN_ID = "<reply-7f3a@lansstyrelsen.se>"
FORM_ID = "<AM0PR09MB1234.eu@lerum.se>"
EARLIER_ID = "<invitation-42@lansstyrelsen.se>"
SESSION_SV = "tisdag 13 maj 2025 kl. 13.00–14.00"
SESSION_EN = "Tuesday 13 May 2025, 13:00–14:00"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SUBJECT_PREFIXES = {
    (ReplyKind.CONFIRMATION, "sv"): "Bekräftelse: anslutning till Jämställt Västra Götaland 2024–2027",
    (ReplyKind.INCOMPLETE, "sv"): "Komplettering behövs: anslutning till Jämställt Västra Götaland 2024–2027",
    (ReplyKind.NO_ATTACHMENT, "sv"): "Anslutningsblankett för Jämställt Västra Götaland 2024–2027",
    (ReplyKind.CONFIRMATION, "en"): "Confirmation: joining Jämställt Västra Götaland 2024–2027",
    (ReplyKind.INCOMPLETE, "en"): "More information needed: joining Jämställt Västra Götaland 2024–2027",
    (ReplyKind.NO_ATTACHMENT, "en"): "Affiliation form for Jämställt Västra Götaland 2024–2027",
}
KINDS_AND_LANGUAGES = sorted(SUBJECT_PREFIXES, key=lambda key: (key[0].value, key[1]))
MISSING_EMAIL = problem("missing_field", Severity.SENDER, "contact.email")
UNKNOWN_ORGANISATION = problem("unknown_organisation", Severity.STAFF, "organisation", organisation="Lerums kommun")


# --- fixtures and builders ---------------------------------------------------------------

@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return make_environment()


def describe(p: Problem, language: str) -> str:
    return real_describe(p, language)


def lerum_form(**changes: object) -> FormData:
    form = FormData(
        case_number="801-9838-2024",
        organisation="Lerums kommun",
        org_number="212000-1488",
        organisation_type="Kommun",
        contact=Contact("Elin Andersson", "Jämställdhetsstrateg", "elin.andersson@lerum.se", "0302-52 10 00"),
        decision=Decision("Kommunstyrelsen", "§ 91", "2024-05-20", "KS 2024.155"),
        goals=(12, 13, 14),
        goal_source=GoalSource.MARKED,
        plan_text="Vi tar fram en handlingsplan mot våld i nära relationer.\n\nUppföljning sker årligen.",
        sessions=("info-2025-05-13",),
    )
    return dataclasses.replace(form, **changes)


ADDRESSING_FIELDS = {"to", "message_id", "in_reply_to", "references", "now", "language"}


def make_reply(campaign: Campaign, kind: ReplyKind, language: str = "sv", **changes: object) -> Reply:
    blank = ("anslutningsblankett-jämställt.docx", b"PK\x03\x04 not a real docx")
    defaults: dict[str, object] = {
        ReplyKind.CONFIRMATION: {"form": lerum_form(), "status": "registered"},
        ReplyKind.INCOMPLETE: {"form": lerum_form(contact=Contact("Elin Andersson")), "status": "incomplete",
                               "problems": (MISSING_EMAIL,)},
        ReplyKind.NO_ATTACHMENT: {"blank_form": blank},
        ReplyKind.ASK_FOR_DOCX: {"blank_form": blank, "received_files": ("Anslutning.pdf",)},
    }[kind]
    addressing = Addressing(
        campaign=campaign,
        to=("elin.andersson@lerum.se",),
        message_id=OWN_ID,
        in_reply_to=FORM_ID,
        references=(EARLIER_ID,),
        now=NOW,
        language=language,
        reply_to=reply_to_for(kind, campaign),
    )
    values = {"original_subject": "SV: Välkommen att ansluta er, Dnr 801-9838-2024", **defaults, **changes}
    addressing = dataclasses.replace(addressing, **{k: v for k, v in values.items() if k in ADDRESSING_FIELDS})
    values = {k: v for k, v in values.items() if k not in ADDRESSING_FIELDS}
    if isinstance(values.get("blank_form"), tuple):
        name, data = values["blank_form"]
        values["blank_form"] = OutgoingFile(name, DOCX, data)
    return Reply(kind=kind, addressing=addressing, **values)


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def round_trip(message: EmailMessage) -> EmailMessage:
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


# --- every kind in every language ------------------------------------------------------------

@pytest.mark.parametrize(("kind", "language"), KINDS_AND_LANGUAGES)
def test_headers(vg_campaign: Campaign, env: jinja2.Environment, kind: ReplyKind, language: str) -> None:
    message = round_trip(compose(make_reply(vg_campaign, kind, language), env))

    assert message["Message-ID"] == OWN_ID
    assert message["In-Reply-To"] == FORM_ID
    assert message["References"] == f"{EARLIER_ID} {FORM_ID}"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["X-Auto-Response-Suppress"] == "All"
    assert message["Content-Language"] == language
    assert message["Subject"] == f"{SUBJECT_PREFIXES[kind, language]}, " + (
        "Dnr 801-9838-2024" if language == "sv" else "case no. 801-9838-2024")
    assert message["Date"].datetime == NOW
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Länsstyrelsen Västra Götaland", "vastragotaland@lansstyrelsen.se")
    assert [a.addr_spec for a in message["To"].addresses] == ["elin.andersson@lerum.se"]


@pytest.mark.parametrize(("kind", "expected"), [
    # Every answer reaches the mailbox the bot reads: a form carried back is registered,
    # a question is shown to staff as correspondence.
    (ReplyKind.CONFIRMATION, "vastragotaland@lansstyrelsen.se"),
    (ReplyKind.ASK_FOR_DOCX, "vastragotaland@lansstyrelsen.se"),
    (ReplyKind.INCOMPLETE, "vastragotaland@lansstyrelsen.se"),
    (ReplyKind.NO_ATTACHMENT, "vastragotaland@lansstyrelsen.se"),
])
def test_reply_to(vg_campaign: Campaign, env: jinja2.Environment, kind: ReplyKind, expected: str) -> None:
    message = compose(make_reply(vg_campaign, kind), env)
    assert [a.addr_spec for a in message["Reply-To"].addresses] == [expected]


@pytest.mark.parametrize(("kind", "language"), KINDS_AND_LANGUAGES)
def test_every_reply_carries_signature_contact_privacy_and_case(
    vg_campaign: Campaign, env: jinja2.Environment, kind: ReplyKind, language: str
) -> None:
    message = compose(make_reply(vg_campaign, kind, language), env)
    privacy_line = "Så hanterar vi personuppgifter" if language == "sv" else "How we handle your personal data"
    for body in (text_of(message), html_of(message)):
        assert vg_campaign.board in body
        assert vg_campaign.questions_to in body
        assert vg_campaign.privacy_url in body
        assert privacy_line in body
        assert vg_campaign.case_number in body
        assert "{{" not in body and "{%" not in body and "{#" not in body
    assert f"{privacy_line}: {vg_campaign.privacy_url}" in text_of(message)


@pytest.mark.parametrize(("kind", "language"), KINDS_AND_LANGUAGES)
def test_round_trip_keeps_headers_and_parts(
    vg_campaign: Campaign, env: jinja2.Environment, kind: ReplyKind, language: str
) -> None:
    message = compose(make_reply(vg_campaign, kind, language), env)
    parsed = round_trip(message)

    assert [(k, str(v)) for k, v in parsed.items()] == [(k, str(v)) for k, v in message.items()]
    assert text_of(parsed) == text_of(message)
    assert html_of(parsed) == html_of(message)
    assert parsed.get_body(("plain",)).get_content_charset() == "utf-8"
    assert parsed.get_body(("html",)).get_content_charset() == "utf-8"
    assert message.as_bytes().isascii()
    assert [k for k, _ in parsed.items()].count("MIME-Version") == 1
    assert all("MIME-Version" not in part for part in parsed.walk() if part is not parsed)


@pytest.mark.parametrize("kind", [ReplyKind.CONFIRMATION, ReplyKind.INCOMPLETE])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_form_is_read_back(vg_campaign: Campaign, env: jinja2.Environment, kind: ReplyKind, language: str) -> None:
    message = compose(make_reply(vg_campaign, kind, language), env)
    text, html = text_of(message), html_of(message)
    goal_word = "Mål" if language == "sv" else "Goal"
    for number in (12, 13, 14):
        title = vg_campaign.goal(number).title
        assert f"{goal_word} {number} – {title}" in text
        assert str(markupsafe.escape(title)) in html
    when = SESSION_SV if language == "sv" else SESSION_EN
    assert when in text and when in html
    assert vg_campaign.session("info-2025-05-13").join_url in text
    assert "Lerums kommun (212000-1488)" in text
    assert "Kommunstyrelsen, § 91, " + ("20 maj 2024" if language == "sv" else "20 May 2024") + ", KS 2024.155" in text
    assert "Uppföljning sker årligen." in text and "Uppföljning sker årligen." in html


def test_confirmation_sv_wording(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    text = text_of(compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION), env))
    assert "Vi har registrerat er anslutning till Jämställt Västra Götaland 2024–2027." in text
    assert "Elin Andersson, Jämställdhetsstrateg" in text
    # Invited to nothing (every session over): the reply promises no invitation.
    assert "inbjudan" not in text
    assert "Anslut till träffen via länken vid den angivna tiden." in text
    assert "Med vänliga hälsningar\nLänsstyrelsen Västra Götaland" in text


@pytest.mark.parametrize("language", ["sv", "en"])
def test_confirmation_lists_the_sessions_the_contact_is_invited_to(
    vg_campaign: Campaign, env: jinja2.Environment, language: str
) -> None:
    invited = (vg_campaign.session("info-2025-10-07"),)
    message = compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION, language, invited=invited), env)
    text, html = text_of(message), html_of(message)
    heading = ("Vi skickar en inbjudan i ett separat mejl" if language == "sv"
               else "We send an invitation in a separate email")
    when = format_session(invited[0], language)
    assert heading in text and heading in html
    assert f"- {when}: {invited[0].title}" in text and f"<li>{when}: {invited[0].title}</li>" in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_incomplete_lists_each_problem_and_asks_for_a_new_form(
    vg_campaign: Campaign, env: jinja2.Environment, language: str
) -> None:
    problems = (MISSING_EMAIL, problem("no_goals", Severity.SENDER, "goals"))
    message = compose(make_reply(vg_campaign, ReplyKind.INCOMPLETE, language, problems=problems), env)
    text, html = text_of(message), html_of(message)
    for p in problems:
        assert f"- {describe(p, language)}" in text
        assert f"<li>{markupsafe.escape(describe(p, language))}</li>" in html
    expected = ("som svar på det här mejlet och behåll diarienumret (Dnr 801-9838-2024) i ämnesraden" if language == "sv"
                else "in reply to this email, keeping the case number (Dnr 801-9838-2024) in the subject line")
    assert expected in text


@pytest.mark.parametrize("form", [FormData(), None], ids=["nothing-readable", "no-form"])
def test_incomplete_without_readable_form_reads_nothing_back(
    vg_campaign: Campaign, env: jinja2.Environment, form: FormData | None
) -> None:
    message = compose(make_reply(vg_campaign, ReplyKind.INCOMPLETE, form=form), env)
    assert "Det här kunde vi läsa" not in text_of(message)
    assert "Det här kunde vi läsa" not in html_of(message)
    assert describe(MISSING_EMAIL, "sv") in text_of(message)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_needs_review_says_staff_will_review_and_still_reads_back(
    vg_campaign: Campaign, env: jinja2.Environment, language: str
) -> None:
    reply = make_reply(vg_campaign, ReplyKind.CONFIRMATION, language, status="needs_review", problems=(UNKNOWN_ORGANISATION,))
    text = text_of(compose(reply, env))
    assert describe(UNKNOWN_ORGANISATION, language) in text
    assert ("går vi igenom följande" if language == "sv" else "we will review the following") in text
    assert ("Vi har registrerat er anslutning" if language == "sv" else "We have registered your affiliation") not in text
    assert vg_campaign.goal(13).title in text
    assert ("kalenderinbjudan" if language == "sv" else "calendar invitation") not in text


@pytest.mark.parametrize(("source", "noted"), [(GoalSource.FREE_TEXT, True), (GoalSource.MARKED, False),
                                               (GoalSource.LISTED, False)])
def test_goals_from_free_text_are_flagged_for_the_sender(
    vg_campaign: Campaign, env: jinja2.Environment, source: GoalSource, noted: bool
) -> None:
    form = lerum_form(goal_source=source)
    message = compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION, form=form), env)
    note = "vi har läst ut målen ur er fritext"
    assert (note in text_of(message)) is noted
    assert (note in html_of(message)) is noted


@pytest.mark.parametrize(("language", "expected"), [
    ("sv", ["version 2 av er anslutning", "Ändrat sedan förra versionen: prioriterade mål, kontaktpersonens e-postadress."]),
    ("en", ["version 2 of your affiliation", "Changed since the previous version: prioritised goals, contact person's email address."]),
])
def test_updated_form_names_version_and_changes(
    vg_campaign: Campaign, env: jinja2.Environment, language: str, expected: list[str]
) -> None:
    reply = make_reply(vg_campaign, ReplyKind.CONFIRMATION, language, version=2, changes=("goals", "contact.email", "goals"))
    message = compose(reply, env)
    for fragment in expected:
        assert fragment in text_of(message)
        assert str(markupsafe.escape(fragment)) in html_of(message)


@pytest.mark.parametrize("changes, wants", [
    (("signature.place_and_date",), "Ändrat sedan förra versionen: ort och datum för underskriften."),
    (("signature.name", "contact.phone"), "Ändrat sedan förra versionen: namnförtydligande, kontaktpersonens telefonnummer."),
    (("signature.stamp", "goals"), "Ändrat sedan förra versionen: underskrift, prioriterade mål."),  # by the parent
    (("internal_flag", "goals"), "Ändrat sedan förra versionen: prioriterade mål."),  # no label, no parent: left out
])
def test_a_changed_field_is_named_in_words_never_by_its_code_name(vg_campaign: Campaign, env: jinja2.Environment,
                                                                   changes: tuple[str, ...], wants: str) -> None:
    reply = make_reply(vg_campaign, ReplyKind.CONFIRMATION, version=3, changes=changes)
    assert wants in text_of(compose(reply, env))


# --- the blank form --------------------------------------------------------------------------

def test_no_attachment_carries_the_real_blank_form(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    data = vg_campaign.form_path.read_bytes()
    reply = make_reply(vg_campaign, ReplyKind.NO_ATTACHMENT, blank_form=("Anslutningsblankett Jämställt VG 2024–2027.docx", data))
    message = compose(reply, env)
    raw = message.as_bytes()
    parsed = round_trip(message)

    assert parsed.get_content_type() == "multipart/mixed"
    [attachment] = list(parsed.iter_attachments())
    assert attachment.get_content_type() == DOCX
    assert attachment.get_filename() == "Anslutningsblankett Jämställt VG 2024–2027.docx"
    assert attachment.get_content() == data
    # RFC 2231: percent-encoded UTF-8, split into numbered continuations when long.
    assert re.search(rb"filename\*(0\*)?=utf-8''Anslutningsblankett%20J%C3%A4mst%C3%A4llt", raw)
    assert "den bifogade anslutningsblanketten" in text_of(parsed)


def test_attachment_name_cannot_carry_a_path(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    reply = make_reply(vg_campaign, ReplyKind.NO_ATTACHMENT, blank_form=("../../etc/form\r\n.docx", b"PK"))
    [attachment] = list(compose(reply, env).iter_attachments())
    assert attachment.get_filename() == "form .docx"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_attachment_without_blank_form_points_to_contact(
    vg_campaign: Campaign, env: jinja2.Environment, language: str
) -> None:
    message = compose(make_reply(vg_campaign, ReplyKind.NO_ATTACHMENT, language, blank_form=None), env)
    assert message.get_content_type() == "multipart/alternative"
    assert list(message.iter_attachments()) == []
    text = text_of(message)
    assert vg_campaign.questions_to in text and vg_campaign.reply_from in text
    assert ("bifogade" if language == "sv" else "attached") not in text


def test_only_no_attachment_replies_attach_the_form(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    reply = make_reply(vg_campaign, ReplyKind.CONFIRMATION, blank_form=("form.docx", b"PK"))
    assert list(compose(reply, env).iter_attachments()) == []


# --- what senders wrote ------------------------------------------------------------------------

def test_html_escapes_and_text_keeps_sender_values(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    form = lerum_form(organisation="Lerum <script>alert(1)</script> & Co", plan_text='<img src="x">')
    message = compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION, form=form), env)
    assert "Lerum <script>alert(1)</script> & Co" in text_of(message)
    assert '<img src="x">' in text_of(message)
    html = html_of(message)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>" not in html and "<img" not in html


HOSTILE = "\r\nBcc: x@y"
EXPECTED_HEADERS = {"From", "To", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
                    "Auto-Submitted", "X-Auto-Response-Suppress", "Content-Language", "MIME-Version", "Content-Type"}


@pytest.mark.parametrize("changes", [
    {"form": lerum_form(organisation=f"Lerums kommun{HOSTILE}", contact=Contact(f"Elin{HOSTILE}", f"Chef{HOSTILE}"))},
    {"original_subject": f"Anslutning{HOSTILE}"},
    {"in_reply_to": f"{FORM_ID}{HOSTILE}"},
    {"references": (f"{EARLIER_ID}{HOSTILE}", f"\n{HOSTILE}")},
    {"changes": (f"goals{HOSTILE}",), "version": 2},
], ids=["form-values", "original-subject", "in-reply-to", "references", "changes"])
def test_sender_values_cannot_add_headers(vg_campaign: Campaign, env: jinja2.Environment, changes: dict[str, object]) -> None:
    message = compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION, **changes), env)
    parsed = round_trip(message)
    assert set(parsed.keys()) == EXPECTED_HEADERS
    assert "Bcc" not in parsed
    assert parsed["In-Reply-To"] == FORM_ID
    assert parsed["References"] == f"{EARLIER_ID} {FORM_ID}"
    assert all("\n" not in line for line in (parsed["Subject"], parsed["To"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    organisation=st.text(),
    contact_name=st.text(),
    plan_text=st.text(),
    original_subject=st.text(),
    in_reply_to=st.one_of(st.none(), st.text()),
    references=st.lists(st.text(), max_size=4).map(tuple),
    goals=st.lists(st.integers(min_value=-5, max_value=40), max_size=5).map(tuple),
    kind=st.sampled_from(list(ReplyKind)),
    language=st.sampled_from(["sv", "en"]),
)
def test_any_sender_text_gives_a_well_formed_message(
    vg_campaign: Campaign, env: jinja2.Environment, organisation: str, contact_name: str, plan_text: str,
    original_subject: str, in_reply_to: str | None, references: tuple[str, ...], goals: tuple[int, ...],
    kind: ReplyKind, language: str,
) -> None:
    form = lerum_form(organisation=organisation, contact=Contact(contact_name), plan_text=plan_text, goals=goals)
    reply = make_reply(vg_campaign, kind, language, form=form, original_subject=original_subject,
                       in_reply_to=in_reply_to, references=references)
    message = compose(reply, env)
    parsed = round_trip(message)
    assert set(parsed.keys()) <= EXPECTED_HEADERS
    assert parsed["Message-ID"] == OWN_ID
    assert not parsed.defects
    assert text_of(parsed) == text_of(message)
    assert html_of(parsed) == html_of(message)


def test_form_values_are_one_clean_line_in_the_body(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    form = lerum_form(organisation=f"Lerums kommun{HOSTILE}\x00\u202e")
    text = text_of(compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION, form=form), env))
    assert "Organisation: Lerums kommun Bcc: x@y (212000-1488)\n" in text
    assert "\x00" not in text and "\u202e" not in text


def test_recipients_are_deduplicated_case_insensitively_in_order(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    to = ("Elin.Andersson@Lerum.se", "registrator@lerum.se", "elin.andersson@lerum.se", "REGISTRATOR@lerum.se")
    message = compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION, to=to), env)
    assert [a.addr_spec for a in message["To"].addresses] == ["Elin.Andersson@Lerum.se", "registrator@lerum.se"]


def test_internationalised_domain_is_sent_in_idna_form(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    message = compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION, to=("info@båstad.se",)), env)
    assert b"To: info@xn--bstad-mra.se\n" in message.as_bytes()


def test_reply_without_thread_has_no_threading_headers(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    message = compose(make_reply(vg_campaign, ReplyKind.NO_ATTACHMENT, in_reply_to=None, references=()), env)
    assert "In-Reply-To" not in message and "References" not in message


def test_references_are_deduplicated_in_order(vg_campaign: Campaign, env: jinja2.Environment) -> None:
    reply = make_reply(vg_campaign, ReplyKind.CONFIRMATION, references=(EARLIER_ID, f"{FORM_ID} {EARLIER_ID}", "bare@lerum.se"))
    assert compose(reply, env)["References"] == f"{EARLIER_ID} {FORM_ID} <bare@lerum.se>"


@pytest.mark.parametrize(("changes", "message"), [
    ({"to": ("elin.andersson@lerum.se\r\nBcc: x@y",)}, "recipient"),
    ({"to": ("not an address",)}, "recipient"),
    ({"to": ("åsa@lerum.se",)}, "recipient"),
    ({"to": ()}, "at least one recipient"),
    ({"message_id": "<a@b>\r\nBcc: x@y"}, "Message-ID"),
    ({"message_id": "no-brackets@lansstyrelsen.se"}, "Message-ID"),
    ({"now": datetime(2025, 3, 4, 9, 30)}, "timezone-aware"),
    ({"language": "de"}, "unsupported language"),
    ({"status": "rejected"}, "unknown status"),
    ({"form": None}, "needs the form"),
    ({"status": "incomplete"}, "INCOMPLETE"),
])
def test_values_that_cannot_make_a_correct_message_are_refused(
    vg_campaign: Campaign, env: jinja2.Environment, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION, **changes), env)


# --- the environment ---------------------------------------------------------------------------

def test_override_directory_wins_over_packaged_templates(vg_campaign: Campaign, tmp_path: Path) -> None:
    (tmp_path / "sv").mkdir()
    (tmp_path / "sv" / "confirmation.txt").write_text(
        "Vi har tagit emot {{ form.organisation }}s blankett. Dnr {{ case_number }}.\n", encoding="utf-8")
    message = compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION), make_environment(tmp_path))
    assert text_of(message) == "Vi har tagit emot Lerums kommuns blankett. Dnr 801-9838-2024.\n"
    assert "Vi har registrerat er anslutning" in html_of(message)  # not overridden: packaged


def test_override_may_extend_packaged_base(vg_campaign: Campaign, tmp_path: Path) -> None:
    (tmp_path / "sv").mkdir()
    (tmp_path / "sv" / "no_attachment.txt").write_text(
        '{% extends "sv/_base.txt" %}{% block body %}Egen text.\n{% endblock %}', encoding="utf-8")
    text = text_of(compose(make_reply(vg_campaign, ReplyKind.NO_ATTACHMENT), make_environment(tmp_path)))
    assert "Egen text." in text and vg_campaign.privacy_url in text


def test_undefined_variable_in_a_template_is_an_error(vg_campaign: Campaign, tmp_path: Path) -> None:
    (tmp_path / "sv").mkdir()
    (tmp_path / "sv" / "confirmation.txt").write_text("{{ kontaktperson }}\n", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        compose(make_reply(vg_campaign, ReplyKind.CONFIRMATION), make_environment(tmp_path))


def test_missing_override_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        make_environment(tmp_path / "no-such-dir")


def test_autoescape_is_for_html_only() -> None:
    env = make_environment()
    assert env.autoescape("sv/confirmation.html") is True
    assert env.autoescape("sv/confirmation.txt") is False
    assert env.trim_blocks and env.lstrip_blocks
    assert env.undefined is jinja2.StrictUndefined


def test_every_language_has_every_template() -> None:
    env = make_environment()
    for language in ("sv", "en"):
        for kind in ReplyKind:
            for extension in ("txt", "html"):
                env.get_template(f"{language}/{kind.value}.{extension}")


# --- dates -------------------------------------------------------------------------------------

def session_at(start: str, end: str) -> InfoSession:
    return InfoSession("s", "Träff", datetime.fromisoformat(start), datetime.fromisoformat(end), "https://x", "x")


@pytest.mark.parametrize(("start", "end", "language", "expected"), [
    ("2025-05-13T13:00:00+02:00", "2025-05-13T14:00:00+02:00", "sv", "tisdag 13 maj 2025 kl. 13.00–14.00"),
    ("2025-04-17T10:00:00+02:00", "2025-04-17T11:00:00+02:00", "sv", "torsdag 17 april 2025 kl. 10.00–11.00"),
    ("2025-04-17T10:00:00+02:00", "2025-04-17T11:00:00+02:00", "en", "Thursday 17 April 2025, 10:00–11:00"),
    ("2025-10-07T09:05:00+02:00", "2025-10-07T08:00:00+00:00", "sv", "tisdag 7 oktober 2025 kl. 09.05–10.00"),
    ("2025-12-31T23:30:00+01:00", "2026-01-01T00:30:00+01:00", "sv",
     "onsdag 31 december 2025 kl. 23.30 – torsdag 1 januari 2026 kl. 00.30"),
])
def test_format_session(start: str, end: str, language: str, expected: str) -> None:
    assert format_session(session_at(start, end), language) == expected


@pytest.mark.parametrize(("value", "language", "expected"), [
    ("2024-05-20", "sv", "20 maj 2024"),
    ("2024-03-01", "en", "1 March 2024"),
    ("den 20 maj", "sv", "den 20 maj"),
    ("", "sv", ""),
])
def test_format_date(value: str, language: str, expected: str) -> None:
    assert format_date(value, language) == expected


def test_dates_refuse_unknown_language() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        format_date("2024-05-20", "fi")


@pytest.mark.parametrize("language, words", [("sv", "Vi kan bara registrera anslutningsblanketten som Word-fil"),
                                             ("en", "We can only register the affiliation form as a Word file")])
def test_ask_for_docx_names_what_came_and_attaches_the_form(vg_campaign: Campaign, env: jinja2.Environment,
                                                            language: str, words: str) -> None:
    reply = make_reply(vg_campaign, ReplyKind.ASK_FOR_DOCX, language=language,
                       blank_form=("Anslutningsblankett.docx", b"PK\x03\x04docx"),
                       received_files=("Anslutning Lerum.pdf",))
    message = round_trip(compose(reply, env))
    text = text_of(message)
    assert words in text and "Anslutning Lerum.pdf" in text
    assert vg_campaign.case_number in message["Subject"]
    assert message["Reply-To"] == vg_campaign.reply_from
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "Anslutningsblankett.docx"
