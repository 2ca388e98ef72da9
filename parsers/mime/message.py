"""Reading a message: headers as text, attachments, body text. Pure; bytes in, values out.

How the tree is walked (forwarded messages, signatures, winmail.dat, embedded images) is in
mime.walk; what format a file is, in mime.filetype; HTML to text and the banner, in mime.html_text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from functools import cached_property

from parsers.mime.filetype import file_format
from parsers.mime.html_text import html_to_text, without_banner
from parsers.mime.walk import file_parts, is_file, own_leaves

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MSG_ID = re.compile(r"<[^<>\s]+>")
_ANGLE_ADDR = re.compile(r"<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$")
_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"\\]+@(?:[\w-]+\.)+[\w-]{2,}")
# A header is decoded from at most this many characters (the email package's header parser is
# superlinear: a 1 MB Subject of short words costs it most of a minute); Message-IDs are read
# from at most MAX_RAW_CHARS of the raw value, and a thread from at most MAX_THREAD_IDS ids.
MAX_TEXT_CHARS = 4096
MAX_RAW_CHARS = 256 * 1024
MAX_THREAD_IDS = 100


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes
    origin: str = "top"  # "top" | "forwarded" (inside an attached message) | "tnef" (from winmail.dat)

    @cached_property
    def format(self) -> str:
        """docx | docm | doc | odt | pdf | image | other, by the bytes first (see mime.filetype)."""
        return file_format(self.filename, self.data)

    @property
    def is_docx(self) -> bool:
        """A Word .docx by its content, whatever it is called or labelled."""
        return self.format == "docx"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class _Lenient(EmailPolicy):
    """policy.default, except that a header the email package cannot parse (it raises on some
    hostile values: a CR LF encoded in a display name, a truncated RFC 2231 parameter) is its
    plainly decoded text on one line instead of an exception, wherever the package or we read it."""

    def header_fetch_parse(self, name, value):  # type: ignore[no-untyped-def]
        try:
            return super().header_fetch_parse(name, value)
        except Exception:  # noqa: BLE001 - the package's parser on hostile input
            return _CONTROL.sub(" ", _plainly_decoded(value))


POLICY = _Lenient()


def parse_message(raw: bytes) -> EmailMessage:
    return BytesParser(policy=POLICY).parsebytes(raw)  # type: ignore[return-value]


def raw_values(message: MIMEPart, name: str) -> tuple[str, ...]:
    """Every instance of header ``name``, as written (folded, encoded), each cut at MAX_RAW_CHARS;
    8-bit bytes read as UTF-8, any that are not UTF-8 as U+FFFD (never a lone surrogate)."""
    wanted = name.lower()
    return tuple(_unescaped(str(value)[:MAX_RAW_CHARS]) for key, value in message.raw_items()
                 if key.lower() == wanted)


def _unescaped(value: str) -> str:
    # The parser keeps 8-bit header bytes as surrogate escapes, which no database can store.
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def header_values(message: MIMEPart, name: str) -> tuple[str, ...]:
    """Every instance of header ``name``, each decoded to one line of text; never raises."""
    return tuple(_decoded(message, name, value) for value in raw_values(message, name))


def header_text(message: MIMEPart, name: str) -> str:
    """The first instance of a header decoded to one line of text; '' when absent."""
    values = header_values(message, name)
    return values[0] if values else ""


def _decoded(message: MIMEPart, name: str, raw: str) -> str:
    capped = raw[:MAX_TEXT_CHARS]
    try:
        text = str(message.policy.header_fetch_parse(name, capped))
    except Exception:  # noqa: BLE001 - a header the email package refuses (CR LF in a name, ...) is read plainly
        text = _plainly_decoded(capped)
    return _CONTROL.sub(" ", text).strip()


def _plainly_decoded(raw: str) -> str:
    """RFC 2047 decoding without the structured parse, for headers the email package refuses."""
    try:
        return str(make_header(decode_header(raw)))
    except Exception:  # noqa: BLE001 - undecodable words: the text as written
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def message_id(message: MIMEPart) -> str:
    """The Message-ID as written (<...>), control characters removed; '' when none is usable."""
    for raw in raw_values(message, "Message-ID"):
        match = _MSG_ID.search(_without_controls(raw))
        return match.group(0) if match else ""
    return ""


def sender_address(message: MIMEPart) -> str:
    """The From address, lower-cased; '' when missing or malformed. Read from the header as
    written, the angle-addr first, so that a display name which cannot be decoded (an encoded
    CR LF) or carries specials does not cost the address, and an address that shows only once
    an encoded word is decoded is none."""
    for raw in raw_values(message, "From")[:1]:
        text = _CONTROL.sub(" ", raw[:MAX_TEXT_CHARS])
        angle = _ANGLE_ADDR.search(text)
        for address in ([angle.group(1)] if angle else []) + [parseaddr(text)[1]]:
            if _ADDRESS.fullmatch(address.strip()):
                return address.strip().lower()
    return ""


def sent_at(message: MIMEPart) -> datetime | None:
    try:
        value = parsedate_to_datetime(header_text(message, "Date"))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return value if value.tzinfo else None


def thread_ids(message: MIMEPart) -> tuple[str, ...]:
    """Message-IDs named by In-Reply-To and References, in order, without repeats; of a very
    long References only the last MAX_THREAD_IDS (the most recent messages of the thread)."""
    replied = _MSG_ID.findall(" ".join(_without_controls(v) for v in raw_values(message, "In-Reply-To")))
    references = _MSG_ID.findall(" ".join(_without_controls(v) for v in raw_values(message, "References")))
    return tuple(dict.fromkeys([*replied[:MAX_THREAD_IDS], *references[-MAX_THREAD_IDS:]]))


def _without_controls(raw: str) -> str:
    # Folding becomes a space; any other control character (a NUL, which Dovecot stores as
    # the byte 0x80) and any byte that was not UTF-8 is dropped.
    return _CONTROL.sub("", re.sub(r"\r?\n[ \t]", " ", raw)).replace("\ufffd", "")


def addresses(message: EmailMessage, name: str) -> tuple[str, ...]:
    return tuple(a.lower() for _, a in getaddresses([header_text(message, name)]) if "@" in a)


def attachments(message: EmailMessage) -> tuple[Attachment, ...]:
    """Every file the message carries: in forwarded messages, inside signed wrappers and
    winmail.dat too; not signatures, nor images embedded in an HTML body."""
    return tuple(Attachment(*part) for part in file_parts(message))


def body_text(message: EmailMessage, limit: int = 200_000) -> str:
    """The text the sender wrote: the message's own text/plain parts (Apple Mail splits the
    text around inline attachments), else its text/html as text, without the board's
    external-mail banner; at most ``limit`` characters."""
    texts = [p for p in own_leaves(message) if p.get_content_maintype() == "text" and not is_file(p)]
    for subtype in ("plain", "html"):
        chosen = [part_text(p) for p in texts if p.get_content_subtype() == subtype]
        if chosen:
            return without_banner("\n".join(chosen).strip("\n"))[:limit]
    return ""


def content_hash(message: EmailMessage, raw: bytes) -> str:
    """Identity of a message's content regardless of its Message-ID and Date: a resend of
    the same body by the same sender hashes the same."""
    body_start = raw.find(b"\r\n\r\n")
    body_start = raw.find(b"\n\n") if body_start < 0 else body_start
    body = raw[body_start:] if body_start >= 0 else raw
    digest = hashlib.sha256(sender_address(message).encode())
    digest.update(b"\0")
    digest.update(body.replace(b"\r\n", b"\n").strip())
    return digest.hexdigest()


def part_text(part: MIMEPart) -> str:
    """A text part's content as text (HTML converted); '' when it cannot be decoded."""
    try:
        text = part.get_content()
    except (LookupError, KeyError, ValueError, AttributeError, AssertionError):  # unknown charset, bad encoding
        return ""
    if not isinstance(text, str):
        return ""
    text = text.replace("\r\n", "\n")  # messages on the wire end lines with CRLF
    return html_to_text(text) if part.get_content_subtype() == "html" else text
