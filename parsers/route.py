"""Routing: does a message concern one of our campaigns? Decided by case number.

Places are looked at in order: the subject, the body text, the text of the .docx files.
The first place that names any case number decides: a campaign's number there makes the
message that campaign's; only other numbers (another matter at the board) make it not ours,
however a later place reads. Many campaigns share one mailbox, so every campaign is asked.

Two ways in, giving the same answer (tests/test_mailcorpus.py holds them to it):
``route_message`` for a message fetched whole, and ``route_structure`` for its BODYSTRUCTURE
plus the few sections ``text_sections``/``docx_sections`` name, before fetching the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from parsers.casenumber import find_case_numbers
from parsers.docx.safety import load_document
from parsers.docx.text import extract
from parsers.mime.message import attachments, header_text, part_text
from parsers.mime.structure import (
    Structure,
    docx_sections,
    section_files,
    section_text,
    text_sections,
)
from parsers.mime.walk import body_text_parts, forwarded_messages
from parsers.model import Campaign, Problem

__all__ = ["PLACES", "Route", "docx_sections", "docx_text", "route", "route_by_subject", "route_message",
           "route_structure", "routing_body", "text_sections"]

PLACES = ("subject", "body", "attachment")


@dataclass(frozen=True)
class Route:
    campaign: Campaign | None
    found_in: str        # "subject" | "body" | "attachment"; "" when not ours
    case_numbers: tuple[str, ...]  # every case number seen in the places looked at, ours or not


def route(subject: str, body: str, docx_texts: Iterable[str], campaigns: Iterable[Campaign]) -> Route:
    by_case = {c.case_number: c for c in campaigns}
    seen: list[str] = []
    for place, text in zip(PLACES, (subject, body, "\n".join(docx_texts))):
        numbers = find_case_numbers(text)
        seen.extend(n for n in numbers if n not in seen)
        ours = next((by_case[n] for n in numbers if n in by_case), None)
        if ours is not None:
            return Route(ours, place, tuple(seen))
        if numbers:
            break  # this place names another matter
    return Route(None, "", tuple(seen))


def route_by_subject(subject: str, campaigns: Iterable[Campaign]) -> Route:
    """The first case number in the subject that belongs to a campaign decides."""
    return route(subject, "", (), campaigns)


def route_message(message: EmailMessage, campaigns: Iterable[Campaign]) -> Route:
    texts = (docx_text(a.data) for a in attachments(message) if a.is_docx)
    return route(header_text(message, "Subject"), routing_body(message), texts, campaigns)


def route_structure(subject: str, bodystructure: Sequence[object] | Structure, fetched: Mapping[str, bytes],
                    campaigns: Iterable[Campaign], docx_texts: Mapping[str, str] | None = None) -> Route:
    """``fetched`` maps the sections of text_sections() and docx.sections() to the bytes of
    BODY.PEEK[section]; a missing section counts as empty. ``docx_texts`` has the text of
    .docx sections already read from their start (parsers.docx.peek), in place of their bytes.
    Pass a Structure when the caller has one already (it saves walking the BODYSTRUCTURE again)."""
    structure = bodystructure if isinstance(bodystructure, Structure) else Structure.of(bodystructure)
    parts = {p.section: p for p in structure.parts}
    texts = [section_text(fetched.get(s, b""), parts[s]) for s in structure.text_sections()]
    body = "\n".join([*(f"Subject: {s}" for s in structure.forwarded_subjects()), *texts])
    read = docx_texts or {}

    def docx() -> Iterable[str]:
        for section in structure.docx_sections():
            if section in read:
                yield read[section]
            else:
                yield from (docx_text(f) for f in section_files(fetched.get(section, b""), parts[section]))

    return route(subject, body, docx(), campaigns)


def routing_body(message: EmailMessage) -> str:
    """The body text routing reads: every text part that is not a file, forwarded messages'
    subjects and bodies included (a registrar forwards the original as an attachment)."""
    subjects = [f"Subject: {header_text(m, 'Subject')}" for m in forwarded_messages(message)]
    return "\n".join([*subjects, *(part_text(p) for p in body_text_parts(message))])


def docx_text(data: bytes) -> str:
    """The visible text of a .docx; '' for anything that is not a safe, readable one."""
    root = load_document(data)
    return "" if isinstance(root, Problem) else extract(root).text


