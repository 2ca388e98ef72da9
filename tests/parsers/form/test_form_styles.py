"""Every way a form arrives, for both campaigns: a table of fillings built from the blank
official forms, a property over random fillings, and the real LibreOffice re-saves. Goals
marked in ways a person must confirm are in test_form_marking.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.form.parse import parse_form
from parsers.form.values import ORGANISATION_TYPES, luhn_valid
from parsers.model import (
    Campaign,
    Contact,
    Decision,
    FormData,
    ParsedForm,
)
from tests.support.formbuilder import (
    Filling,
    FillValues,
    build_filling,
    source_of,
    style_of,
)
from tests.support.paths import REPO

ROOT = REPO
FORMS = ROOT / "tests" / "data" / "forms"
VG = "jamstallt-vg-2024-2027"
VM = "jamstallt-vastmanland-2024-2027"
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


def e164(phone: str) -> str:
    """A Swedish number as written ("070-123 45 67") in E.164, as the parser keeps it."""
    return "+46" + "".join(char for char in phone if char.isdigit())[1:]


def expected_form(campaign: Campaign, values: FillValues, filling: Filling, variant: int, decided: str) -> FormData:
    return FormData(
        case_number=campaign.case_number, organisation=values.organisation.strip(), org_number=values.org_number,
        organisation_type=values.organisation_type, contact=replace(values.contact, phone=e164(values.contact.phone)),
        decision=replace(values.decision, date=decided), goals=tuple(sorted(values.goals)),
        goal_source=source_of(filling, variant), plan_text=values.plan,
        sessions=tuple(s.id for s in campaign.sessions if s.id in values.sessions),
        signature=values.signature, style=style_of(filling, variant))


def parse_filling(campaign: Campaign, values: FillValues, filling: Filling, variant: int) -> ParsedForm:
    return parse_form(build_filling(campaign.form_path.read_bytes(), campaign, values, filling, variant=variant),
                      campaign)


# --- the table: every filling, both campaigns, four spellings each --------------------------

WRITTEN_DATES = ("5 maj 2025", "5/5 2025", "2025-05-05", "den 5:e maj 2025")
STYLE_CASES = [(key, filling, variant) for key in (VG, VM) for filling in Filling for variant in range(4)]


@pytest.mark.parametrize(("key", "filling", "variant"), STYLE_CASES)
def test_each_filling_reads_back_every_field(key, filling, variant, campaigns):
    campaign = campaigns[key]
    values = FillValues(
        organisation="Region Östra Älvdalen", organisation_type=ORGANISATION_TYPES[variant + 1],
        decision=Decision("Regionstyrelsen", "§ 7", WRITTEN_DATES[variant], "RS 2025/3"),
        goals=(2, 5) if key == VM else (3, 10, 15), sessions=(campaign.sessions[-1].id,))
    parsed = parse_filling(campaign, values, filling, variant)
    assert parsed.problems == ()
    assert parsed.form == expected_form(campaign, values, filling, variant, "2025-05-05")


# --- the property: random organisations, goals and sessions in a random filling -----------

def org_numbers() -> st.SearchStrategy[str]:
    """Ten digits with a right Luhn check digit, as NNNNNN-NNNN."""
    def with_check_digit(nine: str) -> str:
        digit = next(d for d in "0123456789" if luhn_valid(nine + d))
        return f"{nine[:6]}-{nine[6:]}{digit}"
    return st.text("0123456789", min_size=9, max_size=9).map(lambda nine: with_check_digit("2" + nine[1:]))


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ", min_size=2, max_size=12)
phones = st.tuples(st.sampled_from(["070", "072", "073", "076"]), st.integers(0, 9_999_999)).map(
    lambda parts: f"{parts[0]}-{parts[1]:07d}"[:7] + f" {parts[1] % 100:02d} {parts[1] // 100 % 100:02d}")
emails = st.tuples(st.from_regex(r"[a-z]{1,10}(\.[a-z]{1,10})?", fullmatch=True),
                   st.from_regex(r"[a-z]{2,10}", fullmatch=True)).map(lambda parts: f"{parts[0]}@{parts[1]}.se")


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, str]:
    day = draw(st.dates(date(2023, 1, 1), date(2026, 12, 31)))
    spellings = (day.isoformat(), f"{day.day} {MONTHS[day.month - 1]} {day.year}", f"{day.day}/{day.month} {day.year}",
                 f"den {day.day} {MONTHS[day.month - 1]} {day.year}", f"{day.day}.{day.month}.{day.year}")
    return draw(st.sampled_from(spellings)), day.isoformat()


@st.composite
def fillings(draw: st.DrawFn, campaign: Campaign) -> tuple[FillValues, Filling, int, str]:
    filling = draw(st.sampled_from(list(Filling)))
    numbers = [goal.number for goal in campaign.goals]
    # Unmarked lists cannot say "all goals": all rows left is no choice, a full list is doubtful.
    largest = len(numbers) - 1 if filling in (Filling.DELETED_ROWS, Filling.RETYPED) else len(numbers)
    goals = draw(st.lists(st.sampled_from(numbers), min_size=1, max_size=largest, unique=True))
    written, decided = draw(written_dates())
    values = FillValues(
        organisation=f"{draw(words).capitalize()} {draw(st.sampled_from(['kommun', 'Stad', 'universitet']))}",
        org_number=draw(org_numbers()), organisation_type=draw(st.sampled_from(ORGANISATION_TYPES)),
        contact=Contact(f"{draw(words).capitalize()} {draw(words).capitalize()}", draw(words), draw(emails),
                        draw(phones)),
        decision=Decision("Kommunfullmäktige", f"§ {draw(st.integers(1, 300))}", written, ""),
        goals=tuple(goals), sessions=tuple(draw(st.lists(st.sampled_from([s.id for s in campaign.sessions]),
                                                         unique=True))))
    return values, filling, draw(st.integers(0, 11)), decided


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_filling_parses_back_to_the_same_values(data, campaigns):
    campaign = campaigns[data.draw(st.sampled_from([VG, VM]))]
    values, filling, variant, decided = data.draw(fillings(campaign))
    parsed = parse_filling(campaign, values, filling, variant)
    assert parsed.problems == ()
    assert parsed.form == expected_form(campaign, values, filling, variant, decided)


# --- real files re-saved by LibreOffice (tests/data/forms/README.md) -------------------------

def lo_values(organisation: str, number: str, goals: tuple[int, ...], sessions: tuple[str, ...]) -> FillValues:
    return FillValues(organisation=organisation, org_number=number,
                      contact=Contact("Karin Ek", "Jämställdhetsstrateg", "karin.ek@example.se", "070-123 45 67"),
                      decision=Decision("Kommunstyrelsen", "§ 44", "12 mars 2025", "KS 2025/101"),
                      goals=goals, sessions=sessions)


LIBREOFFICE_FILES = {
    "lo-vg-content_controls": (VG, lo_values("Ale kommun", "212000-9671", (3, 10, 15), ("info-2025-10-07",)),
                               Filling.CONTENT_CONTROLS),
    "lo-vg-legacy_fields": (VG, lo_values("Essunga kommun", "212000-2767", (1, 2),
                                          ("info-2025-04-17", "info-2025-05-13")), Filling.LEGACY_FIELDS),
    "lo-vg-typed_marks": (VG, lo_values("Hjo kommun", "212000-1611", (8, 14), ()), Filling.TYPED_MARKS),
    "lo-vg-tracked_changes": (VG, lo_values("Tibro kommun", "212000-4193", (5, 6, 7), ("info-2025-05-13",)),
                              Filling.TRACKED_CHANGES),
    "lo-vm-deleted_rows": (VM, lo_values("Sala kommun", "212000-1124", (2, 5), ("vm-info-2025-09-18",)),
                           Filling.DELETED_ROWS),
    "lo-vm-retyped": (VM, lo_values("Arboga kommun", "212000-4268", (1, 6), ("vm-info-2025-09-18",)),
                      Filling.RETYPED),
}


@pytest.mark.parametrize("name", list(LIBREOFFICE_FILES))
def test_a_form_re_saved_by_libreoffice_reads_the_same(name, campaigns):
    key, values, filling = LIBREOFFICE_FILES[name]
    parsed = parse_form((FORMS / f"{name}.docx").read_bytes(), campaigns[key])
    assert parsed.problems == ()
    assert parsed.form == expected_form(campaigns[key], values, filling, 1, "2025-03-12")
