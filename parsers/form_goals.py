"""Which of the campaign's goals the sender chose, and how the document said so.

Readers are tried in order; the first that finds goal lines decides:

1. goal rows in a table (a cell "Mål N"): the ticked rows (MARKED); with none ticked and
   fewer rows than the campaign has goals, the rows left after the sender deleted the others
   (REMAINING_ROWS); all rows and none ticked: no goals;
2. goal paragraphs in the goals section ("Mål 13 – title", "Mål 13", or a goal's exact
   title): the ticked ones when any is marked (MARKED), else all of them (LISTED);
3. "mål 3 och 5" written in running text of the goals or plan section (FREE_TEXT).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from parsers.docx_blocks import Row
from parsers.docx_marks import Choice, Token, choices
from parsers.form_sections import FormDoc, Section, normalise
from parsers.model import Campaign, GoalSource

_GOAL_REF = re.compile(r"^[\W_]*mål\s*(?:nr\.?\s*)?(\d{1,4})(?!\d)", re.IGNORECASE)
_FREE_TEXT = re.compile(r"\bmål(?:en)?\s+((?:nr\.?\s*)?\d{1,4}(?:\s*(?:,|och|&|samt|\+|/)\s*\d{1,4})*)",
                        re.IGNORECASE)
_TITLE_NOISE = re.compile(r"[\s.:;]+$")


@dataclass(frozen=True)
class GoalLine:
    number: int
    choice: Choice


@dataclass(frozen=True)
class GoalReading:
    numbers: tuple[int, ...]           # chosen, in the campaign or not, sorted, unique
    source: GoalSource
    lines: int = 0                     # goal rows or goal paragraphs seen, chosen or not

    def known(self, campaign: Campaign) -> tuple[int, ...]:
        return tuple(n for n in self.numbers if campaign.goal(n) is not None)

    def unknown(self, campaign: Campaign) -> tuple[int, ...]:
        return tuple(n for n in self.numbers if campaign.goal(n) is None)


GoalReader = Callable[[FormDoc, Campaign], GoalReading | None]


def read_goals(form: FormDoc, campaign: Campaign) -> GoalReading:
    for reader in GOAL_READERS:
        reading = reader(form, campaign)
        if reading is not None:
            return reading
    return GoalReading((), GoalSource.NONE)


def goal_rows(form: FormDoc, campaign: Campaign) -> GoalReading | None:
    # By number only: an area heading row may read exactly like a goal's title.
    lines = [line for block in form.doc.blocks if isinstance(block, Row) for line in _lines(block.tokens(), {})]
    if not lines:
        return None
    ticked = [line.number for line in lines if line.choice.ticked]
    if ticked:
        return _reading(ticked, GoalSource.MARKED, len(lines))
    rows = {line.number for line in lines if campaign.goal(line.number) is not None}
    if len(rows) < len(campaign.goals) and all(_is_campaign_goal(line, campaign) for line in lines):
        return _reading([line.number for line in lines], GoalSource.REMAINING_ROWS, len(lines))
    return GoalReading((), GoalSource.NONE, len(lines))


def goal_paragraphs(form: FormDoc, campaign: Campaign) -> GoalReading | None:
    titles = _titles(campaign)
    lines = [line for para in form.paragraphs_in(Section.GOALS) for line in _lines(para.tokens(), titles)]
    if not lines:
        return None
    if any(line.choice.mark is not None for line in lines):
        return _reading([line.number for line in lines if line.choice.ticked], GoalSource.MARKED, len(lines))
    return _reading([line.number for line in lines], GoalSource.LISTED, len(lines))


def goals_in_text(form: FormDoc, campaign: Campaign) -> GoalReading | None:
    # Without headings paragraphs_in gives the whole document already.
    plan = form.paragraphs_in(Section.PLAN) if form.sections else []
    paras = [*form.paragraphs_in(Section.GOALS), *plan]
    numbers = [int(n) for para in paras for match in _FREE_TEXT.finditer(para.text)
               for n in re.findall(r"\d{1,4}", match.group(1))]
    return _reading(numbers, GoalSource.FREE_TEXT) if numbers else None


GOAL_READERS: tuple[GoalReader, ...] = (goal_rows, goal_paragraphs, goals_in_text)


def _lines(line: tuple[Token, ...], titles: dict[str, int]) -> list[GoalLine]:
    """Goal lines in a line of tokens; ``titles`` (normalised title -> number) may be empty."""
    found = []
    for choice in choices(line):
        number = _goal_number(choice.label, titles)
        if number is not None:
            found.append(GoalLine(number, choice))
    return found


def _goal_number(label: str, titles: dict[str, int]) -> int | None:
    match = _GOAL_REF.match(label)
    if match:
        return int(match.group(1))
    return titles.get(_title_key(label)) if titles else None


def _titles(campaign: Campaign) -> dict[str, int]:
    return {_title_key(goal.title): goal.number for goal in campaign.goals}


def _title_key(text: str) -> str:
    return normalise(_TITLE_NOISE.sub("", text))


def _is_campaign_goal(line: GoalLine, campaign: Campaign) -> bool:
    """Unmarked rows are a choice only when they are this campaign's goals: another
    campaign's form has other titles under the same numbers."""
    goal = campaign.goal(line.number)
    return goal is not None and normalise(goal.title) in normalise(line.choice.label)


def _reading(numbers: Iterable[int], source: GoalSource, lines: int = 0) -> GoalReading:
    chosen = tuple(sorted(set(numbers)))
    return GoalReading(chosen, source if chosen else GoalSource.NONE, lines)
