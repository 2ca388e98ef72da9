"""Walking a message's MIME tree the way a reader sees it.

- Forwarded messages (message/rfc822) are walked into: their files are the sender's too.
- S/MIME and PGP signatures are wrappers: the signed content counts, the signature does not.
- Images embedded in an HTML body (multipart/related, referenced by Content-ID) are part of
  the body, e.g. a logo in a signature, not files someone attached.
- Outlook's winmail.dat (TNEF) is opened: the files inside are the attachments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import MIMEPart
from typing import NamedTuple

from tnefparse import TNEF

SIGNATURE_TYPES = frozenset({"application/pkcs7-signature", "application/x-pkcs7-signature",
                             "application/pgp-signature"})
TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
MESSAGE_TYPES = frozenset({"message/rfc822", "message/global"})
BODY_TEXT_TYPES = frozenset({"text/plain", "text/html", "text/rfc822-headers"})
_FILE_MAINTYPES = frozenset({"application", "image", "audio", "video"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# MIME types for files from TNEF, which carries names but seldom types; the bytes decide later.
_TNEF_TYPES_BY_SUFFIX = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf", ".doc": "application/msword",
}


class FilePart(NamedTuple):
    filename: str
    content_type: str
    data: bytes
    origin: str  # "top" | "forwarded" | "tnef"


def file_parts(message: MIMEPart) -> Iterator[FilePart]:
    """Every file the message carries, in order, with where it was found."""
    for part, origin in _leaves(message, "top", into_messages=True):
        yield from _files_of(part, origin)


def own_leaves(message: MIMEPart) -> Iterator[MIMEPart]:
    """The message's own leaf parts, not those of messages attached to it."""
    for part, _ in _leaves(message, "top", into_messages=False):
        yield part


def body_text_parts(message: MIMEPart) -> Iterator[MIMEPart]:
    """Text parts that are not files, in order, those of forwarded messages included."""
    for part, _ in _leaves(message, "top", into_messages=True):
        if part.get_content_type() in BODY_TEXT_TYPES and not is_file(part):
            yield part


def forwarded_messages(message: MIMEPart) -> Iterator[MIMEPart]:
    """Messages attached to this one (message/rfc822), at any depth."""
    for part in message.walk():
        if part is not message and part.get_content_type() in MESSAGE_TYPES and part.is_multipart():
            yield part.get_payload(0)  # type: ignore[misc]


def filename(part: MIMEPart) -> str:
    try:
        name = part.get_filename() or ""
    except (ValueError, IndexError, TypeError, LookupError):  # malformed RFC 2231 or charset
        name = ""
    # File names are only shown and stored, never used as paths; still keep them one line, and
    # 8-bit bytes that are not UTF-8 (kept by the parser as surrogates) as U+FFFD.
    return _CONTROL.sub(" ", name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")).strip()


def is_file(part: MIMEPart) -> bool:
    """A leaf that carries a file: named, marked as an attachment, or a non-text type."""
    if part.get_content_type() in SIGNATURE_TYPES:
        return False
    if filename(part) or part.get_content_disposition() == "attachment":
        return True
    return part.get_content_maintype() in _FILE_MAINTYPES


def _leaves(part: MIMEPart, origin: str, *, into_messages: bool) -> Iterator[tuple[MIMEPart, str]]:
    content_type = part.get_content_type()
    if content_type in MESSAGE_TYPES and part.is_multipart():
        if into_messages:
            inner = part.get_payload(0)
            assert isinstance(inner, MIMEPart)  # the stdlib parses message/rfc822 into one
            yield from _leaves(inner, "forwarded" if origin == "top" else origin, into_messages=True)
        return
    if part.get_content_maintype() == "message" or content_type in SIGNATURE_TYPES:
        return  # delivery reports and signatures are read by classify, not walked
    if not part.is_multipart():
        yield part, origin
        return
    related = content_type == "multipart/related"
    for index, child in enumerate(part.iter_parts()):
        if related and index > 0 and _embedded_image(child):
            continue
        yield from _leaves(child, origin, into_messages=into_messages)


def _embedded_image(part: MIMEPart) -> bool:
    return part.get_content_maintype() == "image" and bool(part.get("Content-ID"))


def _files_of(part: MIMEPart, origin: str) -> Iterator[FilePart]:
    if not is_file(part):
        return
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return
    name, content_type = filename(part), part.get_content_type()
    inside = tnef_files(data) if is_tnef(content_type, name) else None
    if inside is None:
        yield FilePart(name, content_type, data, origin)
    else:
        yield from inside


def is_tnef(content_type: str, name: str) -> bool:
    return content_type in TNEF_TYPES or name.lower() == "winmail.dat"


def tnef_files(data: bytes) -> tuple[FilePart, ...] | None:
    """The files inside a winmail.dat, with their long names; None when it cannot be read
    (then the winmail.dat itself is kept as an attachment for staff)."""
    try:
        tnef = TNEF(data, do_checksum=False)
        found = [(a.long_filename() or a.name, a.data) for a in tnef.attachments]
    except Exception:  # noqa: BLE001 - any damage in a third-party decoder means "not readable"
        return None
    return tuple(FilePart(_CONTROL.sub(" ", str(name)).strip(), _tnef_type(str(name)), bytes(data), "tnef")
                 for name, data in found if isinstance(data, bytes | bytearray))


def _tnef_type(name: str) -> str:
    dot = name.rfind(".")
    return _TNEF_TYPES_BY_SUFFIX.get(name[dot:].lower(), "application/octet-stream") if dot >= 0 \
        else "application/octet-stream"
