"""The headers of a reply: addresses, threading, and where answers should go.

Values bound for a header lose CR, LF and every other control character, so no name or
Message-ID from a sender can add a header.
"""

from __future__ import annotations

import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from replies.cleaning import single_line, unique
from replies.reply import Reply, ReplyKind

# A msg-id as RFC 5322 writes it, restricted to printable ASCII without "<" and ">".
_MSG_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]+>")


_BARE_MSG_ID = re.compile(r"[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+")


def set_headers(message: EmailMessage, reply: Reply, subject: str) -> None:
    campaign = reply.campaign
    message["From"] = Address(display_name=single_line(campaign.board), addr_spec=single_line(campaign.reply_from))
    message["To"] = _recipients(reply.to)
    message["Reply-To"] = Address(addr_spec=single_line(_reply_to(reply)))
    message["Subject"] = subject
    message["Date"] = format_datetime(reply.now)
    message["Message-ID"] = _own_message_id(reply.message_id)
    in_reply_to = _first_message_id(reply.in_reply_to)
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    references = _references(reply.references, in_reply_to)
    if references:
        message["References"] = " ".join(references)
    message["Auto-Submitted"] = "auto-replied"
    message["X-Auto-Response-Suppress"] = "All"


def _reply_to(reply: Reply) -> str:
    """Where the sender's answer to this reply should go.

    Questions about a confirmation go to the staff address. A reply that asks for a
    form back (INCOMPLETE, NO_ATTACHMENT, ASK_FOR_DOCX) must send that form to the mailbox the bot
    watches, or the corrected form would never be registered.
    """
    if reply.kind is ReplyKind.CONFIRMATION:
        return reply.campaign.questions_to
    if reply.kind in (ReplyKind.INCOMPLETE, ReplyKind.NO_ATTACHMENT, ReplyKind.ASK_FOR_DOCX):
        return reply.campaign.reply_from
    raise ValueError(f"unknown reply kind {reply.kind!r}")


def _recipients(addresses: tuple[str, ...]) -> tuple[Address, ...]:
    recipients: dict[str, Address] = {}
    for raw in addresses:
        address = _address(raw)
        recipients.setdefault(address.addr_spec.casefold(), address)
    if not recipients:
        raise ValueError("a reply needs at least one recipient")
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
