"""Single values as the form's fields hold them: organisation number, type, decision date.

- organisation number: ten digits written any way (spaces, dashes, the "16" prefix some
  registers put before it) become NNNNNN-NNNN; its last digit is a Luhn check digit over
  the other nine, as for every Swedish organisationsnummer;
- decision date: the ways Swedes write a date ("5 maj 2025", "den 5:e maj 2025",
  "2025-05-05", "5/5 2025", "5.5.25", "20250505") become ISO; a field holding one date among
  other words ("KS 2025-03-21") gives that date; anything else stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from parsers.docx.blocks import Para
from parsers.docx.marks import choices
from parsers.form.sections import normalise

ORGANISATION_TYPES = ("Kommun", "Region", "Statlig myndighet", "Lärosäte", "Annan")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ORG_NUMBER_NOISE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212]")
_REGISTER_PREFIX = "16"  # Skatteverket's 12-digit form of an organisationsnummer
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
# Each pattern with the order of its groups: (y)ear, (m)onth, (d)ay.
_DATES = (
    (re.compile(r"(?<!\d)(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})(?::[ae])?\s*\.?\s+([a-zåäö]+)\.?,?\s+(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})\s*[/.]\s*(\d{1,2})\s*(?:[\s/.-]\s*)?(\d{4}|\d{2})(?!\d)"), "dmy"),
)


def org_number(text: str) -> tuple[str, bool]:
    """(value, well_formed): NNNNNN-NNNN when the text holds 10 digits, else as written."""
    digits = _ORG_NUMBER_NOISE.sub("", text)
    if len(digits) == 12 and digits.startswith(_REGISTER_PREFIX):
        digits = digits[len(_REGISTER_PREFIX):]
    if len(digits) == 10 and digits.isascii() and digits.isdigit():
        return f"{digits[:6]}-{digits[6:]}", True
    return text.strip(), False


def luhn_valid(number: str) -> bool:
    """The Luhn check over the digits of ``number`` (weights 2,1,2,1,... from the left, as
    for the ten digits of a Swedish organisationsnummer)."""
    digits = [int(char) for char in number if char.isdigit()]
    total = 0
    for position, digit in enumerate(digits):
        product = digit * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return bool(digits) and total % 10 == 0


def organisation_type(value: Sequence[Para]) -> str:
    """The ticked type(s); unticked boxes only: none; no boxes: the one type written."""
    options = [choice for para in value for choice in choices(para.tokens()) if choice.label]
    marked = [choice for choice in options if choice.mark is not None]
    if marked:
        return ", ".join(_type_name(choice.label) for choice in marked if choice.ticked)
    return _type_name(options[0].label) if len(options) == 1 else ""


def iso_date(text: str) -> str:
    """ISO YYYY-MM-DD when the text is, or holds exactly one, date as Swedes write them;
    else the text as written."""
    written = " ".join(text.split())
    cleaned = written.lower().rstrip(".")
    for pattern, order in _DATES:
        match = pattern.fullmatch(cleaned)
        parsed = _date(match.groups(), order) if match else None
        if parsed is not None:
            return parsed.isoformat()
    found = {found for pattern, order in _DATES for match in pattern.finditer(cleaned)
             if (found := _date(match.groups(), order)) is not None}
    return found.pop().isoformat() if len(found) == 1 else written


def _date(groups: Sequence[str], order: str) -> date | None:
    parts = dict(zip(order, groups, strict=True))
    month = int(parts["m"]) if parts["m"].isdigit() else _MONTHS.get(parts["m"])
    year = int(parts["y"]) + (2000 if len(parts["y"]) == 2 else 0)
    if month is None:
        return None
    try:
        return date(year, month, int(parts["d"]))
    except ValueError:
        return None


def _type_name(label: str) -> str:
    for name in ORGANISATION_TYPES:
        if normalise(label) == normalise(name):
            return name
    return label.strip()
