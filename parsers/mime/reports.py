"""What machines report: delivery status notifications (RFC 3464) and the message a bounce
is about. Small values, read strictly enough to be right and loosely enough for Exchange,
Postfix, Gmail and Outlook. (Calendar replies: parsers/calendar_reply.py.)"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message, MIMEPart
from email.parser import HeaderParser

from parsers.mime.message import message_id
from parsers.mime.walk import MESSAGE_TYPES

_ADDRESS_TYPE = re.compile(r"^\s*[\w.-]+\s*;\s*")  # "rfc822; " before an address


@dataclass(frozen=True)
class DeliveryStatus:
    """The first recipient block of a delivery-status part."""

    recipient: str   # Final-Recipient (or Original-Recipient), without the "rfc822;" type
    action: str      # failed | delayed | delivered | relayed | expanded
    status: str      # e.g. "5.1.1"
    diagnostic: str = ""


def report_type(message: EmailMessage) -> str:
    if message.get_content_type() != "multipart/report":
        return ""
    return str(message.get_param("report-type") or "").lower()


def bounced_message_id(report: EmailMessage) -> str:
    """The Message-ID of the message a report is about, from its returned copy or headers."""
    for part in report.iter_parts():
        headers = _returned_headers(part)
        if headers is not None and message_id(headers):  # type: ignore[arg-type]
            return message_id(headers)  # type: ignore[arg-type]
    return ""


def delivery_status(report: EmailMessage) -> DeliveryStatus | None:
    for part in report.iter_parts():
        if part.get_content_type() == "message/delivery-status":
            for fields in _status_blocks(part):
                recipient = fields.get("Final-Recipient") or fields.get("Original-Recipient")
                if recipient or fields.get("Action"):
                    return DeliveryStatus(_ADDRESS_TYPE.sub("", _one_line(recipient)).strip("<> ").lower(),
                                          _one_line(fields.get("Action")).lower(), _one_line(fields.get("Status")),
                                          _one_line(fields.get("Diagnostic-Code")))
    return None


def _returned_headers(part: MIMEPart) -> Message | None:
    content_type = part.get_content_type()
    if content_type in MESSAGE_TYPES and part.is_multipart():
        return part.get_payload(0)  # type: ignore[return-value]
    if content_type == "text/rfc822-headers":
        return HeaderParser(policy=policy.default).parsestr(decoded_text(part))
    return None


def _status_blocks(part: MIMEPart) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):  # the stdlib parses the blocks as header sets
        return [block for block in payload if isinstance(block, Message)]
    text = decoded_text(part)
    return [HeaderParser(policy=policy.default).parsestr(block) for block in re.split(r"\r?\n\s*\r?\n", text)]


def decoded_text(part: MIMEPart) -> str:
    """A part's payload decoded with its charset (UTF-8 when unknown), whatever its type."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""
