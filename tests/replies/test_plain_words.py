"""Every Swedish message the bot sends, rendered and read as a sender reads it: one form of
address (ni/er, never du/dig/din), no code names (signature.name, needs_review, info-2025-…),
a phone number as it is written in Sweden, singular and plural right, and a form that went to
review neither titled "Bekräftelse" nor said to be registered."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

from bot.inbound.stored import _flatten, form_to_dict
import replies
from parsers.model import Campaign, FormData, ReminderOffset
from replies.invitation import InvitationKind, compose_invitation
from replies.message import Addressing
from replies.problem_wording import WORDING
from replies.rejection import Rejection, compose_rejection
from replies.reminder import Reminder, compose_reminder
from replies.render import make_environment
from replies.reply import ReplyKind, compose_reply
from replies.views import _FIELD_LABELS, change_labels
from tests.replies.test_invitation import invitation
from tests.replies.test_reply import UNKNOWN_ORGANISATION, html_of, lerum_form, make_reply, text_of

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=timezone(timedelta(hours=2)))
INFORMAL = re.compile(r"\b(du|dig|din|dina|ditt|dej)\b", re.IGNORECASE)
# A code name: a dotted or snake_case identifier, or a session id, outside URLs, addresses and file names.
CODE_NAME = re.compile(r"(?<![\w/@.-])([a-z]+(?:[._][a-z]+)+|info-\d{4}-\d\d-\d\d)(?![\w/@-])")
ALLOWED_DOTTED = {"t.ex", "kl"}
FILE_ENDINGS = (".docx", ".doc", ".pdf", ".odt", ".se")


def code_names(text: str) -> list[str]:
    return [c for c in CODE_NAME.findall(text) if c not in ALLOWED_DOTTED and not c.endswith(FILE_ENDINGS)]


def everything(campaign: Campaign) -> dict[str, EmailMessage]:
    env = make_environment()
    sessions = campaign.sessions[:2]
    reply = {
        "registered": make_reply(campaign, ReplyKind.CONFIRMATION, form=lerum_form(sessions=(sessions[0].id,)),
                                 invited=(sessions[1],)),
        "registered_two_sessions": make_reply(campaign, ReplyKind.CONFIRMATION,
                                              form=lerum_form(sessions=tuple(s.id for s in sessions)),
                                              invited=tuple(campaign.sessions[-2:])),
        "update": make_reply(campaign, ReplyKind.CONFIRMATION, version=2,
                             changes=("signature.name", "signature.place_and_date", "contact.phone", "goals")),
        "needs_review": make_reply(campaign, ReplyKind.CONFIRMATION, status="needs_review",
                                   problems=(UNKNOWN_ORGANISATION,)),
        "needs_review_update": make_reply(campaign, ReplyKind.CONFIRMATION, status="needs_review", version=2,
                                          problems=(UNKNOWN_ORGANISATION,)),
        "incomplete": make_reply(campaign, ReplyKind.INCOMPLETE),
        "no_attachment": make_reply(campaign, ReplyKind.NO_ATTACHMENT),
        "ask_for_docx": make_reply(campaign, ReplyKind.ASK_FOR_DOCX),
    }
    messages = {name: compose_reply(value, env) for name, value in reply.items()}
    for kind in InvitationKind:
        messages[kind.value] = compose_invitation(invitation(campaign, kind), env)
    address = Addressing(campaign=campaign, to=("elin.andersson@lerum.se",), message_id="<r-1@lansstyrelsen.se>",
                         now=NOW, language="sv", reply_to=campaign.reply_from, in_reply_to="<f@lerum.se>")
    messages["reminder"] = compose_reminder(Reminder(address, campaign.session("info-2025-10-07"), 1,
                                                     ReminderOffset("1d", timedelta(days=1))), env)
    messages["rejection"] = compose_rejection(Rejection(address, "Lerums kommun", "Beslutet saknas."), env)
    return messages


@pytest.fixture(scope="module")
def messages(vg_campaign: Campaign) -> dict[str, EmailMessage]:
    return everything(vg_campaign)


def words_of(message: EmailMessage) -> list[str]:
    """The subject and the text of both bodies, URLs left out (a privacy link may say "dina")."""
    texts = [str(message["Subject"]), text_of(message), re.sub(r"<[^>]+>", " ", html_of(message))]
    return [re.sub(r"https?://\S+", " ", text) for text in texts]


def test_every_message_says_ni_never_du(messages: dict[str, EmailMessage]) -> None:
    found = {name: INFORMAL.findall(text) for name, m in messages.items() for text in words_of(m)}
    assert {name: words for name, words in found.items() if words} == {}


def test_no_message_shows_a_code_name(messages: dict[str, EmailMessage]) -> None:
    found = {name: code_names(text) for name, m in messages.items() for text in words_of(m)}
    assert {name: codes for name, codes in found.items() if codes} == {}


def test_the_probe_finds_what_it_looks_for() -> None:
    assert code_names("Ändrat: signature.name, needs_review och info-2025-10-07.") == [
        "signature.name", "needs_review", "info-2025-10-07"]
    assert code_names("skriv till a.b@lansstyrelsen.se, filen blankett.docx, t.ex. så") == []
    assert INFORMAL.findall("Så hanterar vi dina uppgifter") == ["dina"]


def test_every_form_field_has_a_label_in_every_language() -> None:
    names = set(_flatten(form_to_dict(FormData())))
    for language, labels in _FIELD_LABELS.items():
        assert names - set(labels) == set(), language
        assert all(label != name or "." not in name for name, label in labels.items())
    assert change_labels(("signature.name",), "sv") == ("namnförtydligande",)


def test_a_phone_number_is_shown_as_written_in_sweden(vg_campaign: Campaign) -> None:
    env = make_environment()
    for stored, shown in (("+46709171398", "070-917 13 98"), ("+4631123456", "031-12 34 56"),
                          ("+4536563280", "+45 36 56 32 80"), ("ring växeln", "ring växeln")):
        form = lerum_form(contact=dataclasses.replace(lerum_form().contact, phone=stored))
        message = compose_reply(make_reply(vg_campaign, ReplyKind.CONFIRMATION, form=form), env)
        assert f"Telefon: {shown}\n" in text_of(message) and shown in html_of(message)


def test_singular_and_plural(messages: dict[str, EmailMessage]) -> None:
    one, two = text_of(messages["registered"]), text_of(messages["registered_two_sessions"])
    assert "Anslut till träffen via länken vid den angivna tiden." in one
    assert "Vi skickar en inbjudan i ett separat mejl, som kalenderhändelse, till:" in one
    assert "Anslut till träffarna via länkarna vid de angivna tiderna." in two
    assert "Vi skickar inbjudningar i separata mejl, som kalenderhändelser, till:" in two
    assert "träffen" not in two


@pytest.mark.parametrize("name", ["needs_review", "needs_review_update"])
def test_a_form_that_went_to_review_is_received_not_registered(messages: dict[str, EmailMessage], name: str) -> None:
    message = messages[name]
    assert message["Subject"].startswith("Mottagen: anslutningsblankett till Jämställt Västra Götaland 2024–2027")
    assert "Bekräftelse" not in message["Subject"]
    for text in words_of(message):
        assert not re.search(r"\bregistrerat\b|\bregistrerad\b", text), text


def test_the_request_for_a_docx_does_not_thank_for_joining(messages: dict[str, EmailMessage]) -> None:
    text = text_of(messages["ask_for_docx"])
    assert "Tack för ert mejl om Jämställt Västra Götaland 2024–2027." in text
    assert "anslutning till" not in text.split("\n\n")[1]


def test_every_answer_comes_back_to_the_watched_mailbox(vg_campaign: Campaign,
                                                         messages: dict[str, EmailMessage]) -> None:
    for name in ("registered", "update", "needs_review", "incomplete", "no_attachment", "ask_for_docx"):
        assert messages[name]["Reply-To"] == vg_campaign.reply_from, name


def test_every_problem_sentence_and_reply_word_says_ni() -> None:
    """Also what the rendered examples above do not reach: every problem sentence and every
    Swedish word of the messages, as written."""
    words = tomllib.loads((Path(replies.__file__).parent / "templates" / "words" / "sv.toml").read_text(encoding="utf-8"))
    texts = [sv for sv, _ in WORDING.values()]
    texts += [text for table in words.values() for text in table.values() if isinstance(text, str)]
    assert [t for t in texts if INFORMAL.search(t)] == []
