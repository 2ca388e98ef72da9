"""parse_form: the campaign's affiliation form, from .docx bytes to FormData and problems.

The steps are listed in parsers/form/__init__.py. Every problem code parse_form can return
is in PROBLEM_CODES.
"""

from __future__ import annotations

from parsers.docx.safety import DEFAULT_LIMITS, DocxLimits, load_document
from parsers.docx.text import extract
from parsers.form.checks import Reading, check
from parsers.form.contact import email_address, phone_number
from parsers.form.fields import Labelled, read_labelled
from parsers.form.goals import GoalReading, read_goals
from parsers.form.identity import read_identity
from parsers.form.options import DEFAULT_OPTIONS, ParseOptions
from parsers.form.plan import plan_text
from parsers.form.sections import FormDoc
from parsers.form.sessions import SessionReading, read_sessions
from parsers.form.style import detect_style
from parsers.form.values import iso_date, org_number, organisation_type
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

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_OPTIONS",
    "DOCUMENT_CODES",
    "PROBLEM_CODES",
    "DocxLimits",
    "ParseOptions",
    "parse_form",
]

# The file itself: no form is read (ParsedForm.form is None).
DOCUMENT_CODES = frozenset({
    "not_a_docx", "damaged_document", "encrypted_document", "legacy_word_document", "macro_enabled_document",
    "opendocument_text", "pdf_document", "rtf_document", "unsafe_document", "understated_sizes", "nesting_too_deep",
    "not_the_form", "parse_memory", "parser_failed",
})
# What the form says, or how: the form is read and these come with it.
CONTENT_CODES = frozenset({
    "case_number_mismatch", "missing_field", "org_number_format", "org_number_checksum", "invalid_email",
    "email_missing_at", "email_missing_domain", "email_undeliverable", "invalid_phone", "decision_date_unreadable",
    "no_goals", "unknown_goal_number", "goals_from_free_text", "goals_from_emphasis", "contradicting_marks",
    "goals_text_disagrees", "ambiguous_goal_title", "goal_number_title_mismatch", "all_goals_listed",
    "unknown_session",
})
PROBLEM_CODES = DOCUMENT_CODES | CONTENT_CODES


def parse_form(data: bytes, campaign: Campaign, *, limits: DocxLimits = DEFAULT_LIMITS,
               options: ParseOptions = DEFAULT_OPTIONS) -> ParsedForm:
    """Read ``data`` as ``campaign``'s affiliation form.

    Returns ParsedForm(form, problems). ``form`` is None when the bytes are not a .docx we
    read (a DOCUMENT_CODES problem says what they are instead: a PDF, an encrypted file, a
    damaged zip, ...), are refused by the safety checks (``unsafe_document``), or are a
    .docx that is not this campaign's form (``not_the_form``). Otherwise ``form`` holds
    what could be read, and ``problems`` what is missing or doubtful.

    Raises nothing, for any ``bytes`` input: hostile, damaged or unrelated documents give a
    problem; running out of memory gives ``parse_memory``; and as a last resort an
    unexpected error inside the parser gives the staff problem ``parser_failed`` (with the
    exception's class name) rather than an exception. No I/O, unless
    ``options.check_deliverability`` asks for a DNS lookup of the contact's email domain.
    """
    try:
        return _parse(data, campaign, limits, options)
    except MemoryError:
        return ParsedForm(None, (problem("parse_memory", Severity.STAFF),))
    except Exception as exc:  # noqa: BLE001 - the no-raise contract above
        return ParsedForm(None, (problem("parser_failed", Severity.STAFF, reason=type(exc).__name__),))


def _parse(data: bytes, campaign: Campaign, limits: DocxLimits, options: ParseOptions) -> ParsedForm:
    root = load_document(data, limits)
    if isinstance(root, Problem):
        return ParsedForm(None, (root,))
    doc = FormDoc.of(extract(root))
    labelled = read_labelled(doc)
    goals = read_goals(doc, campaign)
    identity = read_identity(doc.doc, labelled, goals, campaign)
    if not identity.is_form:
        return ParsedForm(None, (problem("not_the_form", Severity.SENDER),))
    sessions = read_sessions(doc, campaign)
    phone, phone_problem = phone_number(labelled.text("contact.phone"))
    form = _form_data(doc, labelled, goals, sessions, identity.case_number, campaign, phone)
    reading = Reading(form, goals, sessions, campaign, options, phone_problem)
    return ParsedForm(form, identity.problems + check(reading))


def _form_data(doc: FormDoc, labelled: Labelled, goals: GoalReading, sessions: SessionReading,
               case_number: str, campaign: Campaign, phone: str) -> FormData:
    text = labelled.text
    return FormData(
        case_number=case_number,
        organisation=text("organisation"),
        org_number=org_number(text("org_number"))[0],
        organisation_type=organisation_type(labelled.values.get("organisation_type", ())),
        contact=Contact(text("contact.name"), text("contact.title"), email_address(text("contact.email")), phone),
        decision=Decision(text("decision.body"), text("decision.paragraph"),
                          iso_date(text("decision.date")), text("decision.reference")),
        goals=goals.known(campaign),
        goal_source=goals.source,
        plan_text=plan_text(doc),
        sessions=sessions.ids,
        signature=Signature(text("signature.place_and_date"), text("signature.name"), text("signature.title")),
        style=detect_style(doc.doc, goals.source),
    )
