"""A message's parts as IMAP BODYSTRUCTURE describes them (RFC 3501 section 7.4.2), so the
bot can fetch only what routing needs (BODY.PEEK[section]) before it knows a message is ours.

Accepts what imapclient returns: a BodyData, whose multipart nodes hold a list of children,
and the raw nested tuples inside a message/rfc822 part, whose children are leading tuples.
Strings come as bytes; parameters as a flat (name, value, ...) tuple or None. Servers leave
RFC 2231 and RFC 2047 encoded file names as sent (Dovecot does), so they are decoded here.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from urllib.parse import unquote_to_bytes

from parsers.mime.html_text import html_to_text
from parsers.mime.walk import BODY_TEXT_TYPES, MESSAGE_TYPES, SIGNATURE_TYPES, is_tnef, tnef_files

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_DOCX_NAMES = (".docx", ".docm")


@dataclass(frozen=True)
class StructurePart:
    section: str          # "1", "2.1", ...: what BODY.PEEK[section] takes
    content_type: str     # lower-case type/subtype
    encoding: str         # Content-Transfer-Encoding, lower-case
    charset: str
    filename: str         # decoded; '' when none
    disposition: str      # "attachment" | "inline" | ''
    size: int
    subject: str = ""     # of a message/rfc822 part, from its envelope

    @property
    def is_file(self) -> bool:
        return bool(self.filename) or self.disposition == "attachment"


def structure_parts(bodystructure: Sequence[object]) -> tuple[StructurePart, ...]:
    """Every non-multipart part, in order, parts of attached messages included."""
    return tuple(_walk(bodystructure, ""))


@dataclass(frozen=True)
class Structure:
    """A message's parts, walked once; routing asks it several questions per message."""

    parts: tuple[StructurePart, ...]

    @classmethod
    def of(cls, bodystructure: Sequence[object]) -> Structure:
        return cls(structure_parts(bodystructure) if bodystructure else ())

    def part(self, section: str) -> StructurePart | None:
        return next((p for p in self.parts if p.section == section), None)

    def text_sections(self) -> list[str]:
        """Sections of the text/plain and text/html parts (and returned headers of a bounce)
        that are the body of the message or of a message forwarded in it, not attached files."""
        return [p.section for p in self.parts if p.content_type in BODY_TEXT_TYPES and not p.is_file]

    def docx_sections(self) -> list[str]:
        """Sections that may be or hold a .docx: by type or name, and winmail.dat."""
        return [p.section for p in self.parts if _may_hold_docx(p)]

    def forwarded_subjects(self) -> list[str]:
        return [p.subject for p in self.parts if p.content_type in MESSAGE_TYPES and p.subject]


def text_sections(bodystructure: Sequence[object]) -> list[str]:
    return Structure.of(bodystructure).text_sections()


def docx_sections(bodystructure: Sequence[object]) -> list[str]:
    return Structure.of(bodystructure).docx_sections()


def forwarded_subjects(bodystructure: Sequence[object]) -> list[str]:
    return Structure.of(bodystructure).forwarded_subjects()


def decoded(data: bytes, part: StructurePart) -> bytes:
    """BODY[section] bytes without their transfer encoding."""
    if part.encoding == "base64":
        cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        try:
            return base64.b64decode(cleaned + b"=" * (-len(cleaned) % 4))
        except (binascii.Error, ValueError):
            return b""
    if part.encoding == "quoted-printable":
        return quopri.decodestring(data)
    return data


def section_text(data: bytes, part: StructurePart) -> str:
    raw = decoded(data, part)
    try:
        text = raw.decode(part.charset or "utf-8", errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    return html_to_text(text) if part.content_type == "text/html" else text


def section_files(data: bytes, part: StructurePart) -> tuple[bytes, ...]:
    """The file(s) a fetched section holds: itself, or what is inside a winmail.dat."""
    raw = decoded(data, part)
    if is_tnef(part.content_type, part.filename):
        inside = tnef_files(raw)
        return tuple(f.data for f in inside) if inside is not None else (raw,)
    return (raw,)


def _may_hold_docx(part: StructurePart) -> bool:
    return part.content_type == DOCX_TYPE or part.filename.lower().endswith(_DOCX_NAMES) or \
        is_tnef(part.content_type, part.filename)


def _walk(node: Sequence[object], section: str) -> Iterator[StructurePart]:
    if not isinstance(node, (tuple, list)) or not node:
        return  # not a body structure: nothing a fetch could use
    children = _children(node)
    if children is not None:
        for index, child in enumerate(children, 1):
            yield from _walk(child, f"{section}.{index}" if section else str(index))
        return
    here = section or "1"  # a single-part message has one part, "1"
    part = _leaf(node, here)
    if part.content_type in SIGNATURE_TYPES:
        return
    yield part
    if part.content_type in MESSAGE_TYPES and len(node) > 9 and isinstance(node[8], (tuple, list)) and node[8]:
        # An attached message's parts number from its own section; a single-part body is ".1".
        inner = node[8]
        yield from _walk(inner, here if _children(inner) is not None else f"{here}.1")


def _children(node: Sequence[object]) -> list[Sequence[object]] | None:
    first = node[0]
    if isinstance(first, list):
        return first
    if isinstance(first, tuple):
        count = next((i for i, item in enumerate(node) if not isinstance(item, tuple)), len(node))
        return list(node[:count])  # type: ignore[arg-type]
    return None


def _leaf(node: Sequence[object], section: str) -> StructurePart:
    def field(index: int) -> object:
        return node[index] if index < len(node) else None

    content_type = f"{_text(field(0))}/{_text(field(1))}".lower()
    params = _pairs(field(2))
    # Extension data starts after the type's own fields: text has a line count, message/rfc822
    # an envelope, a body and a line count (RFC 3501 section 7.4.2).
    message = content_type in MESSAGE_TYPES and len(node) > 9
    extension = 8 if content_type.startswith("text/") else 10 if message else 7
    disposition = field(extension + 1)
    kind, disposition_params = (_text(disposition[0]).lower(), _pairs(disposition[1])) \
        if isinstance(disposition, tuple) and len(disposition) == 2 else ("", {})
    name = parameter(disposition_params, "filename") or parameter(params, "name")
    size = field(6) if isinstance(field(6), int) else 0
    return StructurePart(section, content_type, _text(field(5)).lower(), parameter(params, "charset"), name, kind,
                         size, _envelope_subject(field(7)) if message else "")  # type: ignore[arg-type]


def parameter(params: dict[str, str], name: str) -> str:
    """A MIME parameter, decoded from RFC 2231 (name*, name*0*, ...) or RFC 2047 as sent."""
    if name in params:
        return _decode_2047(params[name])
    if f"{name}*" in params:
        return _decode_2231([(params[f"{name}*"], True)])
    numbered = sorted((int(m.group(1)), key.endswith("*"), params[key]) for key in params
                      if (m := re.fullmatch(rf"{re.escape(name)}\*(\d+)\*?", key)))
    return _decode_2231([(value, encoded) for _, encoded, value in numbered]) if numbered else ""


def _decode_2231(segments: list[tuple[str, bool]]) -> str:
    charset, data = "us-ascii", b""
    for index, (value, encoded) in enumerate(segments):
        if index == 0 and encoded and value.count("'") >= 2:
            charset, _, value = value.split("'", 2)
        data += unquote_to_bytes(value) if encoded else value.encode("latin-1", errors="replace")
    try:
        return data.decode(charset or "us-ascii", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _decode_2047(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return value


def _envelope_subject(envelope: object) -> str:
    subject = getattr(envelope, "subject", None)
    if subject is None and isinstance(envelope, tuple) and len(envelope) > 1:
        subject = envelope[1]
    return _decode_2047(_text(subject)) if subject else ""


def _pairs(value: object) -> dict[str, str]:
    if not isinstance(value, (tuple, list)):
        return {}
    items = [_text(v) for v in value]
    return {items[i].lower(): items[i + 1] for i in range(0, len(items) - 1, 2)}


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value if isinstance(value, str) else ""
