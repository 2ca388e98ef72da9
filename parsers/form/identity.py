"""Is this document the campaign's form, and which case number does it name?

The pipeline offers every .docx of a message (the form, minutes, cover letters), so the
answer comes from content: the form's field labels, its goal lines, and the campaign's case
number. Minutes and letters may name the organisation, the goals and even the case
number, but they do not carry the form's labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.casenumber import find_case_numbers, normalise_case_number
from parsers.docx.blocks import DocText
from parsers.form.fields import Labelled
from parsers.form.goals import GoalReading
from parsers.model import Campaign, Problem, Severity, problem

# Labels only the form has; a letter may well have "E-post:" and "Telefon:".
CORE_FIELDS = frozenset({"organisation", "org_number", "organisation_type"})
_FORM_SCORE = 4


@dataclass(frozen=True)
class Identity:
    is_form: bool
    case_number: str
    problems: tuple[Problem, ...] = ()


def read_identity(doc: DocText, labelled: Labelled, goals: GoalReading, campaign: Campaign) -> Identity:
    found = case_numbers(doc, labelled.text("decision.reference"))
    names_campaign = campaign.case_number in found
    if not is_form(labelled, goals, names_campaign):
        return Identity(False, "")
    if names_campaign or not found:
        return Identity(True, campaign.case_number if names_campaign else "")
    mismatch = problem("case_number_mismatch", Severity.STAFF, "case_number",
                       expected=campaign.case_number, found=found[0])
    return Identity(True, found[0], (mismatch,))


def is_form(labelled: Labelled, goals: GoalReading, names_campaign: bool) -> bool:
    fields = set(labelled.values)
    core = bool(fields & CORE_FIELDS)
    score = len(fields) + 2 * core + 2 * (goals.lines > 0) + names_campaign
    return score >= _FORM_SCORE and (core or goals.lines > 0)


def case_numbers(doc: DocText, reference: str) -> tuple[str, ...]:
    """Case numbers in the document, leaving out the sender's own reference number."""
    own = normalise_case_number(reference)
    return tuple(number for number in find_case_numbers(doc.text) if number != own)
