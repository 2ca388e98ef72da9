"""The form's sections ("1. Organisation" ... "7. Underskrift") and which block is in which.

Sections tell apart labels the form uses twice (the contact's and the signer's
"Befattning") and keep goal and session reading to their own part of the document.
FormDoc places every block in its section once; the form readers read a FormDoc.
A heading is a paragraph outside tables whose whole text names a section, with or
without its number and a trailing colon, so retyped documents are sectioned too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from parsers.docx.blocks import Block, DocText, Para

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_LONGEST_HEADING = 60  # characters; longer paragraphs are text, not headings
_NUMBER_PREFIX = re.compile(r"^(?:avsnitt\s+)?\d{1,2}\s*[.):]?\s*")


class Section(StrEnum):
    ORGANISATION = "organisation"
    CONTACT = "contact"
    DECISION = "decision"
    GOALS = "goals"
    PLAN = "plan"
    SESSIONS = "sessions"
    SIGNATURE = "signature"


HEADINGS: dict[str, Section] = {
    "organisation": Section.ORGANISATION,
    "organisationen": Section.ORGANISATION,
    "uppgifter om organisationen": Section.ORGANISATION,
    "kontaktperson": Section.CONTACT,
    "kontaktuppgifter": Section.CONTACT,
    "beslut om anslutning": Section.DECISION,
    "beslut": Section.DECISION,
    "prioriterade regionala mål": Section.GOALS,
    "prioriterade mål": Section.GOALS,
    "valda mål": Section.GOALS,
    "så planerar vi att arbeta med målen": Section.PLAN,
    "planerat arbete": Section.PLAN,
    "informationsträffar": Section.SESSIONS,
    "digitala informationsträffar": Section.SESSIONS,
    "informationsträff": Section.SESSIONS,
    "underskrift": Section.SIGNATURE,
    "underskrifter": Section.SIGNATURE,
}


def normalise(text: str) -> str:
    """Lower case, one space between words, every dash a hyphen: for comparing wording."""
    return " ".join(text.translate(_DASHES).lower().split())


def heading(block: Block) -> Section | None:
    if not isinstance(block, Para) or len(block.text) > _LONGEST_HEADING:
        return None
    text = _NUMBER_PREFIX.sub("", normalise(block.text)).rstrip(":").strip()
    return HEADINGS.get(text)


@dataclass(frozen=True)
class Placed:
    """A block, the section it stands in (None before the first heading), and whether it
    is that section's heading."""

    section: Section | None
    block: Block
    is_heading: bool


@dataclass(frozen=True)
class FormDoc:
    """A document read as the form: its blocks placed in sections once, for every reader."""

    doc: DocText
    placed: tuple[Placed, ...]
    sections: frozenset[Section]

    @classmethod
    def of(cls, doc: DocText) -> FormDoc:
        placed: list[Placed] = []
        current: Section | None = None
        for block in doc.blocks:
            named = heading(block)
            current = named or current
            placed.append(Placed(current, block, named is not None))
        return cls(doc, tuple(placed), frozenset(p.section for p in placed if p.is_heading and p.section))

    def paragraphs_in(self, wanted: Section) -> list[Para]:
        """Paragraphs outside tables in a section; all of them when the document has no headings."""
        anywhere = not self.sections
        return [p.block for p in self.placed
                if isinstance(p.block, Para) and (anywhere or p.section == wanted)]
