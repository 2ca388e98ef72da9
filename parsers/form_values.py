"""Single values as the form's fields hold them: organisation number, email, type, date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from email_validator import EmailNotValidError, validate_email

from parsers.docx_blocks import Para
from parsers.docx_marks import choices
from parsers.form_sections import normalise

ORGANISATION_TYPES = ("Kommun", "Region", "Statlig myndighet", "Lärosäte", "Annan")
_ORG_NUMBER_NOISE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212]")
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WORDS = re.compile(r"^(?:den\s+)?(\d{1,2})\s*\.?\s+([a-zåäö]+)\.?\s+(\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.]\s*(\d{1,2})\s*(?:[\s/.-]\s*)?(\d{4})$")


def org_number(text: str) -> tuple[str, bool]:
    """(value, well_formed): NNNNNN-NNNN when the text holds 10 digits, else as written."""
    digits = _ORG_NUMBER_NOISE.sub("", text)
    if len(digits) == 10 and digits.isascii() and digits.isdigit():
        return f"{digits[:6]}-{digits[6:]}", True
    return text.strip(), False


def email_address(text: str) -> str:
    """The address in a field: "mailto:" and angle brackets dropped; the token with an @
    when a name was written beside it."""
    words = text.replace("<", " ").replace(">", " ").split()
    words = [word.removeprefix("mailto:").strip(".,;") for word in words]
    with_at = [word for word in words if "@" in word]
    if len(with_at) == 1:
        return with_at[0]
    return " ".join(words)


def email_is_valid(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def organisation_type(value: Sequence[Para]) -> str:
    """The ticked type(s); unticked boxes only: none; no boxes: the one type written."""
    options = [choice for para in value for choice in choices(para.tokens()) if choice.label]
    marked = [choice for choice in options if choice.mark is not None]
    if marked:
        return ", ".join(_type_name(choice.label) for choice in marked if choice.ticked)
    return _type_name(options[0].label) if len(options) == 1 else ""


def iso_date(text: str) -> str:
    """ISO YYYY-MM-DD when the text is a date as Swedes write them, else the text as written."""
    written = " ".join(text.split())
    cleaned = written.lower().rstrip(".")
    for pattern, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_WORDS, "dmy"), (_NUMERIC, "dmy")):
        match = pattern.match(cleaned)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = _MONTHS.get(parts["m"]) if not parts["m"].isdigit() else int(parts["m"])
        parsed = _date(int(parts["y"]), month, int(parts["d"]))
        if parsed is not None:
            return parsed.isoformat()
    return written


def _date(year: int, month: int | None, day: int) -> date | None:
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _type_name(label: str) -> str:
    for name in ORGANISATION_TYPES:
        if normalise(label) == normalise(name):
            return name
    return label.strip()
