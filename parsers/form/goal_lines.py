"""Goal lines: the places in a document that name one of the campaign's goals.

A goal line is one option on a line of tokens (see docx.marks.choices) that names a goal:

- "Mål 13", "Mål nr 13 – title", "• Mål 13: title": by its number. A title written beside
  the number is checked against that goal's title; when it is clearly another goal's
  (an older form numbered its goals differently) the title decides and staff are told;
- a goal's title alone, exact or reworded (form.goal_titles). In a table only a row with a
  box counts this way, because an area heading row may read exactly like a goal's title.

Each line keeps its mark, whether it is emphasised, and a doubt (a Problem) when its title
contradicts its number or resembles more than one goal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from parsers.docx.blocks import Block, Row
from parsers.docx.marks import Choice, choices
from parsers.form.goal_titles import GoalTitles, TitleKind
from parsers.form.sections import FormDoc, Section
from parsers.model import Problem, Severity, problem

GOAL_REF = re.compile(r"^[\W_]*mål\s*(?:nr\.?\s*)?(\d{1,4})(?!\d)", re.IGNORECASE)
_SEPARATORS = " \t\n.:;,)–—-•*"
_CHECKED_TITLE_WORDS = 2    # shorter titles beside a number ("Mål 6 – Könsbundna") are not checked
_UNMATCHED_TITLE_WORDS = 4  # a title this long that fits no goal is worth a look by staff


@dataclass(frozen=True)
class GoalLine:
    number: int | None       # the goal the line names; None when its title is in doubt
    choice: Choice
    emphasised: bool = False
    title: str = ""          # the words after the number, or the whole label
    doubt: Problem | None = None


def row_lines(form: FormDoc, titles: GoalTitles) -> list[GoalLine]:
    return [line for block in form.doc.blocks if isinstance(block, Row)
            for line in _lines(block, titles, in_table=True, sure=True)]


def paragraph_lines(form: FormDoc, titles: GoalTitles) -> list[GoalLine]:
    """Goal lines outside tables in the goals section (anywhere when there are no headings;
    then a title that only resembles a goal is no line, since any sentence might)."""
    sure = Section.GOALS in form.sections
    return [line for para in form.paragraphs_in(Section.GOALS)
            for line in _lines(para, titles, in_table=False, sure=sure)]


def _lines(block: Block, titles: GoalTitles, *, in_table: bool, sure: bool) -> Iterator[GoalLine]:
    for choice in choices(block.tokens()):
        line = _numbered(choice, titles) or _titled(choice, titles, in_table=in_table, sure=sure)
        if line is not None:
            yield GoalLine(line.number, choice, block.emphasised, line.title, line.doubt)


def _numbered(choice: Choice, titles: GoalTitles) -> GoalLine | None:
    match = GOAL_REF.match(choice.label)
    if match is None:
        return None
    written = int(match.group(1))
    title = choice.label[match.end():].strip(_SEPARATORS)
    words = len(title.split())
    if words < _CHECKED_TITLE_WORDS or not titles.could_be_title(title) or titles.fits(title, written):
        return GoalLine(written, choice, title=title)
    found = titles.match(title)
    if found.number is not None and found.kind is not TitleKind.AMBIGUOUS:
        return GoalLine(found.number, choice, title=title, doubt=_mismatch(written, title))
    doubt = _mismatch(written, title) if written in titles.titles and words >= _UNMATCHED_TITLE_WORDS else None
    return GoalLine(written, choice, title=title, doubt=doubt)


def _titled(choice: Choice, titles: GoalTitles, *, in_table: bool, sure: bool) -> GoalLine | None:
    if in_table and choice.mark is None:
        return None
    found = titles.match(choice.label)
    if found.number is not None:
        return GoalLine(found.number, choice, title=choice.label)
    if found.kind is TitleKind.AMBIGUOUS and (sure or choice.mark is not None):
        doubt = problem("ambiguous_goal_title", Severity.STAFF, "goals", text=choice.label,
                        candidates=", ".join(str(n) for n in found.candidates))
        return GoalLine(None, choice, title=choice.label, doubt=doubt)
    return None


def _mismatch(written: int, title: str) -> Problem:
    return problem("goal_number_title_mismatch", Severity.STAFF, "goals", number=written, title=title)
