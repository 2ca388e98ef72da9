"""Argument types the commands share."""

from __future__ import annotations

import argparse
from datetime import datetime

from parsers.model import LOCAL_ZONE


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
