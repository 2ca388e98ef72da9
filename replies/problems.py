"""Problems in words: one sentence a sender can act on, in Swedish (formal "ni") or English.

``describe`` turns a Problem's code, field and params into that sentence. A code without a
sentence here still gets a generic one naming the code, so a new check never breaks a
reply. Values that came from a document are shortened and put on one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.model import Problem
from replies.problem_wording import WORDING

LANGUAGES = ("sv", "en")
_MAX_VALUE = 80


@dataclass(frozen=True)
class FieldWording:
    label: str    # the label the form shows
    subject: str  # the field as the subject of a sentence ("Kontaktpersonens e-postadress")


FIELDS: dict[str, dict[str, FieldWording]] = {
    "sv": {
        "case_number": FieldWording("Diarienummer", "Diarienumret"),
        "organisation": FieldWording("Organisationens namn", "Organisationens namn"),
        "org_number": FieldWording("Organisationsnummer", "Organisationsnumret"),
        "organisation_type": FieldWording("Typ av organisation", "Typ av organisation"),
        "contact.name": FieldWording("Namn (kontaktperson)", "Kontaktpersonens namn"),
        "contact.title": FieldWording("Befattning (kontaktperson)", "Kontaktpersonens befattning"),
        "contact.email": FieldWording("E-postadress (kontaktperson)", "Kontaktpersonens e-postadress"),
        "contact.phone": FieldWording("Telefonnummer (kontaktperson)", "Kontaktpersonens telefonnummer"),
        "decision.body": FieldWording("Beslutande organ", "Beslutande organ"),
        "decision.paragraph": FieldWording("Paragraf", "Paragrafen för beslutet"),
        "decision.date": FieldWording("Datum för beslut", "Datum för beslutet"),
        "decision.reference": FieldWording("Ert diarienummer", "Ert diarienummer"),
        "goals": FieldWording("Prioriterade regionala mål", "Prioriterade regionala mål"),
        "plan_text": FieldWording("Så planerar vi att arbeta med målen",
                                  "Beskrivningen av hur ni planerar att arbeta med målen"),
        "sessions": FieldWording("Informationsträffar", "Val av informationsträffar"),
        "signature.place_and_date": FieldWording("Ort och datum", "Ort och datum för underskriften"),
        "signature.name": FieldWording("Namnförtydligande", "Namnförtydligandet"),
        "signature.title": FieldWording("Befattning (underskrift)", "Undertecknarens befattning"),
    },
    "en": {
        "case_number": FieldWording("Case number", "The case number"),
        "organisation": FieldWording("Name of organisation", "The name of the organisation"),
        "org_number": FieldWording("Organisation number", "The organisation number"),
        "organisation_type": FieldWording("Type of organisation", "The type of organisation"),
        "contact.name": FieldWording("Name (contact person)", "The contact person's name"),
        "contact.title": FieldWording("Position (contact person)", "The contact person's position"),
        "contact.email": FieldWording("Email address (contact person)", "The contact person's email address"),
        "contact.phone": FieldWording("Phone number (contact person)", "The contact person's phone number"),
        "decision.body": FieldWording("Decision-making body", "The decision-making body"),
        "decision.paragraph": FieldWording("Paragraph", "The paragraph of the decision"),
        "decision.date": FieldWording("Date of decision", "The date of the decision"),
        "decision.reference": FieldWording("Your reference number", "Your reference number"),
        "goals": FieldWording("Prioritised regional goals", "The prioritised regional goals"),
        "plan_text": FieldWording("How we plan to work with the goals",
                                  "The description of how you plan to work with the goals"),
        "sessions": FieldWording("Information sessions", "The choice of information sessions"),
        "signature.place_and_date": FieldWording("Place and date", "The place and date of signing"),
        "signature.name": FieldWording("Name in block letters", "The signer's name in block letters"),
        "signature.title": FieldWording("Position (signature)", "The signer's position"),
    },
}

SENTENCES: dict[str, dict[str, str]] = {
    language: {code: pair[index] for code, pair in WORDING.items()} for index, language in enumerate(LANGUAGES)
}

GENERIC = {
    "sv": "Något i ert ärende behöver kontrolleras (kod {code}).",
    "en": "Something in your submission needs to be checked (code {code}).",
}


def describe(problem: Problem, language: str = "sv") -> str:
    """One sentence for ``problem`` in ``language`` ("sv" or "en"; any other is a
    programming error and raises ValueError). Unknown codes get a generic sentence."""
    if language not in LANGUAGES:
        raise ValueError(f"no problem wording for language {language!r}; use one of {LANGUAGES}")
    template = SENTENCES[language].get(problem.code)
    values = _Values({name: _shortened(value) for name, value in problem.params})
    values["code"] = _shortened(problem.code)
    values["subject"] = _subject(problem.field, language)
    values["label"] = field_label(problem.field or "", language)
    return (template or GENERIC[language]).format_map(values)


def field_label(field: str, language: str = "sv") -> str:
    """The form's label for a FormData field ("contact.email"), or the name itself."""
    wording = FIELDS.get(language, {}).get(field)
    return wording.label if wording else field


def _subject(field: str | None, language: str) -> str:
    wording = FIELDS[language].get(field or "")
    if wording:
        return wording.subject
    name = _shortened(field or "?")
    return f"Fältet ”{name}”" if language == "sv" else f"The field “{name}”"


def _shortened(value: str) -> str:
    one_line = " ".join(str(value).split())
    return one_line if len(one_line) <= _MAX_VALUE else one_line[:_MAX_VALUE - 1] + "…"


class _Values(dict[str, str]):
    """Template values where a param the problem lacks reads as empty, never KeyError."""

    def __missing__(self, key: str) -> str:
        return ""
