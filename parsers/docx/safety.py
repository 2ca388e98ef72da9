"""Open a .docx only after its zip has been checked, and parse its XML without entities.

A .docx is a zip of XML parts sent by strangers. Before any part is parsed:

- the bytes must be a zip: other formats (an encrypted .docx or a .doc in an OLE container,
  a PDF, an RTF file) and zips of another kind (.odt, .docm) get their own problem, from
  docx.formats;
- the archive may hold at most ``max_entries`` entries, with unique names;
- every entry's declared size, the declared total, and the declared compression ratio of
  large entries must be within ``DocxLimits``;
- the entries must lie where the directory says, without overlapping, and the directory's
  sizes must not understate their local headers' (docx.extents);
- a part is read with a hard byte cap and refused if it holds a DOCTYPE, and is parsed
  without entities (docx.parts);
- a document with more paragraphs than ``max_paragraphs`` is refused, to bound the work
  of reading it (the form has about 120).

``load_document`` returns the parsed main document part or a Problem: it never raises for
any input bytes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from parsers.docx.extents import extent_fault
from parsers.docx.formats import sniff_bytes, sniff_package, unopenable
from parsers.docx.parts import ZIP_ERRORS, not_a_docx, parse_xml, read_part
from parsers.model import Problem, Severity, problem

MB = 1024 * 1024
_DEFAULT_MAIN_PART = "word/document.xml"
_PACKAGE_RELS = "_rels/.rels"
_OFFICE_DOCUMENT_TYPE = "/officeDocument"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD_DOCUMENT = f"{_W}document"


@dataclass(frozen=True)
class DocxLimits:
    """How big and how compressed a .docx may be before it is refused as unsafe."""

    max_entries: int = 2000
    max_entry_size: int = 20 * MB      # declared uncompressed size of one entry, and read cap
    max_total_size: int = 50 * MB      # declared uncompressed size of all entries together
    max_ratio: float = 100.0           # uncompressed / compressed, for entries above ratio_floor
    ratio_floor: int = 1 * MB
    max_paragraphs: int = 10_000       # reading effort: the form has about 120, a 200-page report 10,000

    @property
    def read_cap(self) -> int:
        return min(self.max_entry_size, self.max_total_size)


DEFAULT_LIMITS = DocxLimits()


def load_document(data: bytes, limits: DocxLimits = DEFAULT_LIMITS) -> etree._Element | Problem:
    """The root element of the main document part (w:document), or why it cannot be had."""
    other_format = sniff_bytes(data)
    if other_format is not None:
        return other_format
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        return unopenable(data)
    with archive:
        raw = _main_part(data, archive, limits)
    if isinstance(raw, Problem):
        return raw
    root = parse_xml(raw)
    if isinstance(root, Problem):
        return root
    if root.tag != _WORD_DOCUMENT:
        return not_a_docx("not a Word document")
    if _count(root, f"{_W}p", limits.max_paragraphs) > limits.max_paragraphs:
        return problem("unsafe_document", Severity.STAFF, reason="too many paragraphs")
    return root


def archive_fault(entries: list[zipfile.ZipInfo], limits: DocxLimits) -> str:
    """Why the archive's directory is unsafe to read, or '' when it is within limits."""
    if len(entries) > limits.max_entries:
        return f"too many entries ({len(entries)})"
    if len({entry.filename for entry in entries}) != len(entries):
        return "duplicate entry names"
    total = 0
    for entry in entries:
        if entry.file_size > limits.max_entry_size:
            return f"entry too large: {entry.filename}"
        if entry.file_size > limits.ratio_floor and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
            return f"compression ratio too high: {entry.filename}"
        total += entry.file_size
    if total > limits.max_total_size:
        return "archive too large when uncompressed"
    return ""


def _main_part(data: bytes, archive: zipfile.ZipFile, limits: DocxLimits) -> bytes | Problem:
    fault = archive_fault(archive.infolist(), limits)
    if fault:
        return problem("unsafe_document", Severity.STAFF, reason=fault)
    misplaced = extent_fault(data, archive)
    if misplaced is not None:
        return misplaced
    other_format = sniff_package(archive)
    if other_format is not None:
        return other_format
    name = _main_part_name(archive, limits)
    return read_part(archive, name, limits.read_cap) if isinstance(name, str) else name


def _main_part_name(archive: zipfile.ZipFile, limits: DocxLimits) -> str | Problem:
    """The officeDocument target named in _rels/.rels; Word's usual name when that is
    missing or not XML, but an unsafe or damaged _rels/.rels refuses the whole document."""
    raw = read_part(archive, _PACKAGE_RELS, limits.read_cap)
    if isinstance(raw, Problem):
        return raw if raw.code in ("unsafe_document", "damaged_document") else _DEFAULT_MAIN_PART
    rels = parse_xml(raw)
    if isinstance(rels, Problem):
        return _DEFAULT_MAIN_PART
    for relation in rels.iter(f"{_RELS_NS}Relationship"):
        if relation.get("Type", "").endswith(_OFFICE_DOCUMENT_TYPE) and relation.get("TargetMode") != "External":
            target = posixpath.normpath(relation.get("Target", "").lstrip("/"))
            return target if target not in ("", ".") else _DEFAULT_MAIN_PART
    return _DEFAULT_MAIN_PART


def _count(root: etree._Element, tag: str, limit: int) -> int:
    """How many ``tag`` elements, counting no further than one past ``limit``."""
    count = 0
    for count, _ in enumerate(root.iter(tag), start=1):
        if count > limit:
            break
    return count
