"""Reading a message: headers as text, attachments, body text. Pure; bytes in, values out.

Headers are read in mime.headers (within bounds, every instance, never raising; its functions
are imported here, where most callers look for them). How the tree is walked (forwarded messages, signatures, winmail.dat, embedded images) is in
mime.walk; what format a file is, in mime.filetype; HTML to text and the banner, in mime.html_text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from functools import cached_property

from parsers.mime.filetype import file_format
from parsers.mime.headers import (MAX_RAW_CHARS, MAX_TEXT_CHARS, MAX_THREAD_IDS, POLICY, addresses,
                                  header_text, header_values, message_id, raw_values, sender_address,
                                  sent_at, thread_ids)
from parsers.mime.html_text import html_to_text, without_banner
from parsers.mime.walk import file_parts, is_file, own_leaves

__all__ = ["MAX_RAW_CHARS", "MAX_TEXT_CHARS", "MAX_THREAD_IDS", "POLICY", "Attachment", "addresses",
           "attachments", "body_text", "content_hash", "header_text", "header_values", "message_id",
           "parse_message", "part_text", "raw_values", "sender_address", "sent_at", "thread_ids"]


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


def parse_message(raw: bytes) -> EmailMessage:
    return BytesParser(policy=POLICY).parsebytes(raw)  # type: ignore[return-value]


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
