"""Case numbers, routing and classification, as plain values."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.campaigns import load_campaigns
from parsers.casenumber import find_case_numbers, normalise_case_number
from parsers.classify import Kind, classify
from parsers.mime import attachments, content_hash, message_id, parse_message, sender_address
from parsers.roster import identify
from parsers.route import route_by_subject

CAMPAIGNS = load_campaigns(Path(__file__).resolve().parent.parent / "config" / "campaigns")
VG = next(c for c in CAMPAIGNS if c.key == "jamstallt-vg-2024-2027")


@pytest.mark.parametrize("text, expected", [
    ("Dnr 801-9838-2024", "801-9838-2024"),
    ("dnr: 801 – 9838 – 2024", "801-9838-2024"),
    ("801\u20119838\u20112024", "801-9838-2024"),
    ("801\u22129838\u22122024", "801-9838-2024"),
    ("801—9838—2024", "801-9838-2024"),
    ("ärende 2801-9838-20245", None),
    ("telefon 070-917 13 98", None),
    ("", None),
])
def test_normalise_case_number(text: str, expected: str | None) -> None:
    assert normalise_case_number(text) == expected


def test_find_every_case_number_once() -> None:
    assert find_case_numbers("801-5520-2025 och 801-9838-2024, åter 801-5520-2025") == ("801-5520-2025", "801-9838-2024")


@pytest.mark.parametrize("subject, key", [
    ("Anslutningsblankett Jämställt Västra Götaland 2024–2027, Dnr 801-9838-2024", "jamstallt-vg-2024-2027"),
    ("SV: Välkommen (Dnr 801–9838–2024)", "jamstallt-vg-2024-2027"),
    ("Ansökan 801-2231-2024", "jamstallt-vastmanland-2024-2027"),
    ("Yttrande i ärende Dnr 801-5520-2025", None),
    ("Fika i eftermiddag?", None),
])
def test_route_by_subject(subject: str, key: str | None) -> None:
    route = route_by_subject(subject, CAMPAIGNS)
    assert (route.campaign.key if route.campaign else None) == key


def message(headers: str, body: str = "Hej!\n") -> bytes:
    return (headers.strip() + "\nMessage-ID: <x@example.se>\nContent-Type: text/plain; charset=utf-8\n\n" + body).encode()


@pytest.mark.parametrize("headers, kind", [
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nAuto-Submitted: auto-replied", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nAuto-Submitted: no", Kind.NO_ATTACHMENT),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nPrecedence: bulk", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nList-Id: <x.lists>", Kind.AUTOMATIC),
    ("From: MAILER-DAEMON@lerum.se\nSubject: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: no-reply@lerum.se\nSubject: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Automatiskt svar: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Frånvaro: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nReturn-Path: <>", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nX-Auto-Response-Suppress: All\n"
     "X-MS-Exchange-Inbox-Rules-Loop: a@lerum.se", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024", Kind.NO_ATTACHMENT),
])
def test_classify_headers(headers: str, kind: Kind) -> None:
    assert classify(parse_message(message(headers))).kind is kind


def test_samples_classify(samples_dir: Path) -> None:
    kinds = {p.name: classify(parse_message(p.read_bytes())).kind for p in samples_dir.glob("*.eml")}
    assert kinds["vg-010-nonform-auto-reply.eml"] is Kind.AUTOMATIC
    assert kinds["vg-006-nonform-no-attachment.eml"] is Kind.NO_ATTACHMENT
    assert kinds["un-008-other-case-pdf.eml"] is Kind.OTHER_ATTACHMENT
    for name in ("vg-001-cc-plain.eml", "vg-002-legacy-octet-rfc2231.eml", "vg-009-cc-with-protocol.eml"):
        assert kinds[name] is Kind.FORM


def test_rfc2231_filename_and_octet_stream(samples_dir: Path) -> None:
    parsed = parse_message((samples_dir / "vg-002-legacy-octet-rfc2231.eml").read_bytes())
    (docx,) = [a for a in attachments(parsed) if a.is_docx]
    assert docx.filename == "Anslutningsblankett Alingsås kommun.docx"
    assert docx.content_type == "application/octet-stream"


def test_resend_has_the_same_content_hash(samples_dir: Path) -> None:
    first = (samples_dir / "vg-005-deleted-plain.eml").read_bytes()
    resend = (samples_dir / "vg-011-deleted-duplicate.eml").read_bytes()
    a, b = parse_message(first), parse_message(resend)
    assert message_id(a) != message_id(b)
    assert content_hash(a, first) == content_hash(b, resend)
    other = (samples_dir / "vg-001-cc-plain.eml").read_bytes()
    assert content_hash(parse_message(other), other) != content_hash(a, first)


def test_same_body_from_another_sender_is_not_a_duplicate() -> None:
    one = message("From: a@lerum.se\nSubject: x")
    two = message("From: b@boras.se\nSubject: x")
    assert content_hash(parse_message(one), one) != content_hash(parse_message(two), two)
    assert sender_address(parse_message(one)) == "a@lerum.se"


@pytest.mark.parametrize("org_number, name, sender, expected, by", [
    ("212000-2502", "", "", "Lerums kommun", "org_number"),
    ("2120002502", "", "", "Lerums kommun", "org_number"),
    ("", "Lerum", "", "Lerums kommun", "name"),
    ("", "LERUMS  KOMMUN", "", "Lerums kommun", "name"),
    ("", "Mölndal", "", "Mölndals stad", "name"),
    ("", "Kommunstyrelsen i Borås", "", None, ""),
    ("", "", "anna@educ.goteborg.se", "Göteborgs Stad", "sender_domain"),
    ("", "Okänd förening", "x@forening.se", None, ""),
])
def test_identify(org_number: str, name: str, sender: str, expected: str | None, by: str) -> None:
    found = identify(VG.roster, org_number, name, sender)
    assert (found.entry.organisation if found.entry else None, found.matched_by) == (expected, by)
