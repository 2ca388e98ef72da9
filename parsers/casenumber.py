"""Case numbers (diarienummer) like 801-9838-2024, however they are written.

People type them with any dash Word or Outlook produces (AutoCorrect turns " - " into an en
dash), with spaces around the dashes, after "Dnr", "Dnr.", "dnr:", "Diarienummer" or "Ärende".
The prefix is not needed to find one, so it is not required. What is refused: a number that
is part of a longer run of digits, a last group that is not a year, and a phone number.
"""

from __future__ import annotations

import re

# hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar,
# minus sign, small and fullwidth hyphen-minus
DASHES = "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_DASH = f"[{DASHES}]"
# Spaces around a dash: ordinary, no-break and thin spaces, never a line break.
_GAP = r"[^\S\r\n]*"
_CASE_NUMBER = re.compile(
    rf"(?<!\d)(?<!\d{_DASH})(\d{{3}}){_GAP}{_DASH}{_GAP}(\d{{1,6}}){_GAP}{_DASH}{_GAP}((?:19|20)\d{{2}})(?!\d)")
# "+46 701-234-2024" or "(0)31-..." : a phone number written the international way.
_PHONE_BEFORE = re.compile(r"(?:\+\d{1,3}|\(0\))[^\S\r\n]*$")


def normalise_case_number(text: str) -> str | None:
    """The first case number in ``text`` as NNN-N..N-YYYY, or None."""
    found = find_case_numbers(text)
    return found[0] if found else None


def find_case_numbers(text: str) -> tuple[str, ...]:
    """Every case number in ``text``, normalised, in order of appearance, without repeats."""
    found: dict[str, None] = {}
    text = text or ""
    for match in _CASE_NUMBER.finditer(text):
        if _PHONE_BEFORE.search(text, max(0, match.start() - 8), match.start()):
            continue
        found.setdefault("-".join(match.groups()), None)
    return tuple(found)
