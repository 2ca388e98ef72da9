"""What kind of message arrived (RFC 3834 for automatic mail). Rules are a table:
each answers yes/no with a reason; the first yes decides. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum
from typing import Callable

from parsers.mime import Attachment, attachments, header_text, sender_address


class Kind(StrEnum):
    AUTOMATIC = "automatic"          # auto-reply, bulk, list, bounce: never answered
    FORM = "form"                    # carries at least one .docx
    OTHER_ATTACHMENT = "other_attachment"  # attachments, none of them .docx (PDF, .doc, scan)
    NO_ATTACHMENT = "no_attachment"  # a question or note with the case number


@dataclass(frozen=True)
class Classification:
    kind: Kind
    reason: str
    attachments: tuple[Attachment, ...] = ()


_AUTOMATIC_SUBJECT = re.compile(
    r"^\s*(automatiskt svar|autosvar|frånvaro|out of office|automatic reply|autoreply|"
    r"undeliverable|olevererbart|delivery status notification|returned mail|mail delivery failed)\b",
    re.IGNORECASE)
_NO_REPLY_LOCAL = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|noreply[-.\w]*)$", re.IGNORECASE)


def _auto_submitted(message: EmailMessage) -> str:
    value = header_text(message, "Auto-Submitted").lower()
    return f"Auto-Submitted: {value}" if value and value != "no" else ""


def _precedence(message: EmailMessage) -> str:
    value = header_text(message, "Precedence").lower()
    return f"Precedence: {value}" if value in ("bulk", "list", "junk") else ""


def _list_headers(message: EmailMessage) -> str:
    names = [k for k in message.keys() if k.lower().startswith("list-")]
    return f"{names[0]} present" if names else ""


def _exchange_auto_reply(message: EmailMessage) -> str:
    if message.get("X-Auto-Response-Suppress") and message.get("X-MS-Exchange-Inbox-Rules-Loop"):
        return "Exchange inbox rule reply"
    return ""


def _empty_return_path(message: EmailMessage) -> str:
    value = message.get("Return-Path")
    return "empty Return-Path" if value is not None and str(value).strip() in ("<>", "") else ""


def _no_reply_sender(message: EmailMessage) -> str:
    address = sender_address(message)
    if not address:
        return "no usable From address"
    return f"sender {address}" if _NO_REPLY_LOCAL.match(address.split("@", 1)[0]) else ""


def _report(message: EmailMessage) -> str:
    if message.get_content_type() == "multipart/report":
        return f"multipart/report ({message.get_param('report-type') or 'unknown'})"
    return ""


def _automatic_subject(message: EmailMessage) -> str:
    subject = header_text(message, "Subject")
    return f"subject {subject[:60]!r}" if _AUTOMATIC_SUBJECT.match(subject) else ""


AUTOMATIC_RULES: tuple[tuple[str, Callable[[EmailMessage], str]], ...] = (
    ("auto_submitted", _auto_submitted),
    ("exchange_auto_reply", _exchange_auto_reply),
    ("precedence", _precedence),
    ("list_headers", _list_headers),
    ("empty_return_path", _empty_return_path),
    ("report", _report),
    ("no_reply_sender", _no_reply_sender),
    ("automatic_subject", _automatic_subject),  # last: a fallback for clients that set no header
)


def classify(message: EmailMessage) -> Classification:
    for name, rule in AUTOMATIC_RULES:
        reason = rule(message)
        if reason:
            return Classification(Kind.AUTOMATIC, f"{name}: {reason}")
    files = attachments(message)
    if any(a.is_docx for a in files):
        return Classification(Kind.FORM, "has a .docx attachment", files)
    if files:
        names = ", ".join(a.filename or a.content_type for a in files)
        return Classification(Kind.OTHER_ATTACHMENT, f"attachments but no .docx: {names}", files)
    return Classification(Kind.NO_ATTACHMENT, "no attachment")
