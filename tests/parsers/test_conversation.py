"""Issue 10, principle 4: a reply in a conversation, told from a fresh message (parsers.conversation)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from parsers.classify import Kind, classify
from parsers.conversation import conversation_reason, has_quoted_text, reply_subject
from parsers.mime.message import parse_message


def _message(subject: str, body: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "anna@lerum.se", "jamstalldhet@lansstyrelsen.se", subject
    message["Message-ID"] = "<c@lerum.se>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return parse_message(message.as_bytes())


OUTLOOK_SV = ("Tack, vi återkommer.\n\nFrån: Anna Berg <anna.berg@lansstyrelsen.se>\nSkickat: den 2 juni 2025 09:14\n"
              "Till: Elin Andersson <elin@lerum.se>\nÄmne: Anslutning Dnr 801-9838-2024\n\nHej Elin!\n")
OUTLOOK_EN = "Thanks.\n\n-----Original Message-----\nFrom: Anna\nSent: Monday\n"
GMAIL = "Bra!\n\nDen mån 2 juni 2025 kl 09:14 skrev Anna Berg <anna.berg@lansstyrelsen.se>:\n> Hej!\n"
APPLE = "Ok\n\n> 2 juni 2025 kl. 09:14 skrev Anna Berg <anna.berg@lansstyrelsen.se>:\n> \n> Hej\n"


@pytest.mark.parametrize(("subject", "body", "headers", "reply"), [
    # replies: the thread headers say so (anyone's message, not only ours) ...
    ("Fråga Dnr 801-9838-2024", "Hej", {"In_Reply_To": "<x@lansstyrelsen.se>"}, True),
    ("Fråga Dnr 801-9838-2024", "Hej", {"References": "<a@b> <x@outlook.com>"}, True),
    # ... or a reply prefix and quoted text, as clients without thread headers write them
    ("SV: Anslutning Dnr 801-9838-2024", OUTLOOK_SV, {}, True),
    ("RE: Anslutning Dnr 801-9838-2024", OUTLOOK_EN, {}, True),
    ("Sv: Anslutning Dnr 801-9838-2024", GMAIL, {}, True),
    ("AW: Anslutning Dnr 801-9838-2024", APPLE, {}, True),
    ("SV: SV: Anslutning", "Ja.\n> tidigare\n", {}, True),
    # fresh messages: no prefix, a prefix without quoted text, quoted text without a prefix, a forward
    ("Fråga om anslutning Dnr 801-9838-2024", "Hej! Var hittar vi blanketten?", {}, False),
    ("SV: Anslutning Dnr 801-9838-2024", "Hej! Här är vår fråga.", {}, False),
    ("Anslutning Dnr 801-9838-2024", OUTLOOK_SV, {}, False),
    ("VB: Anslutning Dnr 801-9838-2024", OUTLOOK_SV, {}, False),
    ("Svarstider Dnr 801-9838-2024", GMAIL, {}, False),  # "Svar" inside a word is no prefix
])
def test_reply_or_fresh(subject: str, body: str, headers: dict[str, str], reply: bool) -> None:
    message = _message(subject, body, **headers)
    assert bool(conversation_reason(message)) is reply
    assert (classify(message).kind is Kind.THREAD_REPLY) is reply
    assert (classify(message).kind is Kind.NO_ATTACHMENT) is not reply


def test_prefixes_and_quotes() -> None:
    assert all(reply_subject(s) for s in ("SV: x", "Re: x", "AW: x", "Svar: x", "RE[2]: x", "sv:x", "Antw: x"))
    assert not any(reply_subject(s) for s in ("VB: x", "Fwd: x", "FW: x", "Svarstider", "Revision: x", ""))
    assert has_quoted_text("a\n> b") and not has_quoted_text("a -> b\nc")
