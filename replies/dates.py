"""Dates and times as a reader of a reply expects them, in Swedish or English.

The names come from our own tables, not from ``strftime``, so a reply reads the
same whatever locale the worker process happens to run under.
"""

from __future__ import annotations

from datetime import date, datetime
from types import MappingProxyType

from parsers.model import InfoSession

LANGUAGES = ("sv", "en")

_WEEKDAYS = MappingProxyType({
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
})
_MONTHS = MappingProxyType({
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli",
           "augusti", "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"),
})


def require_language(language: str) -> None:
    """Raise ValueError for a language we have no wording for."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {', '.join(LANGUAGES)}")


def format_session(session: InfoSession, language: str) -> str:
    """When a session takes place, e.g. "tisdag 13 maj 2025 kl. 13.00–14.00".

    Times are shown in the UTC offset of ``starts_at`` as written in the campaign
    file, which is the board's local time; the end is converted to that offset.
    """
    require_language(language)
    starts_at = session.starts_at
    ends_at = session.ends_at.astimezone(starts_at.tzinfo)
    if ends_at.date() != starts_at.date():
        return f"{_day_and_time(starts_at, language)} – {_day_and_time(ends_at, language)}"
    return f"{_day_and_time(starts_at, language)}–{_clock(ends_at, language)}"


def format_date(iso_date: str, language: str) -> str:
    """An ISO date as "20 maj 2024" / "20 May 2024"; anything else is returned as written,
    because a decision date the parser could not read is still worth showing."""
    require_language(language)
    try:
        parsed = date.fromisoformat(iso_date.strip())
    except ValueError:
        return iso_date
    return _day_month_year(parsed, language)


def _day_and_time(moment: datetime, language: str) -> str:
    weekday = _WEEKDAYS[language][moment.weekday()]
    day = _day_month_year(moment.date(), language)
    if language == "sv":
        return f"{weekday} {day} kl. {_clock(moment, language)}"
    return f"{weekday} {day}, {_clock(moment, language)}"


def _day_month_year(day: date, language: str) -> str:
    return f"{day.day} {_MONTHS[language][day.month - 1]} {day.year}"


def _clock(moment: datetime, language: str) -> str:
    # Swedish style writes 13.00, English 13:00.
    separator = "." if language == "sv" else ":"
    return f"{moment.hour:02d}{separator}{moment.minute:02d}"


def format_day(day: date, language: str) -> str:
    """A day with its weekday, e.g. "måndag 2 juni 2025" / "Monday 2 June 2025"."""
    require_language(language)
    return f"{_WEEKDAYS[language][day.weekday()]} {_day_month_year(day, language)}"


def format_moment(moment: datetime, language: str) -> str:
    """A time of day on a date, in the moment's own offset: "2 juni 2025 kl. 09.00"."""
    require_language(language)
    joiner = " kl. " if language == "sv" else ", "
    return f"{_day_month_year(moment.date(), language)}{joiner}{_clock(moment, language)}"
