"""Goal titles as senders write them, matched to the campaign's goals by similarity.

Senders shorten and reword titles, or fill in an older version of the form whose titles
(and numbers) differ. A written title is compared with every goal title of the campaign
(rapidfuzz's token_sort_ratio on lower-cased words without punctuation, so word order and
dashes do not matter) and matched only when it is clearly one goal:

- ``SIMILAR`` and ``MARGIN``: the best score is at least 80 and at least 10 points above
  the next goal's. tests/test_form_goal_titles.py holds the evidence: real rewordings of
  both campaigns' titles score 80 and up, while the closest near misses (an area heading,
  another goal's words, a one-word fragment) score at most 75, or come within a few points
  of two goals at once;
- a title written in full inside a longer line ("Ekonomisk jämställdhet mellan kvinnor och
  män") names that goal when it is the only one inside and the line is not a sentence
  (at most three times the title's words);
- a best score from ``DOUBTFUL`` (70) up that is not a match is ambiguous: it looks like a
  goal, but the reader must not pick one, so staff decide.

An area heading ("Ekonomisk jämställdhet" over goals 3-5) is no goal, unless it is also a
goal's title, as in Västmanland's form. Text more than three times as long as the longest
title is a sentence, not a title, and is not compared (which also bounds the work a
document of long "Mål N ..." paragraphs can cause).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from parsers.model import Campaign

SIMILAR = 80.0
MARGIN = 10.0
DOUBTFUL = 70.0
_PART_OF = 90.0       # partial_ratio at which a shortened title still fits its goal
_LONGEST_LINE = 3     # a line with a title inside may be this many times the title's words


class TitleKind(StrEnum):
    EXACT = "exact"
    SIMILAR = "similar"
    CONTAINED = "contained"
    AMBIGUOUS = "ambiguous"
    NONE = "none"


@dataclass(frozen=True)
class TitleMatch:
    kind: TitleKind
    number: int | None = None
    candidates: tuple[int, ...] = ()


@dataclass(frozen=True)
class GoalTitles:
    """The campaign's goal titles and area headings, prepared for comparing."""

    titles: dict[int, str]
    areas: frozenset[str]
    longest: int  # characters a title may have, written out in other words

    @classmethod
    def of(cls, campaign: Campaign) -> GoalTitles:
        titles = {goal.number: default_process(goal.title) for goal in campaign.goals}
        areas = frozenset(default_process(goal.area) for goal in campaign.goals) - set(titles.values())
        return cls(titles, areas, _LONGEST_LINE * max((len(title) for title in titles.values()), default=0))

    def match(self, text: str) -> TitleMatch:
        if len(text) > self.longest:
            return TitleMatch(TitleKind.NONE)
        key = default_process(text)
        if not key or key in self.areas:
            return TitleMatch(TitleKind.NONE)
        exact = [number for number, title in self.titles.items() if title == key]
        if exact:
            return TitleMatch(TitleKind.EXACT, exact[0])
        ranked = process.extract(key, self.titles, scorer=fuzz.token_sort_ratio, limit=3)
        best = ranked[0][1] if ranked else 0.0
        close = tuple(number for _, score, number in ranked if best - score < MARGIN)
        if best >= SIMILAR and len(close) == 1:
            return TitleMatch(TitleKind.SIMILAR, close[0])
        inside = self._inside(key) if best < SIMILAR else None
        if inside is not None:
            return TitleMatch(TitleKind.CONTAINED, inside)
        if best >= DOUBTFUL:
            return TitleMatch(TitleKind.AMBIGUOUS, candidates=close)
        return TitleMatch(TitleKind.NONE)

    def could_be_title(self, text: str) -> bool:
        return len(text) <= self.longest

    def fits(self, text: str, number: int) -> bool:
        """Could ``text`` be goal ``number``'s title, shortened or reworded?"""
        title = self.titles.get(number)
        if title is None or len(text) > self.longest:
            return False
        key = default_process(text)
        if not key:
            return False
        return (key == title or fuzz.partial_ratio(key, title) >= _PART_OF
                or fuzz.token_sort_ratio(key, title) >= SIMILAR)

    def _inside(self, key: str) -> int | None:
        words = len(key.split())
        padded = f" {key} "
        found = [number for number, title in self.titles.items()
                 if f" {title} " in padded and words <= _LONGEST_LINE * len(title.split())]
        return found[0] if len(found) == 1 else None
