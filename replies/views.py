"""What the templates see: the form as lines a person reads, in the reply's language."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from parsers.model import Campaign, Contact, Decision, FormData, GoalSource, InfoSession, Problem
from replies.cleaning import single_line, text_lines, unique
from replies.dates import format_date, format_session
from replies.phone import phone_for_people
from replies.problems import describe

_Fields = TypeVar("_Fields", Contact, Decision)


# What a changed field is called in a reply. Every field of FormData has a label here
# (tests/replies/test_plain_words.py); a name not listed is called by its nearest listed parent
# ("signature.x" as "signature"), and a name with no listed parent is left out: a code name
# never reaches a sender.
_FIELD_LABELS = MappingProxyType({
    "sv": MappingProxyType({
        "case_number": "diarienummer",
        "organisation": "organisation",
        "org_number": "organisationsnummer",
        "organisation_type": "typ av organisation",
        "contact": "kontaktperson",
        "contact.name": "kontaktpersonens namn",
        "contact.title": "kontaktpersonens titel",
        "contact.email": "kontaktpersonens e-postadress",
        "contact.phone": "kontaktpersonens telefonnummer",
        "decision": "beslut",
        "decision.body": "beslutande organ",
        "decision.paragraph": "paragraf",
        "decision.date": "beslutsdatum",
        "decision.reference": "beslutets diarienummer",
        "goals": "prioriterade mål",
        "plan_text": "planerat arbete",
        "sessions": "informationsträffar",
        "signature": "underskrift",
        "signature.place_and_date": "ort och datum för underskriften",
        "signature.name": "namnförtydligande",
        "signature.title": "undertecknarens titel",
    }),
    "en": MappingProxyType({
        "case_number": "case number",
        "organisation": "organisation",
        "org_number": "organisation number",
        "organisation_type": "type of organisation",
        "contact": "contact person",
        "contact.name": "contact person's name",
        "contact.title": "contact person's title",
        "contact.email": "contact person's email address",
        "contact.phone": "contact person's phone number",
        "decision": "decision",
        "decision.body": "decision-making body",
        "decision.paragraph": "minutes item (§)",
        "decision.date": "date of decision",
        "decision.reference": "decision reference",
        "goals": "prioritised goals",
        "plan_text": "planned work",
        "sessions": "information sessions",
        "signature": "signature",
        "signature.place_and_date": "place and date of signing",
        "signature.name": "name of the signatory",
        "signature.title": "title of the signatory",
    }),
})


@dataclass(frozen=True)
class GoalLine:
    number: int
    title: str  # empty when the campaign has no such goal


@dataclass(frozen=True)
class SessionLine:
    title: str
    when: str
    join_url: str


@dataclass(frozen=True)
class FormView:
    """The form as a reply shows it: every text cleaned, dates and goals spelt out."""

    organisation: str
    org_number: str
    organisation_type: str
    contact: Contact
    decision: Decision
    decision_line: str
    goals: tuple[GoalLine, ...]
    goals_from_free_text: bool
    sessions: tuple[SessionLine, ...]
    plan_lines: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing could be read; a reply then has nothing to read back."""
        return not any((self.organisation, self.org_number, self.organisation_type, self.decision_line,
                        *dataclasses.astuple(self.contact), self.goals, self.sessions, self.plan_lines))


def problem_sentences(problems: tuple[Problem, ...], language: str) -> tuple[str, ...]:
    return unique(single_line(describe(problem, language)) for problem in problems)


def change_labels(changes: tuple[str, ...], language: str) -> tuple[str, ...]:
    labels = _FIELD_LABELS[language]
    return unique(label for label in (_label(labels, single_line(name)) for name in changes) if label)


def _label(labels: MappingProxyType, name: str) -> str:
    while name:
        if name in labels:
            return labels[name]
        name = name.rpartition(".")[0]
    return ""


def form_view(form: FormData, campaign: Campaign, language: str) -> FormView:
    decision = _cleaned(form.decision)
    decision = dataclasses.replace(decision, date=format_date(decision.date, language) if decision.date else "")
    return FormView(
        organisation=single_line(form.organisation),
        org_number=single_line(form.org_number),
        organisation_type=single_line(form.organisation_type),
        contact=dataclasses.replace(_cleaned(form.contact), phone=phone_for_people(single_line(form.contact.phone))),
        decision=decision,
        decision_line=_decision_line(decision),
        goals=tuple(_goal_line(number, campaign) for number in form.goals),
        goals_from_free_text=form.goal_source is GoalSource.FREE_TEXT,
        sessions=_session_lines(form.sessions, campaign, language),
        plan_lines=text_lines(form.plan_text),
    )


def _cleaned(value: _Fields) -> _Fields:
    """A copy of a dataclass of strings with every string made a clean single line."""
    cleaned = {f.name: single_line(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return dataclasses.replace(value, **cleaned)


def _decision_line(decision: Decision) -> str:
    paragraph = decision.paragraph
    if paragraph and not paragraph.startswith("§"):
        paragraph = f"§ {paragraph}"
    return ", ".join(part for part in (decision.body, paragraph, decision.date, decision.reference) if part)


def _goal_line(number: int, campaign: Campaign) -> GoalLine:
    goal = campaign.goal(number)
    return GoalLine(number, goal.title if goal is not None else "")


def _session_lines(session_ids: tuple[str, ...], campaign: Campaign, language: str) -> tuple[SessionLine, ...]:
    # An id the campaign does not know is the validator's business; it is not shown.
    sessions = (campaign.session(session_id) for session_id in session_ids)
    return session_lines(tuple(session for session in sessions if session is not None), language)


def session_lines(sessions: tuple[InfoSession, ...], language: str) -> tuple[SessionLine, ...]:
    return tuple(SessionLine(single_line(s.title), format_session(s, language), single_line(s.join_url))
                 for s in sessions)
