"""Reading a message: headers as text, attachments, body text. Pure; bytes in, values out."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from datetime import datetime

DOCX_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
})
# Clients send .docx under these too; the file name decides then.
GENERIC_TYPES = frozenset({"application/octet-stream", "application/x-zip-compressed",
                           "application/zip", "application/msword", "binary/octet-stream"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes

    @property
    def is_docx(self) -> bool:
        name = self.filename.lower()
        if self.content_type in DOCX_TYPES:
            return True
        return name.endswith(".docx") and (self.content_type in GENERIC_TYPES or not self.content_type)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def parse_message(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[return-value]


def header_text(message: EmailMessage, name: str) -> str:
    """A header decoded to one line of text; '' when absent or undecodable."""
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # malformed encoded words
        return ""
    return _CONTROL.sub(" ", str(value)).strip() if value is not None else ""


def message_id(message: EmailMessage) -> str:
    """The Message-ID as written (<...>), or '' when there is none usable."""
    value = header_text(message, "Message-ID")
    match = re.search(r"<[^<>\s]+>", value)
    return match.group(0) if match else ""


def sender_address(message: EmailMessage) -> str:
    """The From address, lower-cased; '' when missing or malformed."""
    _, address = parseaddr(header_text(message, "From"))
    return address.strip().lower() if "@" in address else ""


def sender_name(message: EmailMessage) -> str:
    name, _ = parseaddr(header_text(message, "From"))
    return name.strip()


def sent_at(message: EmailMessage) -> datetime | None:
    try:
        value = parsedate_to_datetime(header_text(message, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo else None


def thread_ids(message: EmailMessage) -> tuple[str, ...]:
    """Message-IDs named by In-Reply-To and References, in order, without repeats."""
    found = re.findall(r"<[^<>\s]+>", header_text(message, "In-Reply-To") + " " + header_text(message, "References"))
    return tuple(dict.fromkeys(found))


def addresses(message: EmailMessage, name: str) -> tuple[str, ...]:
    return tuple(a.lower() for _, a in getaddresses([header_text(message, name)]) if "@" in a)


def attachments(message: EmailMessage) -> tuple[Attachment, ...]:
    """Every part that carries a file, walking into attached messages (message/rfc822)."""
    found = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        filename = _filename(part)
        disposition = part.get_content_disposition()
        if not filename and disposition != "attachment":
            continue
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            found.append(Attachment(filename, part.get_content_type(), data))
    return tuple(found)


def body_text(message: EmailMessage, limit: int = 200_000) -> str:
    """The plain-text body (or the first text part), at most ``limit`` characters."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        text = part.get_content() if part is not None else ""
    except (LookupError, KeyError, ValueError, AttributeError):
        text = ""
    return text[:limit] if isinstance(text, str) else ""


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


def _filename(part: EmailMessage) -> str:
    try:
        name = part.get_filename() or ""
    except (ValueError, IndexError, TypeError):
        name = ""
    # File names are only shown and stored, never used as paths; still keep them one line.
    return _CONTROL.sub(" ", name).strip()
