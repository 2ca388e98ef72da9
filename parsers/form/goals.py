"""Which of the campaign's goals the sender chose, how the document said so, and what is
doubtful about it.

The goal lines (form.goal_lines) of the first kind found decide:

1. goal rows in a table: the ticked rows (MARKED); with none ticked and fewer rows than the
   campaign has goals, the rows left after the sender deleted the others (REMAINING_ROWS);
   all rows and none ticked: no choice yet;
2. goal paragraphs in the goals section: the ticked ones when any is marked (MARKED), else
   all of them (LISTED; every goal listed without a mark is doubtful);
3. with no choice yet, or every goal listed: goal lines that alone are bold or highlighted
   (MARKED, doubtful), else "mål 3 och 5" in running text of the goals or plan section
   (FREE_TEXT, doubtful).

Doubts are staff problems (form.goal_doubts): the reading is kept, a person confirms it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parsers.form.goal_doubts import contradictions, emphasised_choice, text_mentions
from parsers.form.goal_lines import GoalLine, paragraph_lines, row_lines
from parsers.form.goal_titles import GoalTitles
from parsers.form.sections import FormDoc
from parsers.model import Campaign, GoalSource, Problem, Severity, problem


@dataclass(frozen=True)
class GoalReading:
    numbers: tuple[int, ...]           # chosen, in the campaign or not, sorted, unique
    source: GoalSource
    lines: int = 0                     # goal rows or goal paragraphs seen, chosen or not
    doubts: tuple[Problem, ...] = ()   # staff problems about how the goals were chosen

    def known(self, campaign: Campaign) -> tuple[int, ...]:
        return tuple(n for n in self.numbers if campaign.goal(n) is not None)

    def unknown(self, campaign: Campaign) -> tuple[int, ...]:
        return tuple(n for n in self.numbers if campaign.goal(n) is None)


def read_goals(form: FormDoc, campaign: Campaign) -> GoalReading:
    titles = GoalTitles.of(campaign)
    lines = row_lines(form, titles)
    in_rows = bool(lines)
    if not in_rows:
        lines = paragraph_lines(form, titles)
    chosen, source = (_from_rows if in_rows else _from_paragraphs)(lines, titles)
    mentioned = text_mentions(form)
    if chosen is None or _emphasis_in_full_list(chosen, source, lines, titles):
        return _unchosen(lines, mentioned)
    doubts = [line.doubt for line in chosen if line.doubt is not None]
    doubts.extend(contradictions(lines, chosen, mentioned))
    if source is GoalSource.LISTED and _every_goal(chosen, titles):
        doubts.append(problem("all_goals_listed", Severity.STAFF, "goals"))
    return _reading(chosen, source, len(lines), doubts)


def _from_rows(lines: list[GoalLine], titles: GoalTitles) -> tuple[list[GoalLine] | None, GoalSource]:
    ticked = [line for line in lines if line.choice.ticked]
    if ticked:
        return ticked, GoalSource.MARKED
    if not _every_goal(lines, titles) and all(_is_campaign_goal(line, titles) for line in lines):
        return lines, GoalSource.REMAINING_ROWS
    return None, GoalSource.NONE


def _from_paragraphs(lines: list[GoalLine], titles: GoalTitles) -> tuple[list[GoalLine] | None, GoalSource]:
    if not lines:
        return None, GoalSource.NONE
    if any(line.choice.mark is not None for line in lines):
        ticked = [line for line in lines if line.choice.ticked]
        return (ticked, GoalSource.MARKED) if ticked else (None, GoalSource.NONE)
    return lines, GoalSource.LISTED


def _unchosen(lines: list[GoalLine], mentioned: tuple[int, ...]) -> GoalReading:
    """No box ticked and nothing listed: emphasis, then running text, say what was meant."""
    emphasised = emphasised_choice(lines)
    if emphasised:
        doubt = problem("goals_from_emphasis", Severity.STAFF, "goals",
                        goals=_listed(line.number for line in emphasised))
        return _reading(emphasised, GoalSource.MARKED, len(lines), [doubt])
    if mentioned:
        return GoalReading(mentioned, GoalSource.FREE_TEXT, len(lines))
    return GoalReading((), GoalSource.NONE, len(lines))


def _emphasis_in_full_list(chosen: list[GoalLine], source: GoalSource, lines: list[GoalLine],
                           titles: GoalTitles) -> bool:
    """Every goal retyped without marks but some in bold: the bold ones are what was meant."""
    return source is GoalSource.LISTED and _every_goal(chosen, titles) and bool(emphasised_choice(lines))


def _is_campaign_goal(line: GoalLine, titles: GoalTitles) -> bool:
    """Unmarked rows are a choice only when they are this campaign's goals: another
    campaign's form has other titles under the same numbers."""
    return line.number is not None and titles.fits(line.title, line.number)


def _every_goal(lines: list[GoalLine], titles: GoalTitles) -> bool:
    return {line.number for line in lines} >= set(titles.titles)


def _reading(lines: list[GoalLine], source: GoalSource, count: int, doubts: list[Problem]) -> GoalReading:
    chosen = tuple(sorted({line.number for line in lines if line.number is not None}))
    return GoalReading(chosen, source if chosen else GoalSource.NONE, count, tuple(dict.fromkeys(doubts)))


def _listed(numbers: Iterable[int | None]) -> str:
    return ", ".join(str(n) for n in sorted({n for n in numbers if n is not None}))
