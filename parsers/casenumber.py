"""Case numbers (diarienummer) like 801-9838-2024, however they are written."""

from __future__ import annotations

import re

# hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign
_DASHES = "\u002d\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH = f"[{_DASHES}]"
_CASE_NUMBER = re.compile(rf"(?<!\d)(\d{{3}})\s*{_DASH}\s*(\d{{1,6}})\s*{_DASH}\s*(\d{{4}})(?!\d)")


def normalise_case_number(text: str) -> str | None:
    """The first case number in ``text`` as NNN-N..N-YYYY, or None."""
    match = _CASE_NUMBER.search(text or "")
    return "-".join(match.groups()) if match else None


def find_case_numbers(text: str) -> tuple[str, ...]:
    """Every case number in ``text``, normalised, in order of appearance, without repeats."""
    found: dict[str, None] = {}
    for match in _CASE_NUMBER.finditer(text or ""):
        found.setdefault("-".join(match.groups()), None)
    return tuple(found)
