"""Which information sessions the sender wants, matched by each session's form label.

A line names a session when it contains the session's ``form_label`` ("17 april") as whole
words. Lines are read in the sessions section (or, in a document without headings, lines
that mention an "informationsträff"). When any session line carries a mark, the ticked
ones are chosen; when none does, the sessions named are chosen if the document is retyped
or some session lines were deleted (as with goal rows).
Ticked lines that name no session of the campaign are reported back for staff.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from parsers.docx.marks import Choice, choices
from parsers.form.sections import FormDoc, Section, normalise
from parsers.model import Campaign, InfoSession


@dataclass(frozen=True)
class SessionReading:
    ids: tuple[str, ...]               # campaign session ids, in campaign order
    unknown: tuple[str, ...] = ()      # ticked lines that name no session


def read_sessions(form: FormDoc, campaign: Campaign) -> SessionReading:
    named: list[tuple[InfoSession, Choice]] = []
    unmatched: list[Choice] = []
    for choice in _session_choices(form):
        sessions = [session for session in campaign.sessions if _names(choice.label, session)]
        named.extend((session, choice) for session in sessions)
        if not sessions and choice.ticked:
            unmatched.append(choice)
    chosen = {session.id for session, choice in named if choice.ticked}
    if not any(choice.mark is not None for _, choice in named) and _unmarked_is_choice(form, named, campaign):
        chosen = {session.id for session, _ in named}
    return SessionReading(tuple(s.id for s in campaign.sessions if s.id in chosen),
                          tuple(choice.label for choice in unmatched))


def _unmarked_is_choice(form: FormDoc, named: list[tuple[InfoSession, Choice]], campaign: Campaign) -> bool:
    """Unmarked session lines are chosen in a retyped document (a list without boxes), or
    when the sender deleted the unwanted lines; all the form's lines left unmarked is no choice."""
    return not form.doc.has_tables or len({session.id for session, _ in named}) < len(campaign.sessions)


def _session_choices(form: FormDoc) -> Iterator[Choice]:
    anywhere = Section.SESSIONS not in form.sections
    for placed in form.placed:
        if anywhere or placed.section == Section.SESSIONS:
            for choice in choices(placed.block.tokens()):
                if not anywhere or "informationsträff" in choice.label.lower():
                    yield choice


def _names(label: str, session: InfoSession) -> bool:
    words = r"\s+".join(re.escape(word) for word in normalise(session.form_label).split())
    return re.search(rf"(?<![\w]){words}(?![\w])", normalise(label)) is not None
