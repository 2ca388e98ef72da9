"""Argument types the commands share."""

from __future__ import annotations

import argparse
from datetime import datetime

from parsers.model import LOCAL_ZONE


def parse_now(text: str) -> datetime:
    """ISO 8601; a time without offset is Swedish local time (what staff mean)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=LOCAL_ZONE)
