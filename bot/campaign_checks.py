"""Checks of a campaign file that are about its shape: which keys it may have and which values
must be email addresses. A misspelt key is an error, never silently ignored (``rooster = …``
would switch off the roster check, ``[[session]]`` would drop the sessions)."""

from __future__ import annotations

import difflib
from typing import Any

from email_validator import EmailNotValidError, validate_email

from bot.errors import ConfigError

TOP_KEYS = frozenset({"key", "name", "board", "case_number", "reply_from", "language", "staff", "questions_to",
                      "privacy_url", "roster", "form", "goals", "sessions", "reminders", "remind", "digest"})
GOAL_KEYS = frozenset({"number", "area", "title"})
SESSION_KEYS = frozenset({"id", "title", "starts_at", "ends_at", "join_url", "form_label"})


def require_known_keys(raw: dict[str, Any], where: str) -> None:
    """Every key of the file, and of each [[goals]] and [[sessions]] table, is one we read."""
    _known(raw, TOP_KEYS, where, "")
    for table, known in (("goals", GOAL_KEYS), ("sessions", SESSION_KEYS)):
        items = raw.get(table, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ConfigError(where, table, "must be a list of tables, written [[{table}]]", table=table)
        for i, item in enumerate(items):
            _known(item, known, where, f"{table}[{i}].")


def _known(table: dict[str, Any], known: frozenset[str], where: str, prefix: str) -> None:
    for key in table:
        if key in known:
            continue
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
        if close:
            raise ConfigError(where, prefix + key, "unknown key (did you mean {suggestion}?)", suggestion=close[0])
        raise ConfigError(where, prefix + key, "unknown key (the keys are {keys})", keys=", ".join(sorted(known)))


def address(value: object, where: str, key: str) -> str:
    """``value`` checked as an email address (syntax only; nothing is looked up)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(where, key, "must be an email address")
    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ConfigError(where, key, "not an email address: {value!r}", value=value) from exc
    return value.strip()
