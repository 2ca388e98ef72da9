"""argparse's own words in Swedish: "usage:", "options", the help option, its error lines.

argparse takes these through gettext, and Python ships no Swedish catalogue for it; with no
.mo files to install, ``speaking`` swaps argparse's module-level ``_`` for the time the parser
is built and used, and puts it back after.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

SWEDISH = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "de här argumenten krävs: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "expected one argument": "ett värde krävs",
    "expected at most one argument": "högst ett värde",
    "expected at least one argument": "minst ett värde krävs",
    "ambiguous option: %(option)s could match %(matches)s": "flertydig flagga: %(option)s kan vara %(matches)s",
    "not allowed with argument %s": "inte tillåtet tillsammans med %s",
    "one of the arguments %s is required": "ett av argumenten %s krävs",
    "ignored explicit argument %r": "ignorerat värde %r",
    "unexpected option string: %s": "oväntad flagga: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "okänt kommando %(parser_name)r (välj bland %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan inte öppna '%(filename)s': %(error)s",
    # our own argument types (bot/cli/arguments.py, purge.py)
    "not a time like 2025-05-01T09:00: %r": "inte en tidpunkt som 2025-05-01T09:00: %r",
    "must be a whole number of at least 1, not %r": "måste vara ett heltal, minst 1, inte %r",
    "not a date like 2025-06-01: %r": "inte ett datum som 2025-06-01: %r",
    "not a number of days: %r": "inte ett antal dagar: %r",  # bot/cli/purge.py
}


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """argparse in ``language`` ("sv"; anything else leaves argparse's English)."""
    if language != "sv":
        yield
        return
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: SWEDISH.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
