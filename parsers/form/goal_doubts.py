"""What makes a reading of the goals doubtful, and goals said in other ways than a tick.

- ``text_mentions``: goals named in running text ("Vi kommer att prioritera mål 3, 12 och
  13") in the goals and plan sections, goal lines themselves left out;
- ``emphasised_choice``: with no box ticked, the goal lines that alone are bold,
  highlighted or shaded (some but not all of them: a form printed all bold says nothing);
- ``contradictions``: the same goal both ticked and unticked, emphasised goals left
  unticked beside ticked ones, or running text naming goals that are not marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from parsers.docx.blocks import Para, Row
from parsers.form.goal_lines import GOAL_REF, GoalLine
from parsers.form.sections import FormDoc, Section
from parsers.model import Problem, Severity, problem

# Goal numbers have one or two digits: "målen 2024-2027" names years, not goals.
_MENTION = re.compile(r"\bmål(?:en)?\s+((?:nr\.?\s*)?\d{1,2}(?!\d)(?:\s*(?:,|och|&|samt|\+|/)\s*\d{1,2}(?!\d))*)",
                      re.IGNORECASE)
_NUMBER = re.compile(r"\d{1,2}")


def text_mentions(form: FormDoc) -> tuple[int, ...]:
    """Goal numbers named in sentences, sorted and unique."""
    numbers = {int(number) for para in _prose(form) if not GOAL_REF.match(para.text)
               for match in _MENTION.finditer(para.text) for number in _NUMBER.findall(match.group(1))}
    return tuple(sorted(numbers))


def emphasised_choice(lines: list[GoalLine]) -> list[GoalLine]:
    emphasised = [line for line in lines if line.emphasised]
    return emphasised if len(emphasised) < len({line.number for line in lines}) else []


def contradictions(lines: list[GoalLine], chosen: list[GoalLine], mentioned: tuple[int, ...]) -> Iterator[Problem]:
    chosen_numbers = {line.number for line in chosen}
    marked = any(line.choice.mark is not None for line in lines)
    both = {line.number for line in lines if line.number in chosen_numbers and marked and not line.choice.ticked}
    unticked_emphasis = {line.number for line in emphasised_choice(lines) if line.number not in chosen_numbers}
    doubtful = sorted(n for n in both | unticked_emphasis if n is not None)
    if doubtful and marked:
        yield problem("contradicting_marks", Severity.STAFF, "goals", goals=_joined(doubtful))
    other = [n for n in mentioned if n not in chosen_numbers]
    if other:
        yield problem("goals_text_disagrees", Severity.STAFF, "goals",
                      goals=_joined(n for n in chosen_numbers if n is not None), text_goals=_joined(other))


def _prose(form: FormDoc) -> Iterator[Para]:
    """Paragraphs of the goals section outside tables and of the plan section anywhere;
    the whole document when it has no headings."""
    if not form.sections:
        yield from form.doc.paragraphs()
        return
    for placed in form.placed:
        if placed.is_heading:
            continue
        if placed.section is Section.PLAN:
            yield from _paras(placed.block)
        elif placed.section is Section.GOALS and isinstance(placed.block, Para):
            yield placed.block


def _paras(block: Para | Row) -> Iterable[Para]:
    return [block] if isinstance(block, Para) else [para for cell in block.cells for para in cell]


def _joined(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in sorted(set(numbers)))
