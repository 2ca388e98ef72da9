"""Reading headers: every instance, decoded within bounds, never raising. Pure.

The email package's header parser is superlinear (a 1 MB Subject of short words costs it most
of a minute) and raises on some hostile values (a CR LF encoded in a display name, a truncated
RFC 2231 parameter). So a header is decoded from at most MAX_TEXT_CHARS characters, a header the
package refuses is read plainly (POLICY, the policy every message is parsed with, does the same
for the package's own reads), Message-IDs and thread references are read from the raw value, and
a sender's address from the header as written, its angle-addr first.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.header import decode_header, make_header
from email.message import MIMEPart
from email.policy import EmailPolicy
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MSG_ID = re.compile(r"<[^<>\s]+>")
_ANGLE_ADDR = re.compile(r"<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$")
_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"\\]+@(?:[\w-]+\.)+[\w-]{2,}")
MAX_TEXT_CHARS = 4096         # decoded from at most this much of a header
MAX_RAW_CHARS = 256 * 1024    # Message-IDs and references read from at most this much
MAX_THREAD_IDS = 100          # of a very long References, only the last this many


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


def addresses(message: MIMEPart, name: str) -> tuple[str, ...]:
    return tuple(a.lower() for _, a in getaddresses([header_text(message, name)]) if "@" in a)
