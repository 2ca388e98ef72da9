"""Tick marks: how a sender says "this one", whatever the form was filled in with.

Two kinds of readers:

- element readers see one XML element while the text is extracted and return a Mark for
  a checkbox widget (a content control, a legacy form field); they are tried in order;
- ``tokens`` turns a paragraph's text into tokens, replacing typed marks ("X", "☒", "✓",
  "[x]", "☐") by Marks, so a choice looks the same however it was ticked.

``choices`` splits a line of tokens into (mark, label) pairs. A new way of ticking is a new
reader added to ``ELEMENT_MARK_READERS`` or a new glyph in ``TICKED_GLYPHS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"

TICKED_GLYPHS = "☒☑■✓✔✗✘⊠▣"
UNTICKED_GLYPHS = "☐□"
_FALSE = ("0", "false", "off")
# Glyphs anywhere; a bracketed box anywhere; a lone X only where a box would be: first on the line.
_GLYPH = re.compile(rf"[{TICKED_GLYPHS}{UNTICKED_GLYPHS}]|\[\s*[xX{TICKED_GLYPHS}]?\s*\]")
_LEADING_X = re.compile(r"^(\s*)[xX](?=\s|$)")


class MarkKind(StrEnum):
    CONTENT_CONTROL = "content_control"
    LEGACY_FIELD = "legacy_field"
    TYPED = "typed"


@dataclass(frozen=True)
class Mark:
    ticked: bool
    kind: MarkKind


Token = str | Mark
ElementMarkReader = Callable[[etree._Element], Mark | None]


@dataclass(frozen=True)
class Choice:
    """One option on a line: its mark (None when unmarked) and the text that follows it."""

    mark: Mark | None
    label: str

    @property
    def ticked(self) -> bool:
        return self.mark is not None and self.mark.ticked


def content_control_checkbox(element: etree._Element) -> Mark | None:
    """A w:sdt holding a w14:checkbox; the glyph decides when w14:checked is absent."""
    if element.tag != f"{W}sdt":
        return None
    box = element.find(f"{W}sdtPr/{W14}checkbox")
    if box is None:
        return None
    checked = box.find(f"{W14}checked")
    if checked is not None:
        return Mark(_on(checked.get(f"{W14}val")), MarkKind.CONTENT_CONTROL)
    shown = "".join(element.itertext()).strip()
    return Mark(bool(shown) and shown[0] in TICKED_GLYPHS, MarkKind.CONTENT_CONTROL)


def legacy_form_checkbox(element: etree._Element) -> Mark | None:
    """A FORMCHECKBOX field's begin: w:checked wins over w:default; a bare element means on."""
    if element.tag != f"{W}fldChar" or element.get(f"{W}fldCharType") != "begin":
        return None
    box = element.find(f"{W}ffData/{W}checkBox")
    if box is None:
        return None
    for name in ("checked", "default"):
        state = box.find(f"{W}{name}")
        if state is not None:
            return Mark(_on(state.get(f"{W}val")), MarkKind.LEGACY_FIELD)
    return Mark(False, MarkKind.LEGACY_FIELD)


ELEMENT_MARK_READERS: tuple[ElementMarkReader, ...] = (content_control_checkbox, legacy_form_checkbox)


def read_element_mark(element: etree._Element) -> Mark | None:
    for reader in ELEMENT_MARK_READERS:
        mark = reader(element)
        if mark is not None:
            return mark
    return None


def tokens(parts: Sequence[Token]) -> tuple[Token, ...]:
    """A paragraph's parts with typed marks turned into Marks (widget marks kept as they are)."""
    result: list[Token] = []
    first_text = True  # an X typed beside an untickable box still stands where a box would
    for part in parts:
        if isinstance(part, Mark):
            result.append(part)
            continue
        if first_text and (leading := _LEADING_X.match(part)):
            result.append(Mark(True, MarkKind.TYPED))
            part = part[leading.end():]
        first_text = False
        result.extend(_glyph_tokens(part))
    return tuple(result)


def choices(line: Sequence[Token]) -> tuple[Choice, ...]:
    """Split a line at its marks. Text before the first mark is an unmarked choice; a mark
    with nothing after it belongs to the unmarked text before it ("Kommun ☒")."""
    found: list[Choice] = []
    mark: Mark | None = None
    text: list[str] = []
    for token in (*line, None):
        if isinstance(token, str):
            text.append(token)
            continue
        label = " ".join("".join(text).split())
        if mark is None and not label and token is None:
            break
        if mark is not None and not label and found and found[-1].mark is None:
            found[-1] = Choice(mark, found[-1].label)
        elif mark is not None or label:
            found.append(Choice(mark, label))
        mark, text = token, []
    return tuple(found)


def _glyph_tokens(text: str) -> list[Token]:
    result: list[Token] = []
    position = 0
    for match in _GLYPH.finditer(text):
        result.append(text[position:match.start()])
        glyph = match.group().strip("[] \t")
        result.append(Mark(bool(glyph) and glyph not in UNTICKED_GLYPHS, MarkKind.TYPED))
        position = match.end()
    result.append(text[position:])
    return [token for token in result if token != ""]


def _on(value: str | None) -> bool:
    """OOXML on/off: an absent value means on."""
    return value is None or value.strip().lower() not in _FALSE
