"""Goals marked in ways a person must confirm: emphasis only, contradicting marks, goals only
in the text, every goal listed, titles that fit no goal or another goal's number. Each is
read (never silently dropped) and comes with the staff problem that says why."""

from __future__ import annotations


import pytest
from lxml import etree

from parsers.form.parse import parse_form
from parsers.model import Campaign, FormStyle, GoalSource, Severity, problem
from tests.support.formbuilder import (
    FillValues,
    W,
    build_form,
    edit_document,
    emphasise,
    with_lines,
)
from tests.support.paths import REPO

ROOT = REPO
VG = "jamstallt-vg-2024-2027"


HEAD = ["Dnr 801-9838-2024", "Organisationens namn: Testby kommun", "Organisationsnummer: 212000-0001",
        "Namn: Anna Åberg", "E-post: anna@testby.se", "Prioriterade regionala mål"]


def official(campaign: Campaign, goals: tuple[int, ...], plan: str = "Vi tar fram en plan.") -> bytes:
    return build_form(campaign.form_path.read_bytes(), campaign, FillValues(goals=goals, plan=plan),
                      FormStyle.CONTENT_CONTROLS)


def retyped(campaign: Campaign, *lines: str) -> bytes:
    return with_lines(campaign.form_path.read_bytes(), [*HEAD, *lines])


def typed_x_beside_empty_box(campaign: Campaign) -> bytes:
    """Goal 4's content control left unticked, an X typed after it (the box would not tick)."""
    def add_x(body: etree._Element) -> None:
        row = next(tr for tr in body.iter(f"{W}tr") if "Mål 4" in "".join(tr.itertext()))
        etree.SubElement(etree.SubElement(row.find(f"{W}tc/{W}p"), f"{W}r"), f"{W}t").text = "X"
    return edit_document(official(campaign, ()), add_x)


STAFF = Severity.STAFF
MARKING = {
    # name: (document, goals, source, problems)
    "bold titles only": (lambda c: emphasise(official(c, ()), (3, 12), "bold"), (3, 12), GoalSource.MARKED,
                         [problem("goals_from_emphasis", STAFF, "goals", goals="3, 12")]),
    "highlighted rows only": (lambda c: emphasise(official(c, ()), (5,), "highlight"), (5,), GoalSource.MARKED,
                              [problem("goals_from_emphasis", STAFF, "goals", goals="5")]),
    "shaded cells only": (lambda c: emphasise(official(c, ()), (7, 8), "shade"), (7, 8), GoalSource.MARKED,
                          [problem("goals_from_emphasis", STAFF, "goals", goals="7, 8")]),
    "every goal retyped, two underlined": (
        lambda c: emphasise(retyped(c, *(f"Mål {g.number} – {g.title}" for g in c.goals)), (2, 9), "underline"),
        (2, 9), GoalSource.MARKED, [problem("goals_from_emphasis", STAFF, "goals", goals="2, 9")]),
    "every goal bold: says nothing": (lambda c: emphasise(official(c, ()), tuple(range(1, 16)), "bold"), (),
                                      GoalSource.NONE, [problem("no_goals", Severity.SENDER, "goals")]),
    "ticked 4, bold 7": (lambda c: emphasise(official(c, (4,)), (7,), "bold"), (4,), GoalSource.MARKED,
                         [problem("contradicting_marks", STAFF, "goals", goals="7")]),
    "ticked and unticked": (lambda c: retyped(c, "☒ Mål 3", "☐ Mål 3", "☐ Mål 4"), (3,), GoalSource.MARKED,
                            [problem("contradicting_marks", STAFF, "goals", goals="3")]),
    "X typed beside an empty box": (typed_x_beside_empty_box, (4,), GoalSource.MARKED, []),
    "goals only in the plan text": (
        lambda c: official(c, (), "Vi kommer att prioritera mål 3, 12 och 13."), (3, 12, 13), GoalSource.FREE_TEXT,
        [problem("goals_from_free_text", STAFF, "goals", goals="3, 12, 13")]),
    "plan text names other goals": (
        lambda c: official(c, (4,), "Vi kommer att prioritera målen 3 och 12."), (4,), GoalSource.MARKED,
        [problem("goals_text_disagrees", STAFF, "goals", goals="4", text_goals="3, 12")]),
    "every goal listed, none marked": (lambda c: retyped(c, *(f"Mål {n}" for n in range(1, 16))),
                                       tuple(range(1, 16)), GoalSource.LISTED,
                                       [problem("all_goals_listed", STAFF, "goals")]),
    "reworded titles": (lambda c: retyped(c, "Sjukfrånvaron bland kvinnor ska minska",
                                          "Hedersrelaterat våld och förtryck ska upphöra"), (10, 13),
                        GoalSource.LISTED, []),
    "a title like two goals": (
        lambda c: retyped(c, "Kvinnor och män ska ha samma förutsättningar"), (), GoalSource.NONE,
        [problem("ambiguous_goal_title", STAFF, "goals", text="Kvinnor och män ska ha samma förutsättningar",
                 candidates="5, 7")]),
    "older form: number of one goal, title of another": (
        lambda c: retyped(c, "Mål 3 – Sjukfrånvaron bland kvinnor i Västra Götaland ska minska"), (10,),
        GoalSource.LISTED, [problem("goal_number_title_mismatch", STAFF, "goals", number=3,
                                    title="Sjukfrånvaron bland kvinnor i Västra Götaland ska minska")]),
    "shortened title beside its number": (lambda c: retyped(c, "Mål 3 - Utrikes födda kvinnor"), (3,),
                                          GoalSource.LISTED, []),
}


@pytest.mark.parametrize("name", list(MARKING))
def test_goals_marked_in_doubtful_ways_are_read_and_explained(name, campaigns):
    make, goals, source, problems = MARKING[name]
    parsed = parse_form(make(campaigns[VG]), campaigns[VG])
    assert (parsed.form.goals, parsed.form.goal_source) == (goals, source)
    assert list(parsed.problems) == problems


def test_every_doubt_about_goals_is_for_staff():
    """Doubts send the form to review; only "no goals at all" asks the sender to fix it."""
    found = [p for *_, problems in MARKING.values() for p in problems]
    assert {p.severity for p in found if p.code != "no_goals"} == {Severity.STAFF}
