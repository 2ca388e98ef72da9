"""Labels to fields: find "Organisationsnummer" and friends and the value that goes with them.

A label and its value may stand as
- two neighbouring table cells (the official form),
- one paragraph "Label:<tab>value", "Label: value" or "Label<tab>value",
- a paragraph holding only the label, and the value in the next paragraph.
Fields are named as FormData paths ("organisation", "contact.email", ...). The first value
found for a field wins. A label the form uses twice is told apart by its section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from parsers.docx.blocks import Para, Row
from parsers.form.sections import FormDoc, Section, normalise

PLACEHOLDERS = frozenset(normalise(text) for text in (
    "Klicka eller tryck här för att ange text.", "Klicka här för att ange text.",
    "Klicka eller tryck för att ange ett datum.", "Klicka här för att ange datum.",
    "Välj ett objekt.", "Click or tap here to enter text.", "Click here to enter text.",
))
_SPLIT = re.compile(r"^([^:\t]{1,60}?)\s*(?::\s*|\t\s*)(.*)$", re.DOTALL)
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_LONGEST_LABEL = 120  # characters: every label is far shorter, a paragraph of text far longer


Pair = tuple[str, tuple[Para, ...]]  # a field and its value's paragraphs


@dataclass(frozen=True)
class FieldLabel:
    field: str
    labels: tuple[str, ...]
    section: Section | None = None  # only in this section (any section when None)
    guessed: bool = True  # may be taken outside its section when the section is unknown


FIELD_LABELS: tuple[FieldLabel, ...] = (
    FieldLabel("organisation", ("organisationens namn", "organisation namn", "namn på organisationen",
                                "organisationsnamn", "organisation name", "name of organisation")),
    FieldLabel("org_number", ("organisationsnummer", "org.nr", "org nr", "orgnr", "org. nr",
                              "organisationsnr", "organisation number")),
    FieldLabel("organisation_type", ("typ av organisation", "organisationstyp", "type of organisation")),
    FieldLabel("organisation", ("namn", "name"), Section.ORGANISATION, guessed=False),
    FieldLabel("contact.name", ("namn", "name"), Section.CONTACT),
    FieldLabel("contact.name", ("kontaktpersonens namn", "namn på kontaktperson")),
    FieldLabel("contact.title", ("befattning", "titel", "title", "roll"), Section.CONTACT),
    FieldLabel("contact.email", ("e-postadress", "e-post", "epost", "epostadress", "mejl", "mejladress",
                                 "mail", "mailadress", "email", "e-mail", "email address")),
    FieldLabel("contact.phone", ("telefonnummer", "telefon", "tel", "tel.", "mobil", "mobilnummer",
                                 "phone", "telephone")),
    FieldLabel("decision.body", ("beslutande organ", "beslutsorgan", "decision-making body")),
    FieldLabel("decision.paragraph", ("paragraf", "§", "paragraph")),
    FieldLabel("decision.date", ("datum för beslut", "beslutsdatum", "date of decision")),
    FieldLabel("decision.reference", ("ert diarienummer", "ert dnr", "er referens", "your reference")),
    # The board's own "Dnr 801-..." heads the form: never guess this one.
    FieldLabel("decision.reference", ("diarienummer", "dnr"), Section.DECISION, guessed=False),
    FieldLabel("signature.place_and_date", ("ort och datum", "ort, datum", "place and date")),
    FieldLabel("signature.name", ("namnförtydligande", "namnteckning förtydligande")),
    FieldLabel("signature.name", ("namn", "name"), Section.SIGNATURE),
    FieldLabel("signature.title", ("befattning", "titel", "title"), Section.SIGNATURE),
)


@dataclass(frozen=True)
class Labelled:
    """Every field found with its value's paragraphs."""

    values: dict[str, tuple[Para, ...]]

    def text(self, field: str) -> str:
        """The value as written: lines stripped, blank lines and placeholder text dropped."""
        lines = (line.strip() for para in self.values.get(field, ()) for line in para.text.split("\n"))
        return "\n".join(line for line in lines if line and normalise(line) not in PLACEHOLDERS)


def read_labelled(form: FormDoc) -> Labelled:
    values: dict[str, tuple[Para, ...]] = {}
    for field, value in _pairs(form):
        values.setdefault(field, value)
    return Labelled(values)


def field_for(label: str, section: Section | None, taken: Iterable[str] = ()) -> str | None:
    """The field a label names in a section; with no known section, the first still free."""
    if len(label) > _LONGEST_LABEL:
        return None
    key = _PARENTHESIS.sub("", normalise(label)).rstrip(":*").strip()
    candidates = [entry for entry in FIELD_LABELS if key in entry.labels]
    for entry in candidates:
        if entry.section is not None and entry.section == section:
            return entry.field
    for entry in candidates:
        if entry.section is None:
            return entry.field
    if section is None:
        free = [entry.field for entry in candidates if entry.guessed and entry.field not in taken]
        return free[0] if free else None
    return None


def _pairs(form: FormDoc) -> Iterator[Pair]:
    taken: set[str] = set()
    waiting: str | None = None  # a label alone in its paragraph, waiting for the next one
    for placed in form.placed:
        pairs: Iterable[Pair]
        if isinstance(placed.block, Row):
            pairs, waiting = _row_pairs(placed.block, placed.section, taken), None
        elif placed.is_heading:
            pairs, waiting = (), None
        else:
            pairs, waiting = _paragraph_pairs(placed.block, placed.section, taken, waiting)
        for pair in pairs:
            taken.add(pair[0])
            yield pair


def _paragraph_pairs(para: Para, section: Section | None, taken: set[str],
                     waiting: str | None) -> tuple[list[Pair], str | None]:
    """What a paragraph outside tables gives, and the label it leaves waiting."""
    pair = _paragraph_pair(para, section, taken)
    if pair is not None:
        return [pair], None
    label = _label_only(para, section, taken)
    if label is not None:
        return [], label
    if not para.text.strip():
        return [], waiting
    if waiting is not None:
        return [(waiting, (para,))], None
    return [], None


def _row_pairs(row: Row, section: Section | None, taken: set[str]) -> Iterator[Pair]:
    """Label cell followed by value cell, anywhere in the row; or labelled paragraphs in a cell."""
    index = 0
    while index < len(row.cells):
        field = field_for(row.cell_text(index), section, taken) if index + 1 < len(row.cells) else None
        if field is not None:
            yield field, row.cells[index + 1]
            index += 2
            continue
        yield from _cell_pairs(row.cells[index], section, taken)
        index += 1


def _cell_pairs(paras: tuple[Para, ...], section: Section | None, taken: set[str]) -> Iterator[Pair]:
    for position, para in enumerate(paras):
        found = _paragraph_pair(para, section, taken)
        if found is not None:
            yield found
        elif (field := _label_only(para, section, taken)) is not None and position + 1 < len(paras):
            yield field, paras[position + 1:]
            return


def _paragraph_pair(para: Para, section: Section | None, taken: Iterable[str]) -> Pair | None:
    text = para.text
    match = _SPLIT.match(text.lstrip())
    if match is None or not match.group(2).strip():
        return None
    field = field_for(match.group(1), section, taken)
    if field is None:
        return None
    return field, (para.after(len(text) - len(text.lstrip()) + match.start(2)),)


def _label_only(para: Para, section: Section | None, taken: Iterable[str]) -> str | None:
    return field_for(para.text, section, taken) if para.text.strip() else None
