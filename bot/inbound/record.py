"""The inbound_message row of a message: its identity, and every value that came from outside
clamped to what the database holds on every backend, before it gets there.

A message is identified by its Message-ID *and* its content hash (parsers.mime.message
.content_hash: sender and body); one without a usable Message-ID is named by its hash, and
one whose headers cannot even be read by the hash of its bytes. Identity needs only the
header block, never the full MIME parse, so it is had for any message.

Clamped: the Message-ID (printable ASCII, at most MAX_MESSAGE_ID characters, so that a reply
can carry it in In-Reply-To within SMTP's line limit; a longer or stranger one is stored as a
name derived from it), addresses (320), subject and detail (2,000 characters,
without NULs or unpaired surrogates, which PostgreSQL refuses), dates (a year the database or
the UTC conversion cannot hold becomes no date), and sizes (a 32-bit column).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from email.message import EmailMessage
from email.parser import BytesParser

from bot.db.tables import InboundMessage
from bot.mail.imap import MailboxFolder
from parsers.mime.message import POLICY, content_hash, header_text, message_id, sender_address, sent_at

MAX_TEXT = 2000
MAX_ADDRESS = 320
MAX_MESSAGE_ID = 250
MAX_SIZE = 2**31 - 1
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)
_PRINTABLE_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]+>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def headers_only(raw: bytes) -> EmailMessage:
    """The header block of ``raw`` as a message, without walking its MIME structure."""
    return BytesParser(policy=POLICY).parsebytes(raw, headersonly=True)  # type: ignore[return-value]


def identity_of(raw: bytes) -> tuple[str, str]:
    """(Message-ID, content hash) of a message as fetched; never raises."""
    try:
        headers = headers_only(raw)
        digest, mid = content_hash(headers, raw), message_id(headers)
    except Exception:  # noqa: BLE001 - headers that cannot be read: the bytes are the identity
        digest, mid = hashlib.sha256(raw).hexdigest(), ""
    return (stored_message_id(mid) if mid else f"<sha256.{digest}@intake-bot.invalid>", digest)


def stored_message_id(mid: str) -> str:
    """``mid`` as the database keeps it: itself when printable ASCII of a storable length,
    otherwise a name derived from it (the same Message-ID always gives the same name)."""
    if len(mid) <= MAX_MESSAGE_ID and _PRINTABLE_ID.fullmatch(mid):
        return mid
    return f"<clamped.{hashlib.sha256(mid.encode('utf-8', 'replace')).hexdigest()[:32]}@intake-bot.invalid>"


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """At most ``limit`` characters, without control characters (line breaks and tabs kept)
    and with any unpaired surrogate replaced."""
    return _CONTROL.sub(" ", value.encode("utf-8", "replace").decode("utf-8"))[:limit]


def plausible_time(value: datetime | None) -> datetime | None:
    """An aware datetime between 1970 and 2200, in UTC; None for anything else."""
    if value is None or value.tzinfo is None:
        return None
    try:
        utc = value.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
    return utc if EARLIEST <= utc < LATEST else None


def inbound_record(raw: bytes, headers: EmailMessage, campaign_key: str | None, folder: MailboxFolder, uid: int,
                   received_at: datetime, *, identity: tuple[str, str], stored_raw: bytes | None = None,
                   **state: str) -> InboundMessage:
    """The row for a message: identity as given, headers read from ``headers``, every value clamped."""
    mid, digest = identity
    address = sender_address(headers)
    return InboundMessage(
        message_id=mid, content_hash=digest, account=folder.account, folder=folder.folder,
        uidvalidity=folder.uidvalidity, uid=uid, campaign_key=campaign_key,
        from_address=address if len(address) <= MAX_ADDRESS else "",
        subject=clean_text(header_text(headers, "Subject")), sent_at=plausible_time(sent_at(headers)),
        received_at=received_at, size=min(len(raw), MAX_SIZE), raw=raw if stored_raw is None else stored_raw,
        **{key: clean_text(value) if key == "detail" else value for key, value in state.items()})
