"""The text of a .docx's main document from the first bytes of its zip, for routing.

Routing only asks whether a .docx names a case number, and Word, LibreOffice and the usual
libraries write ``[Content_Types].xml``, ``_rels/.rels`` and ``word/document.xml`` first, the
pictures and fonts after. So the zip is read from its start, local header by local header,
as far as the main document, and the rest (often most of the file) is never fetched:
``peek_document(head)`` says either the text, or how many bytes from the start it needs, or
that the start cannot tell (a data descriptor instead of sizes, encryption, another
compression, the main document far in, anything unexpected): then the whole file is read
the ordinary way (parsers.route.docx_text).

The same guards as a whole read: the part is inflated with a hard cap, parsed without
entities (parsers.docx.parts), and a document over the paragraph limit reads as empty.
"""

from __future__ import annotations

import posixpath
import struct
import zlib
from dataclasses import dataclass

from parsers.docx.parts import parse_xml
from parsers.docx.safety import DEFAULT_LIMITS, DocxLimits
from parsers.docx.text import extract
from parsers.model import Problem

MAX_PEEK = 256 * 1024  # past this the main document is not looked for from the start
MAIN_PART = "word/document.xml"
PACKAGE_RELS = "_rels/.rels"
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50
_STORED, _DEFLATED = 0, 8
_FLAG_ENCRYPTED, _FLAG_DESCRIPTOR, _FLAG_UTF8 = 0x1, 0x8, 0x800
_DESCRIPTOR_SIGNATURE, _LOCAL_BYTES, _DIRECTORY_BYTES = b"PK\x07\x08", b"PK\x03\x04", b"PK\x01\x02"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class Peek:
    text: str | None = None  # the main document's text, when it was read
    need: int = 0            # else: bytes from the start to read first; 0: read the whole file

    @property
    def whole(self) -> bool:
        return self.text is None and self.need == 0


WHOLE = Peek()


def peek_document(head: bytes, limits: DocxLimits = DEFAULT_LIMITS) -> Peek:
    """What the first ``len(head)`` bytes of a .docx tell of its main document's text."""
    offset, main = 0, MAIN_PART
    while offset < MAX_PEEK:
        if len(head) < offset + _LOCAL.size:
            return Peek(need=offset + _LOCAL.size + 64)
        signature, _, flags, method, _, _, _, compressed, size, name_length, extra_length = \
            _LOCAL.unpack_from(head, offset)
        if signature != _LOCAL_SIGNATURE or flags & _FLAG_ENCRYPTED:
            return WHOLE
        start = offset + _LOCAL.size + name_length + extra_length
        if len(head) < start:
            return Peek(need=start + _LOCAL.size + 64)
        name = head[offset + _LOCAL.size:offset + _LOCAL.size + name_length].decode(
            "utf-8" if flags & _FLAG_UTF8 else "cp437", errors="replace")
        if flags & _FLAG_DESCRIPTOR:  # sizes after the data (LibreOffice): the deflate stream ends itself
            entry = _streamed(head, start, method, limits)
        else:
            entry = _sized(head, start, compressed, method, size, limits, wanted=name in (PACKAGE_RELS, main))
        if entry is None:
            return WHOLE
        raw, end = entry
        if end > MAX_PEEK:
            return WHOLE
        if raw is _MORE:
            return Peek(need=min(max(end, 2 * len(head)), MAX_PEEK) if end <= len(head) else end + _LOCAL.size + 64)
        if name == main:
            return Peek(text=_text(raw, limits))
        if name == PACKAGE_RELS:
            main = _main_part(raw) or main
        offset = end
    return WHOLE


_MORE = b"\x00more"  # the entry runs past the head: read further


def _sized(head: bytes, start: int, compressed: int, method: int, size: int, limits: DocxLimits,
           wanted: bool) -> tuple[bytes, int] | None:
    end = start + compressed
    if not wanted:
        return b"", end
    if len(head) < end:
        return _MORE, end
    raw = _inflate(head[start:end], method, size, limits)
    return None if raw is None else (raw, end)


def _streamed(head: bytes, start: int, method: int, limits: DocxLimits) -> tuple[bytes, int] | None:
    """An entry whose sizes follow its data: inflated to find where it ends, then the data
    descriptor (with or without its signature) skipped."""
    if method != _DEFLATED:
        return None
    inflater = zlib.decompressobj(-15)
    try:
        raw = inflater.decompress(head[start:], limits.read_cap + 1)
    except zlib.error:
        return None
    if len(raw) > limits.read_cap:
        return None
    if not inflater.eof:
        return _MORE, len(head)
    end = len(head) - len(inflater.unused_data)
    end += 16 if head[end:end + 4] == _DESCRIPTOR_SIGNATURE else 12
    if len(head) < end + 4:
        return _MORE, end + _LOCAL.size + 64
    if head[end:end + 4] not in (_LOCAL_BYTES, _DIRECTORY_BYTES):
        return None
    return raw, end


def _inflate(data: bytes, method: int, size: int, limits: DocxLimits) -> bytes | None:
    if size > limits.max_entry_size:
        return None
    if method == _STORED:
        return data
    if method != _DEFLATED:
        return None
    try:
        raw = zlib.decompressobj(-15).decompress(data, limits.read_cap + 1)
    except zlib.error:
        return None
    return raw if len(raw) <= limits.read_cap else None


def _main_part(rels: bytes) -> str:
    root = parse_xml(rels)
    if isinstance(root, Problem):
        return ""
    for relation in root.iter(f"{_RELS_NS}Relationship"):
        if relation.get("Type", "").endswith("/officeDocument") and relation.get("TargetMode") != "External":
            target = posixpath.normpath(relation.get("Target", "").lstrip("/"))
            return target if target not in ("", ".") else ""
    return ""


def _text(raw: bytes, limits: DocxLimits) -> str:
    root = parse_xml(raw)
    if isinstance(root, Problem) or root.tag != f"{_W}document":
        return ""
    paragraphs = sum(1 for _ in zip(root.iter(f"{_W}p"), range(limits.max_paragraphs + 1)))
    return "" if paragraphs > limits.max_paragraphs else extract(root).text
