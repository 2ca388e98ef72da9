"""Routing: does a message concern one of our campaigns? Decided by case number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from parsers.casenumber import find_case_numbers
from parsers.model import Campaign


@dataclass(frozen=True)
class Route:
    campaign: Campaign | None
    found_in: str        # "subject" | "" when not ours
    case_numbers: tuple[str, ...]  # every case number seen, ours or not


def route_by_subject(subject: str, campaigns: Iterable[Campaign]) -> Route:
    """The first case number in the subject that belongs to a campaign decides."""
    by_case = {c.case_number: c for c in campaigns}
    numbers = find_case_numbers(subject)
    for number in numbers:
        if number in by_case:
            return Route(by_case[number], "subject", numbers)
    return Route(None, "", numbers)
