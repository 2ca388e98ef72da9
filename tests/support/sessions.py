"""Builders for the information-session tests: a campaign copy whose sessions a test edits
in place, as staff do, affiliation forms ticking sessions, and calendar answers as clients send."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from bot.campaigns import load_campaign
from parsers.model import Contact, FormStyle
from tests.support.formbuilder import FillValues, build_form
from tests.support.itip import client_reply
from tests.support.paths import CONFIG

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VG_FILE = "jamstallt-vg-2024-2027.toml"


@dataclass(frozen=True)
class Org:
    organisation: str
    org_number: str
    contact: Contact


ALINGSAS = Org("Alingsås kommun", "212000-9622", Contact("Linnea Lindqvist", "Strateg", "linnea.lindqvist@alingsas.se",
                                                         "0322-61 60 00"))
LERUM = Org("Lerums kommun", "212000-2502", Contact("Elin Andersson", "Jämställdhetsstrateg", "elin.andersson@lerum.se",
                                                    "0302-52 10 00"))
BORAS = Org("Borås Stad", "212000-2635", Contact("Jörgen Öberg", "Utvecklingsledare", "jorgen.oberg@boras.se",
                                                 "033-35 70 00"))


def campaign_copy(tmp_path: Path) -> Path:
    """config/campaigns, forms and roster copied under tmp_path; the VG campaign file's path."""
    for folder in ("campaigns", "forms", "roster"):
        shutil.copytree(CONFIG / folder, tmp_path / folder)
    return tmp_path / "campaigns" / VG_FILE


def set_sessions(path: Path, sessions: list[tuple[str, str, str, str]], keys: str = "") -> None:
    """Replace the file's [[sessions]] with (id, form label, starts_at, ends_at); ``keys`` are
    top-level lines (e.g. 'remind = "accepted"') put before the first table."""
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("[[sessions]]")] if "[[sessions]]" in text else text
    head = re.sub(r'^(reminders|remind) = .*\n', "", head, flags=re.MULTILINE)
    if keys:
        head = head.replace("\n[[goals]]", f"\n{keys}\n\n[[goals]]", 1)
    blocks = [f'[[sessions]]\nid = "{sid}"\ntitle = "Digital informationsträff om Jämställt Västra Götaland 2024–2027"\n'
              f'starts_at = "{starts}"\nends_at = "{ends}"\njoin_url = "https://meet.lansstyrelsen.example/{sid}"\n'
              f'form_label = "{label}"\n' for sid, label, starts, ends in sessions]
    path.write_text(head.rstrip("\n") + "\n\n" + "\n".join(blocks), encoding="utf-8")
    load_campaign(path)  # the edit must be a valid campaign file


def form_mail(n: int, org: Org, sessions: tuple[str, ...], campaign_file: Path, goals: tuple[int, ...] = (3, 4)) -> bytes:
    campaign = load_campaign(campaign_file)
    values = FillValues(organisation=org.organisation, org_number=org.org_number, contact=org.contact, goals=goals,
                        sessions=sessions)
    form = build_form(campaign.form_path.read_bytes(), campaign, values, FormStyle.CONTENT_CONTROLS)
    message = EmailMessage()
    sender = org.contact.email
    message["From"], message["To"] = sender, campaign.reply_from
    message["Subject"] = f"Anslutning, Dnr {campaign.case_number}"
    message["Message-ID"] = f"<form-{n}@{sender.split('@')[1]}>"
    message["Date"] = "Mon, 02 Jun 2025 08:00:00 +0200"
    message.set_content("Hej! Här kommer vår anslutningsblankett.\n")
    message.add_attachment(form, maintype="application", subtype=DOCX.split("/")[1], filename="Anslutning.docx")
    return message.as_bytes()


def answer_mail(n: int, invitation: EmailMessage, partstat: str, stamp: str, *, uid: str | None = None,
                words: str = "Godkänt", attendee: str | None = None) -> bytes:
    """A calendar client's answer to ``invitation`` (as parsed), from its attendee (or from
    ``attendee``, someone it was forwarded to)."""
    request = calendar_data(invitation)
    reply = client_reply(request, partstat, stamp, uid=uid, attendee=attendee)
    attendee = attendee or str(invitation["To"])
    summary = re.search(rb"SUMMARY:(.*?)\r\n[A-Z]", reply.replace(b"\r\n ", b""), re.S).group(1).decode()
    message = EmailMessage()
    message["From"], message["To"] = attendee, "vastragotaland@lansstyrelsen.se"
    message["Subject"] = f"{words}: {summary}"
    message["Message-ID"] = f"<answer-{n}@{attendee.split('@')[1]}>"
    message["Date"] = "Tue, 03 Jun 2025 10:00:00 +0200"
    message.set_content(f"{words}\n")
    message.add_alternative(reply, maintype="text", subtype="calendar", params={"method": "REPLY"})
    return message.as_bytes()


def parsed(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[return-value]


def calendar_part(message: EmailMessage) -> EmailMessage | None:
    return next((p for p in message.walk() if p.get_content_type() == "text/calendar"), None)  # type: ignore[return-value]


def calendar_data(message: EmailMessage) -> bytes:
    part = calendar_part(message)
    assert part is not None, message["Subject"]
    return part.get_payload(decode=True)
