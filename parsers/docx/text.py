"""Extract a Word document's body as neutral blocks (docx.blocks): paragraphs and rows.

What a reader of the printed page sees is kept: w:t text, w:tab as a tab, w:br/w:cr as a
newline, inserted (w:ins) text, field results (FORMTEXT values), text inside content
controls, paragraphs inside tables (nested tables are flattened into their cell).
What is not on the page is dropped: deleted tracked changes (w:delText, w:del, deleted table
rows), field instructions, hidden text, and placeholder text of empty content controls.
Checkbox widgets become Marks (see docx.marks) in the paragraph's parts. Emphasis (see
docx.runs) is counted per paragraph, for senders who mark goals by making them bold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from parsers.docx.blocks import Block, DocText, Para, Row
from parsers.docx.marks import MarkKind, Token, W, read_element_mark
from parsers.docx.runs import emphasised, invisible, shaded

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Not on the page, or only formatting. Every other wrapper (w:ins, w:hyperlink, w:customXml,
# w:smartTag, w:fldSimple, ...) is read as if its children stood in its place.
_SKIPPED = frozenset({f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{W}sdtPr", f"{W}sdtEndPr",
                      f"{W}trPr", f"{W}tcPr", f"{W}tblPr", f"{W}tblGrid", f"{W}sectPr", MC_FALLBACK})
_RUN_TEXT = {f"{W}t": None, f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n",
             f"{W}noBreakHyphen": "-", f"{W}softHyphen": ""}
# Word's wingdings boxes and ticks, as typed with Insert > Symbol.
_SYMBOLS = {"F0FE": "☒", "F0FD": "☒", "F078": "☒", "F0FC": "✓", "F0FB": "✗", "F0A8": "☐", "F06F": "☐"}
_NOT_INPUT_CONTROLS = frozenset({f"{W}docPartObj", f"{W}docPartList", f"{W}citation", f"{W}bibliography"})


def extract(root: etree._Element) -> DocText:
    """The document body of a parsed w:document as blocks."""
    inputs: set[MarkKind] = set()
    body = root.find(f"{W}body")
    blocks = _blocks(body, inputs) if body is not None else []
    return DocText(tuple(blocks), frozenset(inputs))


def _blocks(container: etree._Element, inputs: set[MarkKind]) -> list[Block]:
    blocks: list[Block] = []
    for child in container:
        if child.tag == f"{W}p":
            blocks.append(_paragraph(child, inputs))
        elif child.tag == f"{W}tbl":
            blocks.extend(_rows(child, inputs))
        elif child.tag == f"{W}sdt":
            blocks.extend(_blocks(_control_content(child, inputs), inputs))
        elif child.tag in _SKIPPED or not isinstance(child.tag, str):
            continue
        else:
            blocks.extend(_blocks(child, inputs))
    return blocks


def _rows(table: etree._Element, inputs: set[MarkKind]) -> list[Row]:
    rows: list[Row] = []
    for child in table:
        if child.tag == f"{W}tr":
            if child.find(f"{W}trPr/{W}del") is None:
                rows.append(Row(tuple(_cell(tc, inputs) for tc in _children(child, f"{W}tc", inputs))))
        elif child.tag not in _SKIPPED and isinstance(child.tag, str):
            rows.extend(_rows(_control_content(child, inputs) if child.tag == f"{W}sdt" else child, inputs))
    return rows


def _cell(cell: etree._Element, inputs: set[MarkKind]) -> tuple[Para, ...]:
    paras: list[Para] = []
    for block in _blocks(cell, inputs):
        if isinstance(block, Row):
            paras.extend(para for nested in block.cells for para in nested)
        else:
            paras.append(block)
    if shaded(cell.find(f"{W}tcPr")):
        return tuple(_all_strong(para) for para in paras)
    return tuple(paras)


def _children(element: etree._Element, tag: str, inputs: set[MarkKind]) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and other wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == f"{W}sdt":
            yield from _children(_control_content(child, inputs), tag, inputs)
        elif child.tag not in _SKIPPED and isinstance(child.tag, str):
            yield from _children(child, tag, inputs)


@dataclass
class _Line:
    """A paragraph being read: its parts, and the letters of its emphasised runs."""

    parts: list[Token] = field(default_factory=list)
    strong: int = 0


def _paragraph(paragraph: etree._Element, inputs: set[MarkKind]) -> Para:
    line = _Line()
    _inline(paragraph, line, inputs)
    para = Para(_merged(line.parts), line.strong)
    return _all_strong(para) if shaded(paragraph.find(f"{W}pPr")) else para


def _inline(element: etree._Element, line: _Line, inputs: set[MarkKind]) -> None:
    for child in element:
        if child.tag == f"{W}r":
            _run(child, line, inputs)
        elif child.tag == f"{W}sdt":
            mark = read_element_mark(child)
            if mark is not None:
                inputs.add(mark.kind)
                line.parts.append(mark)
            else:
                _inline(_control_content(child, inputs), line, inputs)
        elif child.tag in _SKIPPED or not isinstance(child.tag, str):
            continue
        else:
            _inline(child, line, inputs)


def _run(run: etree._Element, line: _Line, inputs: set[MarkKind]) -> None:
    if invisible(run):
        return
    parts = line.parts
    start = len(parts)
    for child in run:
        if child.tag in _RUN_TEXT:
            fixed = _RUN_TEXT[child.tag]
            parts.append(child.text or "" if fixed is None else fixed)
        elif child.tag == f"{W}sym":
            parts.append(_SYMBOLS.get((child.get(f"{W}char") or "").upper(), ""))
        elif child.tag == f"{W}fldChar":
            _field_start(child, parts, inputs)
    if len(parts) > start and emphasised(run):
        line.strong += sum(sum(map(str.isalpha, part)) for part in parts[start:] if isinstance(part, str))


def _field_start(fld_char: etree._Element, parts: list[Token], inputs: set[MarkKind]) -> None:
    form_field = fld_char.find(f"{W}ffData")
    if form_field is None:
        return
    inputs.add(MarkKind.LEGACY_FIELD)
    mark = read_element_mark(fld_char)
    if mark is not None:
        parts.append(mark)
        return
    # A FORMDROPDOWN shows no result text: the chosen entry is only in its ffData.
    entries = form_field.findall(f"{W}ddList/{W}listEntry")
    if entries:
        chosen = form_field.find(f"{W}ddList/{W}result")
        if chosen is None:
            chosen = form_field.find(f"{W}ddList/{W}default")
        index = _small_int(chosen.get(f"{W}val") if chosen is not None else None)
        parts.append(entries[index].get(f"{W}val", "") if index < len(entries) else "")


def _control_content(sdt: etree._Element, inputs: set[MarkKind]) -> etree._Element:
    """The content of a content control; nothing when it only shows its placeholder."""
    properties = sdt.find(f"{W}sdtPr")
    if properties is not None and not any(child.tag in _NOT_INPUT_CONTROLS for child in properties):
        inputs.add(MarkKind.CONTENT_CONTROL)
    content = sdt.find(f"{W}sdtContent")
    if content is None or (properties is not None and properties.find(f"{W}showingPlcHdr") is not None):
        return etree.Element(f"{W}sdtContent")
    return content


def _all_strong(para: Para) -> Para:
    return replace(para, strong=sum(map(str.isalpha, para.text)))


def _merged(parts: list[Token]) -> tuple[Token, ...]:
    """Neighbouring text pieces joined into one (joined once: += would be quadratic)."""
    merged: list[Token] = []
    pending: list[str] = []
    for part in (*parts, None):
        if isinstance(part, str):
            pending.append(part)
            continue
        if text := "".join(pending):
            merged.append(text)
        if part is not None:
            merged.append(part)
        pending = []
    return tuple(merged)


def _small_int(value: str | None) -> int:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 6 else 0
