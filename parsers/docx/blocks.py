"""The neutral shape of a Word document: paragraphs and table rows, in reading order.

docx.text builds it from the XML; the form readers (form_*.py) read only this, so a new
way of writing a document needs a change in one place. A paragraph is text pieces and
checkbox Marks, and how much of its text is emphasised; a row is its cells' paragraphs;
DocText is the body's blocks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from parsers.docx.marks import MarkKind, Token, tokens


@dataclass(frozen=True)
class Para:
    """One paragraph: text pieces and checkbox Marks, in order; ``strong`` counts the
    letters in emphasised (bold, highlighted, shaded, underlined) text."""

    parts: tuple[Token, ...] = ()
    strong: int = 0

    @cached_property
    def text(self) -> str:
        return "".join(part for part in self.parts if isinstance(part, str))

    @property
    def emphasised(self) -> bool:
        """Most of its letters stand out."""
        if not self.strong:
            return False
        return 2 * self.strong >= sum(map(str.isalpha, self.text))

    def tokens(self) -> tuple[Token, ...]:
        """Parts with typed marks recognised as well."""
        return tokens(self.parts)

    def after(self, offset: int) -> Para:
        """The paragraph from character ``offset`` of its text on, marks there included."""
        kept: list[Token] = []
        position = 0
        for part in self.parts:
            if isinstance(part, str):
                if position + len(part) > offset:
                    kept.append(part[max(offset - position, 0):])
                position += len(part)
            elif position >= offset:
                kept.append(part)
        return Para(tuple(kept))


@dataclass(frozen=True)
class Row:
    """One table row: each cell's paragraphs."""

    cells: tuple[tuple[Para, ...], ...]

    def cell_text(self, index: int) -> str:
        return "\n".join(para.text for para in self.cells[index]).strip()

    @property
    def emphasised(self) -> bool:
        return any(para.emphasised for cell in self.cells for para in cell)

    def tokens(self) -> tuple[Token, ...]:
        """The whole row as one line: cells joined by tabs, paragraphs by newlines."""
        line: list[Token] = []
        for cell in self.cells:
            for para in cell:
                line.extend((*para.tokens(), "\n"))
            line.append("\t")
        return tuple(line)


Block = Para | Row


@dataclass(frozen=True)
class DocText:
    blocks: tuple[Block, ...]
    inputs: frozenset[MarkKind]  # kinds of form inputs seen anywhere, text fields included

    def paragraphs(self) -> Iterator[Para]:
        for block in self.blocks:
            if isinstance(block, Para):
                yield block
            else:
                for cell in block.cells:
                    yield from cell

    @property
    def text(self) -> str:
        return "\n".join(para.text for para in self.paragraphs())

    @property
    def has_tables(self) -> bool:
        return any(isinstance(block, Row) for block in self.blocks)
