"""parse_form: the campaign's affiliation form, from .docx bytes to FormData and problems.

The steps, each in its own module:

    docx_safety.load_document    check the zip, read and parse the main XML part safely
    docx_text.extract            the body as paragraphs and rows, checkboxes as marks
    form_sections.FormDoc        each block placed in the form's sections
    form_fields.read_labelled    labels ("Organisationsnummer") to their values
    form_goals.read_goals        the chosen goals, however they were chosen
    form_identity.identify       is this the form at all, and which case number it names
    form_sessions.read_sessions  the chosen information sessions
    form_plan.plan_text          the sender's plan (section 5)
    form_style.detect_style      how the sender filled the form in
    form_checks.check            what is missing or doubtful, as problems
"""

from __future__ import annotations

from parsers.docx_safety import DEFAULT_LIMITS, DocxLimits, load_document
from parsers.docx_text import extract
from parsers.form_checks import Reading, check
from parsers.form_fields import Labelled, read_labelled
from parsers.form_goals import GoalReading, read_goals
from parsers.form_identity import identify
from parsers.form_plan import plan_text
from parsers.form_sections import FormDoc
from parsers.form_sessions import SessionReading, read_sessions
from parsers.form_style import detect_style
from parsers.form_values import email_address, iso_date, org_number, organisation_type
from parsers.model import (
    Campaign,
    Contact,
    Decision,
    FormData,
    ParsedForm,
    Problem,
    Severity,
    Signature,
    problem,
)

__all__ = ["DEFAULT_LIMITS", "DocxLimits", "parse_form"]


def parse_form(data: bytes, campaign: Campaign, *, limits: DocxLimits = DEFAULT_LIMITS) -> ParsedForm:
    """Read ``data`` as ``campaign``'s affiliation form.

    Returns ParsedForm(form, problems). ``form`` is None when the bytes are not a .docx
    (``not_a_docx``), are refused by the safety checks (``unsafe_document``), or are a .docx
    that is not this campaign's form (``not_the_form``). Otherwise ``form`` holds what could
    be read, and ``problems`` what is missing or doubtful.

    Raises nothing, for any ``bytes`` input: hostile, damaged or unrelated documents give a
    problem, and as a last resort an unexpected error inside the parser gives the staff
    problem ``parser_failed`` (with the exception's class name) rather than an exception.
    """
    try:
        return _parse(data, campaign, limits)
    except Exception as exc:  # noqa: BLE001 - the no-raise contract above
        return ParsedForm(None, (problem("parser_failed", Severity.STAFF, reason=type(exc).__name__),))


def _parse(data: bytes, campaign: Campaign, limits: DocxLimits) -> ParsedForm:
    root = load_document(data, limits)
    if isinstance(root, Problem):
        return ParsedForm(None, (root,))
    doc = FormDoc.of(extract(root))
    labelled = read_labelled(doc)
    goals = read_goals(doc, campaign)
    identity = identify(doc.doc, labelled, goals, campaign)
    if not identity.is_form:
        return ParsedForm(None, (problem("not_the_form", Severity.SENDER),))
    sessions = read_sessions(doc, campaign)
    form = _form_data(doc, labelled, goals, sessions, identity.case_number, campaign)
    return ParsedForm(form, identity.problems + check(Reading(form, goals, sessions, campaign)))


def _form_data(doc: FormDoc, labelled: Labelled, goals: GoalReading, sessions: SessionReading,
               case_number: str, campaign: Campaign) -> FormData:
    text = labelled.text
    return FormData(
        case_number=case_number,
        organisation=text("organisation"),
        org_number=org_number(text("org_number"))[0],
        organisation_type=organisation_type(labelled.values.get("organisation_type", ())),
        contact=Contact(text("contact.name"), text("contact.title"),
                        email_address(text("contact.email")), text("contact.phone")),
        decision=Decision(text("decision.body"), text("decision.paragraph"),
                          iso_date(text("decision.date")), text("decision.reference")),
        goals=goals.known(campaign),
        goal_source=goals.source,
        plan_text=plan_text(doc),
        sessions=sessions.ids,
        signature=Signature(text("signature.place_and_date"), text("signature.name"), text("signature.title")),
        style=detect_style(doc.doc, goals.source),
    )
