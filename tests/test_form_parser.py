"""parse_form: the shared samples, the blank forms, every filling style for both campaigns
(table-driven and as a property), odd documents, and the wording of the problems."""

from __future__ import annotations

import email
import email.policy
import json
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.campaigns import load_campaigns
from parsers.form import parse_form
from parsers.form_values import ORGANISATION_TYPES
from parsers.model import (
    Campaign,
    Contact,
    Decision,
    FormData,
    FormStyle,
    GoalSource,
    ParsedForm,
    Severity,
    Signature,
    problem,
)
from replies.problems import SENTENCES, describe, field_label
from tests.formbuilder import FillValues, build_form, with_body, with_lines

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples"
VG = "jamstallt-vg-2024-2027"
VM = "jamstallt-vastmanland-2024-2027"
SOURCE_OF = {
    FormStyle.CONTENT_CONTROLS: GoalSource.MARKED, FormStyle.LEGACY_FIELDS: GoalSource.MARKED,
    FormStyle.TYPED_MARKS: GoalSource.MARKED, FormStyle.DELETED_ROWS: GoalSource.REMAINING_ROWS,
    FormStyle.RETYPED: GoalSource.LISTED,
}


@pytest.fixture(scope="module")
def campaigns() -> dict[str, Campaign]:
    return {c.key: c for c in load_campaigns(ROOT / "config" / "campaigns")}


def codes(parsed: ParsedForm) -> list[str]:
    return [p.code for p in parsed.problems]


def parse_filled(campaign: Campaign, values: FillValues, style: FormStyle, variant: int = 0) -> ParsedForm:
    """Fill the campaign's blank form with ``values`` in ``style`` and parse it back."""
    blank = campaign.form_path.read_bytes()
    return parse_form(build_form(blank, campaign, values, style, variant=variant), campaign)


# --- the shared samples ------------------------------------------------------------------

@dataclass(frozen=True)
class SampleForm:
    """Everything the sample's form says, read off the document by a person."""

    organisation: str
    org_number: str
    contact: Contact
    decision: Decision
    goals: tuple[int, ...]
    sessions: tuple[str, ...]
    signature: Signature
    style: FormStyle
    goal_source: GoalSource


LERUM = SampleForm(
    "Lerums kommun", "212000-2502",
    Contact("Elin Andersson", "Verksamhetsutvecklare", "elin.andersson@lerum.se", "070-917 13 98"),
    Decision("Kommunstyrelsens arbetsutskott", "§ 105", "2025-03-21", "KS 2025/462"),
    (12, 13, 14), ("info-2025-05-13",), Signature("Lerum 2025-04-07", "Elin Andersson", "Verksamhetsutvecklare"),
    FormStyle.CONTENT_CONTROLS, GoalSource.MARKED)
MOLNDAL = SampleForm(
    "Mölndals stad", "212000-7022",
    Contact("Henrik Bengtsson", "Folkhälsostrateg", "henrik.bengtsson@molndal.se", "036-56 32 80"),
    Decision("Kommunstyrelsen", "§ 146", "2025-03-25", "2025.579 KS"),
    (1, 7), ("info-2025-10-07",), Signature("Mölndal 2025-04-07", "Emma Larsson", "Verksamhetsutvecklare"),
    FormStyle.DELETED_ROWS, GoalSource.REMAINING_ROWS)
SAMPLE_FORMS = {
    "vg-001-cc-plain": LERUM,
    "vg-002-legacy-octet-rfc2231": SampleForm(
        "Alingsås kommun", "212000-9622",
        Contact("Linnea Lindqvist", "Strateg social hållbarhet", "linnea.lindqvist@alingsas.se", "049-38 18 95"),
        Decision("Kommunstyrelsen", "§ 25", "2025-03-17", "KS 2025/433"),
        (3, 4, 6), ("info-2025-04-17", "info-2025-05-13"),
        Signature("Alingsås 2025-04-05", "Linnea Lindqvist", "Strateg social hållbarhet"),
        FormStyle.LEGACY_FIELDS, GoalSource.MARKED),
    "vg-004-glyph-sv-prefix": SampleForm(
        "Borås Stad", "212000-2635",
        Contact("Jörgen Öberg", "Jämställdhetsstrateg", "jorgen.oberg@boras.se", "070-896 84 73"),
        Decision("Kommunstyrelsen", "§ 33", "2025-03-18", "2025.663 KS"),
        (9, 12, 13, 15), ("info-2025-05-13",),
        Signature("Borås 2025-03-28", "Göran Olsson", "Samordnare mot våld i nära relationer"),
        FormStyle.TYPED_MARKS, GoalSource.MARKED),
    "vg-005-deleted-plain": MOLNDAL,
    "vg-007-inline-forwarded-inline": SampleForm(
        "Skövde kommun", "212000-1983",
        Contact("Jonas Lindberg", "Samordnare mot våld i nära relationer", "jonas.lindberg@skovde.se", "070-905 80 99"),
        Decision("Kommunstyrelsens arbetsutskott", "§ 158", "2025-03-11", "KS 2025/227"),
        (2, 8, 10), ("info-2025-04-17",),
        Signature("Skövde 2025-03-14", "Jonas Lindberg", "Samordnare mot våld i nära relationer"),
        FormStyle.RETYPED, GoalSource.LISTED),
    "vg-009-cc-with-protocol": LERUM,
    "vg-011-deleted-duplicate": MOLNDAL,
}
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
FORM_SAMPLES = [entry for entry in EXPECTED if entry["kind"] == "form"]


def docx_attachments(eml: Path) -> list[tuple[str, bytes]]:
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    return [(part.get_filename(), part.get_payload(decode=True)) for part in message.walk()
            if (part.get_filename() or "").lower().endswith(".docx")]


def test_every_form_sample_is_described_here():
    assert sorted(entry["id"] for entry in FORM_SAMPLES) == sorted(SAMPLE_FORMS)


@pytest.mark.parametrize("entry", FORM_SAMPLES, ids=[entry["id"] for entry in FORM_SAMPLES])
def test_sample_form_parses_to_what_it_says(entry, campaigns):
    campaign = campaigns[entry["campaign"]]
    results = [parse_form(data, campaign) for _, data in docx_attachments(SAMPLES / entry["eml"])]
    forms = [result for result in results if result.form is not None]
    assert len(forms) == 1
    assert all(codes(result) == ["not_the_form"] for result in results if result.form is None)
    sample = SAMPLE_FORMS[entry["id"]]
    assert forms[0].problems == ()
    assert forms[0].form == FormData(
        case_number="801-9838-2024", organisation=sample.organisation, org_number=sample.org_number,
        organisation_type="Kommun", contact=sample.contact, decision=sample.decision, goals=sample.goals,
        goal_source=sample.goal_source, plan_text=forms[0].form.plan_text, sessions=sample.sessions,
        signature=sample.signature, style=sample.style)
    assert forms[0].form.plan_text.startswith(("Under 2025", "Medarbetare", "Vi "))


@pytest.mark.parametrize("entry", FORM_SAMPLES, ids=[entry["id"] for entry in FORM_SAMPLES])
def test_sample_descriptions_agree_with_expected_json(entry):
    expect, sample = entry["expect"], SAMPLE_FORMS[entry["id"]]
    checks = {"organisation": sample.organisation, "org_number": sample.org_number,
              "contact_email": sample.contact.email, "goals": list(sample.goals), "sessions": list(sample.sessions)}
    for key, value in checks.items():
        assert expect[key] in (None, value), key


def test_minutes_extract_next_to_the_form_is_not_the_form(campaigns):
    attachments = dict(docx_attachments(SAMPLES / "vg-009-cc-with-protocol.eml"))
    minutes = next(data for name, data in attachments.items() if name.startswith("Protokollsutdrag"))
    assert parse_form(minutes, campaigns[VG]) == ParsedForm(None, (problem("not_the_form", Severity.SENDER),))


# --- the blank forms ---------------------------------------------------------------------

@pytest.mark.parametrize("key", [VG, VM])
def test_blank_form_is_the_form_with_nothing_filled_in(key, campaigns):
    campaign = campaigns[key]
    parsed = parse_form(campaign.form_path.read_bytes(), campaign)
    assert parsed.form == FormData(case_number=campaign.case_number, style=FormStyle.CONTENT_CONTROLS)
    assert parsed.problems == (
        problem("missing_field", Severity.SENDER, "organisation"),
        problem("missing_field", Severity.SENDER, "org_number"),
        problem("missing_field", Severity.SENDER, "contact.name"),
        problem("missing_field", Severity.SENDER, "contact.email"),
        problem("no_goals", Severity.SENDER, "goals"),
    )


def test_vastmanland_form_filled_in_gives_its_six_goals(campaigns):
    campaign = campaigns[VM]
    values = FillValues(goals=(1, 2, 3, 4, 5, 6), sessions=("vm-info-2025-09-18",))
    parsed = parse_filled(campaign, values, FormStyle.CONTENT_CONTROLS)
    assert parsed.problems == ()
    assert parsed.form.goals == (1, 2, 3, 4, 5, 6)
    assert parsed.form.sessions == ("vm-info-2025-09-18",)


def test_another_campaigns_form_is_read_but_flagged_for_staff(campaigns):
    vastmanland = campaigns[VM]
    values = FillValues(goals=(2,))
    data = build_form(vastmanland.form_path.read_bytes(), vastmanland, values, FormStyle.CONTENT_CONTROLS)
    parsed = parse_form(data, campaigns[VG])
    assert parsed.form.case_number == vastmanland.case_number
    assert problem("case_number_mismatch", Severity.STAFF, "case_number",
                   expected=campaigns[VG].case_number, found=vastmanland.case_number) in parsed.problems


# --- every style, both campaigns ---------------------------------------------------------

def expected_form(campaign: Campaign, values: FillValues, style: FormStyle) -> FormData:
    return FormData(
        case_number=campaign.case_number, organisation=values.organisation.strip(), org_number=values.org_number,
        organisation_type=values.organisation_type, contact=values.contact,
        decision=replace(values.decision, date="2025-05-05"), goals=tuple(sorted(values.goals)),
        goal_source=SOURCE_OF[style], plan_text=values.plan,
        sessions=tuple(s.id for s in campaign.sessions if s.id in values.sessions),
        signature=values.signature, style=style)


STYLE_CASES = [(key, style, variant) for key in (VG, VM) for style in FormStyle for variant in range(3)]


@pytest.mark.parametrize(("key", "style", "variant"), STYLE_CASES)
def test_each_style_reads_back_every_field(key, style, variant, campaigns):
    campaign = campaigns[key]
    values = FillValues(
        organisation="Region Östra Älvdalen", organisation_type=ORGANISATION_TYPES[variant + 1],
        decision=Decision("Regionstyrelsen", "§ 7", ["5 maj 2025", "5/5 2025", "2025-05-05"][variant], "RS 2025/3"),
        goals=(2, 5) if key == VM else (3, 10, 15), sessions=(campaign.sessions[-1].id,))
    parsed = parse_filled(campaign, values, style, variant)
    assert parsed.problems == ()
    assert parsed.form == expected_form(campaign, values, style)


organisation_names = st.text(alphabet="abcdefgåäöÅÄÖ -", min_size=1, max_size=40).filter(lambda s: s.strip(" -"))


@st.composite
def fillings(draw: st.DrawFn, campaign: Campaign) -> tuple[FillValues, FormStyle, int]:
    style = draw(st.sampled_from(list(FormStyle)))
    numbers = [goal.number for goal in campaign.goals]
    # Deleting rows cannot say "all goals": every row left and none marked is no choice.
    largest = len(numbers) - 1 if style is FormStyle.DELETED_ROWS else len(numbers)
    goals = draw(st.lists(st.sampled_from(numbers), min_size=1, max_size=largest, unique=True))
    sessions = draw(st.lists(st.sampled_from([s.id for s in campaign.sessions]), unique=True))
    values = FillValues(organisation=draw(organisation_names), goals=tuple(goals), sessions=tuple(sessions),
                        organisation_type=draw(st.sampled_from(ORGANISATION_TYPES)),
                        decision=Decision("Kommunfullmäktige", "§ 1", "2025-05-05", ""))
    return values, style, draw(st.integers(0, 11))


@settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_filling_parses_back_to_the_same_values(data, campaigns):
    campaign = campaigns[data.draw(st.sampled_from([VG, VM]))]
    values, style, variant = data.draw(fillings(campaign))
    parsed = parse_filled(campaign, values, style, variant)
    assert parsed.problems == ()
    assert parsed.form == expected_form(campaign, values, style)


# --- odd documents -------------------------------------------------------------------------

def retyped(campaigns: dict[str, Campaign], *lines: str) -> ParsedForm:
    campaign = campaigns[VG]
    head = ["Dnr 801-9838-2024", "Organisationens namn: Testby kommun", "Organisationsnummer: 212000 0001",
            "Namn: Anna Åberg", "E-post: anna@testby.se"]
    return parse_form(with_lines(campaign.form_path.read_bytes(), [*head, *lines]), campaign)


def test_goal_numbers_the_campaign_lacks_go_to_staff(campaigns):
    parsed = retyped(campaigns, "Prioriterade regionala mål", "Mål 3 - Utrikes födda", "Mål 17 – Något annat")
    assert parsed.form.goals == (3,)
    assert parsed.problems == (problem("unknown_goal_number", Severity.STAFF, "goals", number=17),)


def test_only_unknown_goal_numbers_is_no_goal(campaigns):
    parsed = retyped(campaigns, "Prioriterade regionala mål", "Mål 17")
    assert parsed.form.goals == ()
    assert parsed.problems == (problem("no_goals", Severity.SENDER, "goals"),
                               problem("unknown_goal_number", Severity.STAFF, "goals", number=17))


def test_goals_listed_by_number_or_title_with_any_dash(campaigns):
    parsed = retyped(campaigns, "4. Prioriterade regionala mål:", "Mål 5", "• Mål 6 — Könsbundna",
                     "Sjukfrånvaron bland kvinnor i  Västra Götaland ska minska.")
    assert (parsed.form.goals, parsed.form.goal_source) == ((5, 6, 10), GoalSource.LISTED)
    assert parsed.form.org_number == "212000-0001"


def test_goals_only_in_running_text_are_read_for_staff_to_confirm(campaigns):
    parsed = retyped(campaigns, "Så planerar vi att arbeta med målen", "Vi arbetar med mål 3 och 5 under året.")
    assert (parsed.form.goals, parsed.form.goal_source) == ((3, 5), GoalSource.FREE_TEXT)
    assert parsed.problems == (problem("goals_from_free_text", Severity.STAFF, "goals", goals="3, 5"),)


def test_sessions_listed_under_their_heading(campaigns):
    parsed = retyped(campaigns, "Mål 1", "Informationsträffar", "Vi kommer den 13 maj och 7 oktober.",
                     "Underskrift", "Ort och datum: Testby 17 april 2025")
    assert parsed.form.sessions == ("info-2025-05-13", "info-2025-10-07")
    assert parsed.form.signature.place_and_date == "Testby 17 april 2025"


@pytest.mark.parametrize(("written", "read", "problems"), [
    ("anna@testby.se", "anna@testby.se", []),
    ("mailto:anna@testby.se", "anna@testby.se", []),
    ("Anna Åberg <anna@testby.se>", "anna@testby.se", []),
    ("anna(at)testby.se", "anna(at)testby.se", ["invalid_email"]),
])
def test_contact_email(written, read, problems, campaigns):
    campaign = campaigns[VG]
    values = FillValues(contact=Contact("Anna", "", written, ""))
    parsed = parse_filled(campaign, values, FormStyle.TYPED_MARKS)
    assert (parsed.form.contact.email, codes(parsed)) == (read, problems)


@pytest.mark.parametrize(("written", "read", "problems"), [
    ("212000-2502", "212000-2502", []),
    ("212000 2502", "212000-2502", []),
    ("2120002502", "212000-2502", []),
    (" 212000–2502 ", "212000-2502", []),
    ("21200-2502", "21200-2502", ["org_number_format"]),
    ("okänt", "okänt", ["org_number_format"]),
])
def test_organisation_number(written, read, problems, campaigns):
    campaign = campaigns[VG]
    values = FillValues(org_number=written)
    parsed = parse_filled(campaign, values, FormStyle.LEGACY_FIELDS)
    assert (parsed.form.org_number, codes(parsed)) == (read, problems)


@pytest.mark.parametrize(("written", "read"), [
    ("2025-03-21", "2025-03-21"), ("2025-3-5", "2025-03-05"), ("5 maj 2025", "2025-05-05"),
    ("den 21 mars 2025", "2025-03-21"), ("5/5 2025", "2025-05-05"), ("21.3.2025", "2025-03-21"),
    ("31 februari 2025", "31 februari 2025"), ("i våras", "i våras"),
])
def test_decision_date(written, read, campaigns):
    campaign = campaigns[VG]
    values = FillValues(decision=Decision("KS", "§ 1", written, ""))
    parsed = parse_filled(campaign, values, FormStyle.CONTENT_CONTROLS)
    assert parsed.form.decision.date == read


W_RUN = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'


def paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def run(text: str) -> str:
    return W_RUN.format(text)


def test_tracked_changes_read_as_accepted(campaigns):
    campaign = campaigns[VG]
    body = "".join([
        paragraph(run("Dnr 801-9838-2024")),
        paragraph(run("Organisationens namn: "), '<w:del><w:r><w:delText>Gamla kommunen</w:delText></w:r></w:del>',
                  '<w:ins><w:r><w:t>Nya kommunen</w:t></w:r></w:ins>'),
        paragraph(run("Organisationsnummer:"), "<w:r><w:tab/></w:r>", run("212000-0001")),
        paragraph(run("Prioriterade regionala mål")),
        '<w:del><w:p><w:r><w:delText>Mål 4</w:delText></w:r></w:p></w:del>',
        paragraph(run("Mål 9")),
    ])
    parsed = parse_form(with_body(campaign.form_path.read_bytes(), body), campaign)
    form = parsed.form
    assert (form.organisation, form.org_number, form.goals) == ("Nya kommunen", "212000-0001", (9,))


def test_placeholder_and_hidden_text_are_no_values(campaigns):
    campaign = campaigns[VG]
    body = "".join([
        paragraph(run("Dnr 801-9838-2024")),
        paragraph(run("Organisationens namn: "), '<w:r><w:rPr><w:vanish/></w:rPr><w:t>Dold AB</w:t></w:r>'),
        paragraph(run("Organisationsnummer: "),
                  '<w:sdt><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>'
                  '<w:r><w:t>Ange nummer</w:t></w:r></w:sdtContent></w:sdt>'),
        paragraph(run("Telefon: Klicka eller tryck här för att ange text.")),
        paragraph(run("Mål 1")),
    ])
    parsed = parse_form(with_body(campaign.form_path.read_bytes(), body), campaign)
    assert (parsed.form.organisation, parsed.form.org_number, parsed.form.contact.phone) == ("", "", "")


def test_legacy_dropdown_and_symbol_ticks(campaigns):
    campaign = campaigns[VG]
    dropdown = ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="1"/>'
                '<w:listEntry w:val="Kommun"/><w:listEntry w:val="Region"/></w:ddList></w:ffData></w:fldChar></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    body = "".join([
        paragraph(run("Dnr 801-9838-2024")), paragraph(run("Organisationens namn: Västra regionen")),
        paragraph(run("Typ av organisation: "), dropdown),
        paragraph(run("Prioriterade regionala mål")),
        paragraph('<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>', run(" Mål 11")),
        paragraph('<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>', run(" Mål 12")),
        paragraph(run("[x] Mål 13")), paragraph(run("[ ] Mål 14")),
    ])
    parsed = parse_form(with_body(campaign.form_path.read_bytes(), body), campaign)
    assert (parsed.form.organisation_type, parsed.form.goals, parsed.form.goal_source) == \
        ("Region", (11, 13), GoalSource.MARKED)


def test_area_headings_left_above_deleted_rows_are_not_goals(campaigns):
    campaign = campaigns[VM]

    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{paragraph(run(cell))}</w:tc>" for cell in cells) + "</w:tr>"

    # Västmanland's area headings read exactly like the titles of goals 2-6.
    body = "".join([
        paragraph(run("Dnr 801-2231-2024")),
        "<w:tbl>" + row("Organisationens namn", "Köping") + row("Organisationsnummer", "212000-2080") + "</w:tbl>",
        paragraph(run("4. Prioriterade regionala mål")),
        "<w:tbl>" + row("Ekonomisk jämställdhet") + row("Jämställd utbildning") + row("Jämställd hälsa")
        + row("", "Mål 5", "Jämställd hälsa") + "</w:tbl>",
    ])
    parsed = parse_form(with_body(campaign.form_path.read_bytes(), body), campaign)
    assert (parsed.form.goals, parsed.form.goal_source) == ((5,), GoalSource.REMAINING_ROWS)


def test_content_control_checkbox_without_checked_state_follows_its_glyph(campaigns):
    campaign = campaigns[VG]

    def box(glyph: str) -> str:
        return (f'<w:sdt><w:sdtPr><w14:checkbox/></w:sdtPr><w:sdtContent>{run(glyph)}</w:sdtContent></w:sdt>')

    body = "".join([
        paragraph(run("Dnr 801-9838-2024")), paragraph(run("Organisationsnummer: 212000-0001")),
        paragraph(run("Organisationens namn: Testby")), paragraph(run("Prioriterade regionala mål")),
        paragraph(box("☒"), run(" Mål 2")), paragraph(box("☐"), run(" Mål 3")),
    ])
    parsed = parse_form(with_body(campaign.form_path.read_bytes(), body), campaign)
    assert parsed.form.goals == (2,)


@pytest.mark.parametrize("lines", [
    ["Hej! Här kommer vår anmälan till 801-9838-2024. Vi prioriterar mål 3.", "Med vänlig hälsning",
     "Anna Åberg", "E-post: anna@testby.se", "Telefon: 070-1"],
    ["SAMMANTRÄDESPROTOKOLL", "Kommunstyrelsen", "§ 105", "Beslut", "Kommunen ansluter sig."],
    [],
])
def test_letters_and_minutes_are_not_the_form(lines, campaigns):
    campaign = campaigns[VG]
    parsed = parse_form(with_lines(campaign.form_path.read_bytes(), lines), campaign)
    assert parsed == ParsedForm(None, (problem("not_the_form", Severity.SENDER),))


# --- problem wording -----------------------------------------------------------------------

PARSER_CODES = ("missing_field", "no_goals", "unknown_goal_number", "invalid_email", "org_number_format",
                "case_number_mismatch", "not_the_form", "unsafe_document", "not_a_docx",
                "goals_from_free_text", "unknown_session", "parser_failed")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_parser_problem_has_its_own_sentence(language):
    assert set(PARSER_CODES) <= set(SENTENCES[language])


def test_missing_field_names_the_field_in_swedish_and_english():
    missing = problem("missing_field", Severity.SENDER, "contact.email")
    assert describe(missing) == "Kontaktpersonens e-postadress saknas i blanketten."
    assert describe(missing, "en") == "The contact person's email address is missing from the form."
    assert field_label("organisation") == "Organisationens namn"
    assert field_label("org_number") == "Organisationsnummer"
    assert field_label("contact.email") == "E-postadress (kontaktperson)"


def test_params_go_into_the_sentence_on_one_line():
    text = describe(problem("invalid_email", Severity.SENDER, "contact.email", value="anna\n(at) testby"))
    assert "”anna (at) testby”" in text and "\n" not in text
    assert "17" in describe(problem("unknown_goal_number", Severity.STAFF, "goals", number=17), "en")


def test_unknown_code_field_or_params_do_not_crash():
    assert "mystery_code" in describe(problem("mystery_code", Severity.STAFF, reason="{x}"))
    assert "mystery_code" in describe(problem("mystery_code", Severity.STAFF), "en")
    assert "plan.extra" in describe(problem("missing_field", Severity.SENDER, "plan.extra"))
    assert describe(problem("invalid_email", Severity.SENDER)).startswith("Kontaktpersonens e-postadress ””")
    with pytest.raises(ValueError):
        describe(problem("no_goals", Severity.SENDER), "de")
