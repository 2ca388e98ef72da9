"""What every outgoing message shares: addressing, threading, Auto-Submitted, a text and an
HTML body (with, for a meeting request, the calendar object beside them), and attached files.

Each message family (replies.reply, and the invitations, reminders and digest beside it)
keeps its own value class and subjects, and builds its message with these helpers.

Values bound for a header lose CR, LF and every other control character, so no name or
Message-ID from a sender can add a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from enum import StrEnum
from typing import ClassVar

from parsers.model import Campaign
from replies.cleaning import single_line, unique
from replies.dates import require_language

# A msg-id as RFC 5322 writes it, restricted to printable ASCII without "<" and ">".
_MSG_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]+>")
_BARE_MSG_ID = re.compile(r"[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+")


class AutoSubmitted(StrEnum):
    """RFC 3834 §5: the Auto-Submitted value says why a machine sent the message."""

    AUTO_REPLIED = "auto-replied"      # an answer to a message that arrived
    AUTO_GENERATED = "auto-generated"  # a message the board starts: invitation, reminder, digest


@dataclass(frozen=True)
class OutgoingFile:
    """A file attached to an outgoing message."""

    DOCX: ClassVar[str] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    name: str
    media_type: str  # "maintype/subtype"
    data: bytes


@dataclass(frozen=True)
class CalendarPart:
    """An iTIP object (RFC 5546) carried inline, so mail clients show a meeting request with
    Accept and Decline rather than a file (iMIP, RFC 6047)."""

    method: str  # REQUEST | CANCEL, also the part's Content-Type method parameter
    data: bytes  # the VCALENDAR, UTF-8


@dataclass(frozen=True)
class Addressing:
    """Who a message is from and to, and where it sits in a conversation."""

    campaign: Campaign
    to: tuple[str, ...]
    message_id: str           # our own, minted by the outbox: <local@domain>
    now: datetime             # the Date header; must be timezone-aware
    language: str
    reply_to: str             # where an answer to this message should go
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()

    def check(self) -> None:
        """Raise ValueError for values that cannot make a correct message (programming errors)."""
        require_language(self.language)
        if self.now.tzinfo is None or self.now.utcoffset() is None:
            raise ValueError("Addressing.now must be timezone-aware")


def set_headers(message: EmailMessage, addressing: Addressing, subject: str, why: AutoSubmitted) -> None:
    campaign = addressing.campaign
    message["From"] = Address(display_name=single_line(campaign.board), addr_spec=single_line(campaign.reply_from))
    message["To"] = _recipients(addressing.to)
    message["Reply-To"] = Address(addr_spec=single_line(addressing.reply_to))
    message["Subject"] = single_line(subject)
    message["Date"] = format_datetime(addressing.now)
    message["Message-ID"] = _own_message_id(addressing.message_id)
    in_reply_to = _first_message_id(addressing.in_reply_to)
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    references = _references(addressing.references, in_reply_to)
    if references:
        message["References"] = " ".join(references)
    message["Auto-Submitted"] = why.value
    message["X-Auto-Response-Suppress"] = "All"


def set_body(message: EmailMessage, text: str, html: str, files: tuple[OutgoingFile, ...] = (),
             calendar: CalendarPart | None = None) -> None:
    """Text and HTML as alternatives (and the calendar object as the last one, where Outlook
    and Gmail look for a meeting request), then each file as an attachment."""
    # quoted-printable keeps the message 7-bit clean for relays without 8BITMIME.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    if calendar is not None:
        _add_calendar(message, calendar)
    for file in files:
        maintype, _, subtype = file.media_type.partition("/")
        message.add_attachment(file.data, maintype=maintype, subtype=subtype, filename=file_name(file.name))
    drop_nested_mime_version(message)


def _add_calendar(message: EmailMessage, calendar: CalendarPart) -> None:
    # base64 keeps the object's CRLF line ends and folding exactly as written. The email
    # package would quote the parameters (method="REQUEST"); the header is written as Outlook
    # and Gmail write it themselves (RFC 6047's examples), unquoted.
    if not calendar.method.isalpha():
        raise ValueError(f"not an iTIP method: {calendar.method!r}")
    message.add_alternative(calendar.data, maintype="text", subtype="calendar", cte="base64")
    part = message.get_payload()[-1]
    del part["Content-Type"]
    part.set_raw("Content-Type", f"text/calendar; method={calendar.method}; charset=UTF-8")


def set_language(message: EmailMessage, language: str) -> None:
    # Only after the body: making a message multipart moves every Content-* header
    # already present down into the first part.
    message["Content-Language"] = language


def drop_nested_mime_version(message: EmailMessage) -> None:
    # EmailMessage gives every part it creates its own MIME-Version; RFC 2045 wants it
    # on the top-level header only, and some filters score the repeats as spam.
    for part in message.walk():
        if part is not message:
            del part["MIME-Version"]


def file_name(name: str, default: str = "anslutningsblankett.docx") -> str:
    """Only the last path component of ``name``, cleaned, so a name can never point anywhere."""
    base = single_line(name).replace("\\", "/").rsplit("/", 1)[-1]
    return base or default


def _recipients(addresses: tuple[str, ...]) -> tuple[Address, ...]:
    recipients: dict[str, Address] = {}
    for raw in addresses:
        address = _address(raw)
        recipients.setdefault(address.addr_spec.casefold(), address)
    if not recipients:
        raise ValueError("a message needs at least one recipient")
    return tuple(recipients.values())


def _address(raw: str) -> Address:
    addr_spec = _ascii_domain(single_line(raw))
    try:
        address = Address(addr_spec=addr_spec) if addr_spec else None
    except ValueError as exc:  # the email package's header defects are ValueErrors too
        raise ValueError(f"not a usable recipient address: {addr_spec!r}") from exc
    if address is None or not address.domain:
        raise ValueError(f"not a usable recipient address: {addr_spec!r}")
    return address


def _ascii_domain(addr_spec: str) -> str:
    """``addr_spec`` with an internationalised domain (e.g. from email-validator's
    normalised form) in its IDNA form: the email package would otherwise write an
    encoded-word into the domain, which no server accepts."""
    local, at, domain = addr_spec.rpartition("@")
    if not at or domain.isascii():
        return addr_spec
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError as exc:
        raise ValueError(f"not a usable recipient domain: {domain!r}") from exc


def _own_message_id(message_id: str) -> str:
    if not _MSG_ID.fullmatch(message_id):
        raise ValueError(f"Message-ID must look like <local@domain>: {message_id!r}")
    return message_id


def _message_ids(value: str) -> tuple[str, ...]:
    """The msg-ids in a value a sender's client wrote; a bare local@domain is bracketed."""
    cleaned = single_line(value)
    found = _MSG_ID.findall(cleaned)
    if not found and _BARE_MSG_ID.fullmatch(cleaned):
        found = [f"<{cleaned}>"]
    return tuple(found)


def _first_message_id(value: str | None) -> str | None:
    found = _message_ids(value or "")
    return found[0] if found else None


def _references(references: tuple[str, ...], in_reply_to: str | None) -> tuple[str, ...]:
    ids = [message_id for value in references for message_id in _message_ids(value)]
    if in_reply_to:
        ids.append(in_reply_to)
    return unique(ids)
