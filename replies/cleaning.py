"""Cleaning what senders wrote before it goes into a header or a template line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WHITESPACE = re.compile(r"\s+")


def single_line(value: str) -> str:
    """``value`` with control, format and line/paragraph-separator characters turned into
    spaces and runs of whitespace collapsed: safe for a header or one line of a reply."""
    replaced = "".join(" " if _is_unsafe(char) else char for char in value)
    return _WHITESPACE.sub(" ", replaced).strip()


def text_lines(value: str) -> tuple[str, ...]:
    """Free text as clean lines: line breaks kept, at most one empty line in a row,
    none at the start or end."""
    lines: list[str] = []
    for raw in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = single_line(raw)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def _is_unsafe(char: str) -> bool:
    # C* covers CR, LF, NUL, DEL, C1 controls, bidi overrides and lone surrogates
    # (which cannot be encoded); Zl and Zp are line breaks to str.splitlines.
    category = unicodedata.category(char)
    return category.startswith("C") or category in ("Zl", "Zp")


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
