"""Single values as senders write them: organisation number (Luhn), email, phone, decision
date; the organisation found on the roster; and each fault as the problem a sender reads."""

from __future__ import annotations

import csv

import pytest

from parsers.form.parse import DEFAULT_OPTIONS, ParseOptions, parse_form
from parsers.form.contact import email_fault, phone_number
from parsers.form.values import iso_date, luhn_valid, org_number
from parsers.model import Campaign, Contact, Decision, FormStyle, Severity, problem
from parsers.roster import match_organisation
from replies.problems import describe
from tests.support.formbuilder import FillValues, build_form
from tests.support.paths import REPO

ROOT = REPO
VG = "jamstallt-vg-2024-2027"
VM = "jamstallt-vastmanland-2024-2027"


def codes_of(campaign: Campaign, values: FillValues, style: FormStyle = FormStyle.CONTENT_CONTROLS) -> list[str]:
    parsed = parse_form(build_form(campaign.form_path.read_bytes(), campaign, values, style), campaign)
    return [p.code for p in parsed.problems]


# --- organisation number -----------------------------------------------------------------

@pytest.mark.parametrize(("written", "read", "codes"), [
    ("212000-2502", "212000-2502", []),
    ("212000 2502", "212000-2502", []),
    ("2120002502", "212000-2502", []),
    (" 212000–2502 ", "212000-2502", []),
    ("16212000-2502", "212000-2502", []),            # Skatteverket's 12-digit form
    ("212000-2503", "212000-2503", ["org_number_checksum"]),
    ("212000-1234", "212000-1234", ["org_number_checksum"]),
    ("21200-2502", "21200-2502", ["org_number_format"]),
    ("okänt", "okänt", ["org_number_format"]),
])
def test_organisation_number(written, read, codes, campaigns):
    campaign = campaigns[VG]
    parsed = parse_form(build_form(campaign.form_path.read_bytes(), campaign, FillValues(org_number=written),
                                   FormStyle.LEGACY_FIELDS), campaign)
    assert (parsed.form.org_number, [p.code for p in parsed.problems]) == (read, codes)


def test_a_wrong_check_digit_is_a_sender_problem_naming_the_number():
    found = problem("org_number_checksum", Severity.SENDER, "org_number", value="212000-1234")
    assert describe(found) == ("Organisationsnumret 212000-1234 har fel kontrollsiffra (den sista siffran); "
                               "kontrollera numret.")


@pytest.mark.parametrize("roster", sorted((ROOT / "config" / "roster").glob("*.csv")), ids=lambda p: p.name)
def test_every_roster_number_passes_the_luhn_check(roster):
    with roster.open(encoding="utf-8") as rows:
        failing = [row["org_number"] for row in csv.DictReader(rows) if not luhn_valid(row["org_number"])]
    assert failing == []


def test_org_number_reading_alone():
    assert org_number("212000-2502") == ("212000-2502", True)
    assert org_number("nr 212000") == ("nr 212000", False)
    assert not luhn_valid("") and luhn_valid("2120002502") and not luhn_valid("2120002503")


# --- email ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "read", "codes"), [
    ("anna@testby.se", "anna@testby.se", []),
    ("mailto:anna@testby.se", "anna@testby.se", []),
    ("Anna Åberg <anna@testby.se>", "anna@testby.se", []),
    ("anna.berg@alingsas", "anna.berg@alingsas", ["email_missing_domain"]),
    ("anna(at)testby.se", "anna(at)testby.se", ["email_missing_at"]),
    ("anna@@testby.se", "anna@@testby.se", ["invalid_email"]),
    ("anna@testby..se", "anna@testby..se", ["invalid_email"]),
])
def test_contact_email(written, read, codes, campaigns):
    campaign = campaigns[VG]
    parsed = parse_form(build_form(campaign.form_path.read_bytes(), campaign,
                                   FillValues(contact=Contact("Anna", "", written, "")), FormStyle.TYPED_MARKS),
                        campaign)
    assert (parsed.form.contact.email, [p.code for p in parsed.problems]) == (read, codes)


def test_deliverability_is_off_unless_the_caller_asks():
    assert DEFAULT_OPTIONS == ParseOptions(check_deliverability=False)
    # Offline: a domain that cannot exist passes the syntax check alone.
    assert email_fault("anna@testby.invalid-domain-xyz.se") is None


# --- phone -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "read", "fault"), [
    ("070-917 13 98", "+46709171398", False),
    ("0709171398", "+46709171398", False),
    ("+46 70 917 13 98", "+46709171398", False),
    ("0046 70 917 13 98", "+46709171398", False),
    ("031-368 00 00", "+46313680000", False),
    ("08-123 456 78", "+46812345678", False),
    ("+44 20 7946 0958", "+442079460958", False),
    ("070 917 13 98 ankn. 12", "070 917 13 98 ankn. 12", False),   # a number with more: kept as written
    ("", "", False),
    ("070-1", "070-1", True),
    ("ring växeln", "ring växeln", True),
    ("+999 123 456", "+999 123 456", True),
])
def test_phone_number(written, read, fault):
    value, found = phone_number(written)
    assert (value, found is not None) == (read, fault)
    if fault:
        assert found == problem("invalid_phone", Severity.SENDER, "contact.phone", value=written)


def test_phone_is_normalised_in_the_form(campaigns):
    values = FillValues(contact=Contact("Anna", "Strateg", "anna@testby.se", "070 - 917 13 98"))
    campaign = campaigns[VM]
    parsed = parse_form(build_form(campaign.form_path.read_bytes(), campaign, values, FormStyle.RETYPED), campaign)
    assert (parsed.form.contact.phone, parsed.problems) == ("+46709171398", ())


# --- decision date ---------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "read"), [
    ("2025-03-21", "2025-03-21"), ("2025-3-5", "2025-03-05"), ("20250321", "2025-03-21"), ("2025.03.21", "2025-03-21"),
    ("5 maj 2025", "2025-05-05"), ("den 21 mars 2025", "2025-03-21"), ("5:e maj 2025", "2025-05-05"),
    ("5 maj, 2025", "2025-05-05"), ("21 okt. 2025", "2025-10-21"), ("5/5 2025", "2025-05-05"),
    ("5/5-2025", "2025-05-05"), ("21.3.2025", "2025-03-21"), ("5/5-25", "2025-05-05"),
    ("KS 2025-03-21, § 12", "2025-03-21"),
    ("31 februari 2025", "31 februari 2025"), ("i våras", "i våras"), ("2025-03-21 eller 2025-04-01",
                                                                       "2025-03-21 eller 2025-04-01"),
])
def test_decision_date(written, read):
    assert iso_date(written) == read


@pytest.mark.parametrize(("written", "codes"), [("5 maj 2025", []), ("", []),
                                                ("31 februari 2025", ["decision_date_unreadable"]),
                                                ("i våras", ["decision_date_unreadable"])])
def test_an_unreadable_decision_date_is_a_sender_problem(written, codes, campaigns):
    values = FillValues(decision=Decision("KS", "§ 1", written, ""))
    assert codes_of(campaigns[VG], values) == codes


# --- the organisation on the roster --------------------------------------------------------

@pytest.mark.parametrize(("key", "org_number", "name", "sender", "expected", "by"), [
    (VG, "212000-9622", "", "", "Alingsås kommun", "org_number"),
    (VG, "", "Alingsås", "", "Alingsås kommun", "name"),
    (VG, "", "Alingsas kommun", "", "Alingsås kommun", "name"),
    (VG, "", "ALINGSÅS  KOMMUN", "", "Alingsås kommun", "name"),
    (VG, "", "Kommunstyrelsen i Borås", "", "Borås Stad", "name"),
    (VG, "", "Borås kommun", "", "Borås Stad", "name"),
    (VG, "", "Göteborgs stad", "", "Göteborgs Stad", "name"),
    (VG, "", "Stadsledningskontoret, Göteborgs Stad", "", "Göteborgs Stad", "name"),
    (VG, "", "Kommunstyrelsens arbetsutskott, Lerums kommun", "", "Lerums kommun", "name"),
    (VG, "", "Västra Götalandsregionen", "", "Västra Götalandsregionen", "name"),
    (VG, "", "Region Västra Götaland", "", "Västra Götalandsregionen", "name"),
    (VG, "", "VGR", "", "Västra Götalandsregionen", "name"),
    (VG, "", "GU", "", "Göteborgs universitet", "name"),
    (VG, "", "Högskolan i Borås", "", "Högskolan i Borås", "name"),
    (VG, "", "Sjukhuset i Borås", "anna@example.org", None, ""),
    (VG, "", "Okänd förening", "anna@boras.se", "Borås Stad", "sender_domain"),
    (VG, "", "", "anna@educ.goteborg.se", "Göteborgs Stad", "sender_domain"),
    (VM, "", "Regionstyrelsen i Region Västmanland", "", "Region Västmanland", "name"),
    (VM, "", "Västerås", "", "Västerås stad", "name"),
])
def test_the_organisation_is_found_on_the_campaign_roster(key, org_number, name, sender, expected, by, campaigns):
    found = match_organisation(campaigns[key].roster, org_number, name, sender)
    assert (found.entry.organisation if found.entry else None, found.matched_by) == (expected, by)
