"""Open a .docx only after its zip has been checked, and parse its XML without entities.

A .docx is a zip of XML parts sent by strangers. Before any part is parsed:

- the bytes must be a zip (an OLE/CFB file is an encrypted .docx or a legacy .doc);
- the archive may hold at most ``max_entries`` entries, with unique names;
- every entry's declared size, the declared total, and the declared compression ratio of
  large entries must be within ``DocxLimits``;
- a part is read in chunks with a hard byte cap, because declared sizes can lie;
- a part containing a DOCTYPE is refused before parsing, and the parser never resolves
  entities, never loads a DTD, never touches the network and keeps libxml2's size limits;
- a document with more paragraphs than ``max_paragraphs`` is refused, to bound the work
  of reading it (the form has about 120).

``load_document`` returns the parsed main document part or a Problem: it never raises for
any input bytes.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from parsers.model import Problem, Severity, problem

MB = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DEFAULT_MAIN_PART = "word/document.xml"
_PACKAGE_RELS = "_rels/.rels"
_OFFICE_DOCUMENT_TYPE = "/officeDocument"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD_DOCUMENT = f"{_W}document"
_CHUNK = 64 * 1024
# What zipfile and zlib raise for damaged, truncated, encrypted or exotic archives.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
               ValueError, EOFError, OSError, zlib.error, struct.error)
_DOCTYPES = tuple("<!doctype".encode(encoding)
                  for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


@dataclass(frozen=True)
class DocxLimits:
    """How big and how compressed a .docx may be before it is refused as unsafe."""

    max_entries: int = 2000
    max_entry_size: int = 20 * MB      # declared uncompressed size of one entry, and read cap
    max_total_size: int = 50 * MB      # declared uncompressed size of all entries together
    max_ratio: float = 100.0           # uncompressed / compressed, for entries above ratio_floor
    ratio_floor: int = 1 * MB
    max_paragraphs: int = 10_000       # reading effort: the form has about 120, a 200-page report 10,000


DEFAULT_LIMITS = DocxLimits()


def load_document(data: bytes, limits: DocxLimits = DEFAULT_LIMITS) -> etree._Element | Problem:
    """The root element of the main document part (w:document), or why it cannot be had."""
    if data[:len(_OLE_MAGIC)] == _OLE_MAGIC:
        return _not_a_docx("encrypted or legacy .doc")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        return _not_a_docx("not a zip archive")
    with archive:
        fault = archive_fault(archive.infolist(), limits)
        if fault:
            return problem("unsafe_document", Severity.STAFF, reason=fault)
        name = _main_part_name(archive, limits)
        raw = read_part(archive, name, limits) if isinstance(name, str) else name
    if isinstance(raw, Problem):
        return raw
    root = parse_xml(raw)
    if isinstance(root, Problem):
        return root
    if root.tag != _WORD_DOCUMENT:
        return _not_a_docx("not a Word document")
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


def read_part(archive: zipfile.ZipFile, name: str, limits: DocxLimits) -> bytes | Problem:
    """One part's bytes, read with a hard cap; DOCTYPEs refused here, before any parsing."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return _not_a_docx(f"no {name}")
    cap = min(limits.max_entry_size, limits.max_total_size)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    return problem("unsafe_document", Severity.STAFF, reason=f"part larger than allowed: {name}")
                chunks.append(chunk)
    except _ZIP_ERRORS:
        return _not_a_docx(f"damaged or encrypted zip entry: {name}")
    raw = b"".join(chunks)
    if has_doctype(raw):
        return problem("unsafe_document", Severity.STAFF, reason=f"DOCTYPE in {name}")
    return raw


def has_doctype(raw: bytes) -> bool:
    lowered = raw.lower()
    return any(pattern in lowered for pattern in _DOCTYPES)


def parse_xml(raw: bytes) -> etree._Element | Problem:
    # A parser per call: lxml parsers keep state and the module keeps none.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False)
    try:
        return etree.fromstring(raw, parser)
    except (etree.LxmlError, ValueError):
        return _not_a_docx("XML part is not well-formed")


def _main_part_name(archive: zipfile.ZipFile, limits: DocxLimits) -> str | Problem:
    """The officeDocument target named in _rels/.rels; Word's usual name when that is
    missing or unreadable, but an unsafe _rels/.rels refuses the whole document."""
    raw = read_part(archive, _PACKAGE_RELS, limits)
    if isinstance(raw, Problem):
        return raw if raw.code == "unsafe_document" else _DEFAULT_MAIN_PART
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


def _not_a_docx(reason: str) -> Problem:
    return problem("not_a_docx", Severity.SENDER, reason=reason)
