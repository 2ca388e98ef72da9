"""parse_form: the shared samples, the blank forms, odd documents, and the wording of the
problems. Every filling style is in test_form_styles.py, single values in test_form_values.py."""

from __future__ import annotations

import email
import email.policy
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.inbound.sandbox import SANDBOX_CODES
from parsers.form.parse import PROBLEM_CODES, parse_form
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
from tests.support.formbuilder import FillValues, build_form, with_body, with_lines
from tests.support.paths import REPO

ROOT = REPO
SAMPLES = ROOT / "bot" / "demo" / "samples"
VG = "jamstallt-vg-2024-2027"
VM = "jamstallt-vastmanland-2024-2027"
SOURCE_OF = {
    FormStyle.CONTENT_CONTROLS: GoalSource.MARKED, FormStyle.LEGACY_FIELDS: GoalSource.MARKED,
    FormStyle.TYPED_MARKS: GoalSource.MARKED, FormStyle.DELETED_ROWS: GoalSource.REMAINING_ROWS,
    FormStyle.RETYPED: GoalSource.LISTED,
}


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
    Contact("Elin Andersson", "Verksamhetsutvecklare", "elin.andersson@lerum.se", "+46709171398"),
    Decision("Kommunstyrelsens arbetsutskott", "§ 105", "2025-03-21", "KS 2025/462"),
    (12, 13, 14), ("info-2025-05-13",), Signature("Lerum 2025-04-07", "Elin Andersson", "Verksamhetsutvecklare"),
    FormStyle.CONTENT_CONTROLS, GoalSource.MARKED)
MOLNDAL = SampleForm(
    "Mölndals stad", "212000-7022",
    Contact("Henrik Bengtsson", "Folkhälsostrateg", "henrik.bengtsson@molndal.se", "+4636563280"),
    Decision("Kommunstyrelsen", "§ 146", "2025-03-25", "2025.579 KS"),
    (1, 7), ("info-2025-10-07",), Signature("Mölndal 2025-04-07", "Emma Larsson", "Verksamhetsutvecklare"),
    FormStyle.DELETED_ROWS, GoalSource.REMAINING_ROWS)
SAMPLE_FORMS = {
    "vg-001-cc-plain": LERUM,
    "vg-002-legacy-octet-rfc2231": SampleForm(
        "Alingsås kommun", "212000-9622",
        Contact("Linnea Lindqvist", "Strateg social hållbarhet", "linnea.lindqvist@alingsas.se", "+4649381895"),
        Decision("Kommunstyrelsen", "§ 25", "2025-03-17", "KS 2025/433"),
        (3, 4, 6), ("info-2025-04-17", "info-2025-05-13"),
        Signature("Alingsås 2025-04-05", "Linnea Lindqvist", "Strateg social hållbarhet"),
        FormStyle.LEGACY_FIELDS, GoalSource.MARKED),
    "vg-004-glyph-sv-prefix": SampleForm(
        "Borås Stad", "212000-2635",
        Contact("Jörgen Öberg", "Jämställdhetsstrateg", "jorgen.oberg@boras.se", "+46708968473"),
        Decision("Kommunstyrelsen", "§ 33", "2025-03-18", "2025.663 KS"),
        (9, 12, 13, 15), ("info-2025-05-13",),
        Signature("Borås 2025-03-28", "Göran Olsson", "Samordnare mot våld i nära relationer"),
        FormStyle.TYPED_MARKS, GoalSource.MARKED),
    "vg-005-deleted-plain": MOLNDAL,
    "vg-007-inline-forwarded-inline": SampleForm(
        "Skövde kommun", "212000-1983",
        Contact("Jonas Lindberg", "Samordnare mot våld i nära relationer", "jonas.lindberg@skovde.se", "+46709058099"),
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


# --- odd documents -------------------------------------------------------------------------

def retyped(campaigns: dict[str, Campaign], *lines: str) -> ParsedForm:
    campaign = campaigns[VG]
    head = ["Dnr 801-9838-2024", "Organisationens namn: Testby kommun", "Organisationsnummer: 212000 0001",
            "Namn: Anna Åberg", "E-post: anna@testby.se"]
    return parse_form(with_lines(campaign.form_path.read_bytes(), [*head, *lines]), campaign)


def test_goal_numbers_the_campaign_lacks_are_asked_of_the_sender(campaigns):
    # Issue 10, principle 3: only the sender knows which goal "mål 17" meant; the reply lists the valid ones.
    parsed = retyped(campaigns, "Prioriterade regionala mål", "Mål 3 - Utrikes födda", "Mål 17 – Något annat")
    assert parsed.form.goals == (3,)
    assert parsed.problems == (problem("unknown_goal_number", Severity.SENDER, "goals", number=17, valid="1–15"),)


def test_only_unknown_goal_numbers_is_no_goal(campaigns):
    parsed = retyped(campaigns, "Prioriterade regionala mål", "Mål 17")
    assert parsed.form.goals == ()
    assert parsed.problems == (problem("no_goals", Severity.SENDER, "goals"),
                               problem("unknown_goal_number", Severity.SENDER, "goals", number=17, valid="1–15"))


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

@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_parser_problem_has_its_own_sentence(language):
    assert PROBLEM_CODES | SANDBOX_CODES | {"unknown_organisation"} <= set(SENTENCES[language])


@pytest.mark.parametrize("code", sorted(PROBLEM_CODES | SANDBOX_CODES))
def test_every_sentence_fills_in_its_params(code):
    params = {"value": "anna.berg@alingsas", "domain": "alingsas.example", "number": 3, "goals": "3, 12",
              "text_goals": "5", "text": "Våld ska upphöra", "title": "Våld ska upphöra", "found": "801-1-2024",
              "expected": "801-9838-2024", "candidates": "12, 14", "organisation": "Testby"}
    for language in ("sv", "en"):
        sentence = describe(problem(code, Severity.SENDER, "contact.email", **params), language)
        assert "{" not in sentence and "  " not in sentence and sentence.endswith("."), sentence


def test_the_issue_s_own_example_reads_as_asked():
    missing_domain = problem("email_missing_domain", Severity.SENDER, "contact.email", value="anna.berg@alingsas")
    assert describe(missing_domain).startswith("E-postadressen för kontaktpersonen saknar domän: anna.berg@alingsas")


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
    assert "17" in describe(problem("unknown_goal_number", Severity.SENDER, "goals", number=17), "en")


def test_unknown_code_field_or_params_do_not_crash():
    assert "mystery_code" in describe(problem("mystery_code", Severity.STAFF, reason="{x}"))
    assert "mystery_code" in describe(problem("mystery_code", Severity.STAFF), "en")
    assert "plan.extra" in describe(problem("missing_field", Severity.SENDER, "plan.extra"))
    assert describe(problem("invalid_email", Severity.SENDER)).startswith("Kontaktpersonens e-postadress ””")
    with pytest.raises(ValueError):
        describe(problem("no_goals", Severity.SENDER), "de")


def test_problem_codes_lists_every_code_the_parser_can_give():
    """PROBLEM_CODES is the documented set (the fuzz tests hold parse_form to it): every
    problem(...) the parser's modules create must be in it."""
    sources = [*(ROOT / "parsers" / "docx").glob("*.py"), *(ROOT / "parsers" / "form").glob("*.py")]
    created = {code for path in sources
               for code in re.findall(r'problem\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert created and created <= PROBLEM_CODES
