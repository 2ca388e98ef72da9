"""Case numbers and routing, as plain values (classification: test_classify.py; MIME:
test_mime.py; the corpus and a real server's BODYSTRUCTURE: test_mailcorpus.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.casenumber import DASHES, find_case_numbers, normalise_case_number
from parsers.mime.message import parse_message
from parsers.roster import match_organisation
from parsers.route import docx_text, route, route_by_subject, route_message
from tests.support.campaigns import VG_KEY, shipped

CAMPAIGNS = tuple(shipped().values())
VG = shipped()[VG_KEY]
VM_KEY = "jamstallt-vastmanland-2024-2027"
PREFIXES = ("", "Dnr ", "Dnr. ", "dnr:", "dnr: ", "DNR ", "Diarienummer ", "diarienummer: ", "Ärende ", "ärende nr ",
            "(Dnr ", "Vårt dnr ", "Er referens: ")
SPACES = ("", " ", "\u00a0", "\u2009", "\u202f", "  ")


@pytest.mark.parametrize("dash", list(DASHES), ids=[f"U+{ord(d):04X}" for d in DASHES])
@pytest.mark.parametrize("space", SPACES, ids=["none", "space", "nbsp", "thin", "narrow-nbsp", "two"])
def test_every_dash_with_every_spacing(dash: str, space: str) -> None:
    assert normalise_case_number(f"801{space}{dash}{space}9838{space}{dash}{space}2024") == "801-9838-2024"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_prefix(prefix: str) -> None:
    assert normalise_case_number(f"SV: {prefix}801–9838–2024)") == "801-9838-2024"


@pytest.mark.parametrize("text", [
    "ärende 2801-9838-2024",       # a longer run of digits before
    "ärende 801-9838-20245",       # and after
    "12-801-9838-2024",            # the tail of a longer dashed number
    "801-9838-2024-",              # fine: a trailing dash is punctuation
    "801-1234567-2024",            # middle group too long
    "801-9838-1024",               # the last group is no year
    "80-9838-2024",                # first group too short
    "801-9838\n-2024",             # dashes do not span lines
    "telefon 070-917 13 98",
    "tel 0525-180 20 24",
    "+46 701-234-2024",            # international phone number
    "+46\u00a0701-234-2024",
    "(0)701-234-2024",
    "801 9838 2024",               # spaces alone are no separator
    "8019838-2024",
    "",
])
def test_what_is_not_a_case_number(text: str) -> None:
    expected = "801-9838-2024" if text == "801-9838-2024-" else None
    assert normalise_case_number(text) == expected


def test_find_every_case_number_once_in_order() -> None:
    text = "801-5520-2025 och Dnr 801–9838–2024, åter 801-5520-2025; tel 031-60 50 00"
    assert find_case_numbers(text) == ("801-5520-2025", "801-9838-2024")


def test_config_case_numbers_still_load() -> None:
    assert {c.case_number for c in CAMPAIGNS} == {"801-9838-2024", "801-2231-2024"}


# --- route ------------------------------------------------------------------------------------

@pytest.mark.parametrize("subject, body, docx, key, found_in", [
    ("Anslutningsblankett Jämställt Västra Götaland 2024–2027, Dnr 801-9838-2024", "", [], VG.key, "subject"),
    ("SV: Välkommen (Dnr 801–9838–2024)", "", [], VG.key, "subject"),
    ("Ansökan 801-2231-2024", "", [], VM_KEY, "subject"),
    ("Anslutning", "Gäller Dnr 801-9838-2024.", [], VG.key, "body"),
    ("Anslutning", "Se bifogad fil.", ["Anslutningsblankett\nDnr 801-2231-2024"], VM_KEY, "attachment"),
    ("Anslutning", "", ["Protokoll", "Blankett Dnr 801-9838-2024"], VG.key, "attachment"),
    # the first place that names a case decides: another matter is not ours, whatever follows
    ("Yttrande i ärende Dnr 801-5520-2025", "jfr Dnr 801-9838-2024", [], None, ""),
    ("Anslutning", "Dnr 801-5520-2025", ["Dnr 801-9838-2024"], None, ""),
    # within one place, a campaign's number wins over an unknown one
    ("801-5520-2025 och 801-9838-2024", "", [], VG.key, "subject"),
    ("Fika i eftermiddag?", "Ring 070-917 13 98", [""], None, ""),
    ("", "", [], None, ""),
])
def test_route(subject: str, body: str, docx: list[str], key: str | None, found_in: str) -> None:
    found = route(subject, body, docx, CAMPAIGNS)
    assert (found.campaign.key if found.campaign else None, found.found_in) == (key, found_in)


def test_route_keeps_every_number_seen() -> None:
    assert route("Anslutning", "Dnr 801-5520-2025", [], CAMPAIGNS).case_numbers == ("801-5520-2025",)
    assert route("x", "Dnr 801-9838-2024", [], CAMPAIGNS).case_numbers == ("801-9838-2024",)


def test_route_by_subject_reads_only_the_subject() -> None:
    assert route_by_subject("SV: Välkommen (Dnr 801–9838–2024)", CAMPAIGNS).campaign == VG
    assert route_by_subject("Anslutning", CAMPAIGNS).campaign is None


def test_docx_text_reads_the_form_and_refuses_the_rest() -> None:
    assert "Dnr 801-9838-2024" in docx_text(VG.form_path.read_bytes())  # type: ignore[union-attr]
    assert docx_text(b"%PDF-1.7 not a docx") == ""
    assert docx_text(b"") == ""


def test_samples_route(samples_dir: Path) -> None:
    expected = {"un-003-newsletter.eml": None, "un-008-other-case-pdf.eml": None, "un-012-personal.eml": None}
    for path in samples_dir.glob("*.eml"):
        found = route_message(parse_message(path.read_bytes()), CAMPAIGNS)
        assert (found.campaign.key if found.campaign else None) == expected.get(path.name, VG.key), path.name


# --- roster ------------------------------------------------------------------------------------

@pytest.mark.parametrize("org_number, name, sender, expected, by", [
    ("212000-2502", "", "", "Lerums kommun", "org_number"),
    ("2120002502", "", "", "Lerums kommun", "org_number"),
    ("", "Lerum", "", "Lerums kommun", "name"),
    ("", "LERUMS  KOMMUN", "", "Lerums kommun", "name"),
    ("", "Mölndal", "", "Mölndals stad", "name"),
    ("", "Kommunstyrelsen i Borås", "", "Borås Stad", "name"),  # as parsers/roster.py now documents
    ("", "", "anna@educ.goteborg.se", "Göteborgs Stad", "sender_domain"),
    ("", "Okänd förening", "x@forening.se", None, ""),
])
def test_match_organisation(org_number: str, name: str, sender: str, expected: str | None, by: str) -> None:
    found = match_organisation(VG.roster, org_number, name, sender)
    assert (found.entry.organisation if found.entry else None, found.matched_by) == (expected, by)
