"""Argument types the commands share."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from bot.errors import ConfigError
from parsers.model import LOCAL_ZONE, Campaign


# Messages go through argparse's ``_`` so that bot/cli/argparse_words.py can say them in Swedish.


def parse_now(text: str) -> datetime:
    """ISO 8601; a time without offset is Swedish local time (what staff mean)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(argparse._("not a time like 2025-05-01T09:00: %r") % text) from exc
    return value if value.tzinfo else value.replace(tzinfo=LOCAL_ZONE)


def positive_int(text: str) -> int:
    """A whole number of at least 1 (days, counts)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(argparse._("must be a whole number of at least 1, not %r") % text)
    return value
def parse_day(text: str) -> date:
    """An ISO date (2025-06-01): a day in Swedish local time."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(argparse._("not a date like 2025-06-01: %r") % text) from exc


def chosen_campaign(campaigns: tuple[Campaign, ...], key: str | None) -> str | None:
    """``--campaign KEY`` checked against the campaign files (None: every campaign)."""
    if key is not None and key not in {c.key for c in campaigns}:
        raise ConfigError("argument:--campaign", None, "no campaign {campaign!r}; there are {keys}", campaign=key,
                          keys=", ".join(c.key for c in campaigns))
    return key
