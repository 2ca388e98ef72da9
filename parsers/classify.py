"""What kind of message arrived. Rules are tables: each answers with a reason or ''; the
first reason decides. Pure.

Order matters and is the order of the tables: delivery reports first (a bounce also has an
empty Return-Path, and must still be told from other automatic mail), then the RFC 3834
signs of automatic mail, then calendar replies, then what the content is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum

from parsers.calendar_reply import CalendarReply, calendar_reply
from parsers.mime.message import Attachment, attachments, header_text, sender_address, thread_ids
from parsers.mime.reports import DeliveryStatus, bounced_message_id, delivery_status, report_type

__all__ = ["AUTOMATIC_RULES", "CalendarReply", "Classification", "DeliveryStatus", "Kind", "classify"]


class Kind(StrEnum):
    AUTOMATIC = "automatic"            # auto-reply, bulk, list, other reports: never answered
    BOUNCE = "bounce"                  # a delivery status notification about a message we sent
    READ_RECEIPT = "read_receipt"      # a disposition notification: ignored
    CALENDAR_REPLY = "calendar_reply"  # an accept/decline of an invitation (METHOD:REPLY)
    FORM = "form"                      # carries at least one .docx
    THREAD_REPLY = "thread_reply"      # answers a message the bot sent, without a .docx
    OTHER_ATTACHMENT = "other_attachment"  # attachments, none of them .docx (PDF, .doc, .odt, scan)
    NO_ATTACHMENT = "no_attachment"    # a question or note with the case number


@dataclass(frozen=True)
class Classification:
    kind: Kind
    reason: str
    attachments: tuple[Attachment, ...] = ()
    attachment_formats: tuple[str, ...] = ()  # of each attachment, in order (mime_format.FORMATS)
    bounced_message_id: str = ""               # BOUNCE: the Message-ID that could not be delivered
    delivery: DeliveryStatus | None = None     # BOUNCE: recipient, action, status
    calendar_reply: CalendarReply | None = None  # CALENDAR_REPLY: who answered what


IsOurs = Callable[[str], bool]
_AUTOMATIC_SUBJECT = re.compile(
    r"^\s*(automatiskt svar|autosvar|frånvaro|out of office|automatic reply|autoreply|"
    r"undeliverable|olevererbart|delivery status notification|returned mail|mail delivery failed)\b",
    re.IGNORECASE)
_NO_REPLY_LOCAL = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|noreply[-.\w]*)$", re.IGNORECASE)


# --- reports (RFC 6522) -----------------------------------------------------------------

def _delivery_report(message: EmailMessage) -> str:
    return "multipart/report (delivery-status)" if report_type(message) == "delivery-status" else ""


def _read_receipt(message: EmailMessage) -> str:
    return "multipart/report (disposition-notification)" if report_type(message) == "disposition-notification" else ""


# --- automatic mail (RFC 3834 and what clients really send) ------------------------------

def _auto_submitted(message: EmailMessage) -> str:
    value = header_text(message, "Auto-Submitted").lower()
    return f"Auto-Submitted: {value}" if value and value != "no" else ""


def _precedence(message: EmailMessage) -> str:
    value = header_text(message, "Precedence").lower()
    return f"Precedence: {value}" if value in ("bulk", "list", "junk") else ""


def _list_headers(message: EmailMessage) -> str:
    names = [k for k in message if k.lower().startswith("list-")]
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


def _other_report(message: EmailMessage) -> str:
    if message.get_content_type() == "multipart/report":
        return f"multipart/report ({report_type(message) or 'unknown'})"
    return ""


def _automatic_subject(message: EmailMessage) -> str:
    subject = header_text(message, "Subject")
    return f"subject {subject[:60]!r}" if _AUTOMATIC_SUBJECT.match(subject) else ""


def _calendar_reply(message: EmailMessage) -> str:
    found = calendar_reply(message)
    return f"METHOD:REPLY {found.partstat} from {found.attendee}" if found else ""


AUTOMATIC_RULES: tuple[tuple[str, Callable[[EmailMessage], str]], ...] = (
    ("auto_submitted", _auto_submitted),
    ("exchange_auto_reply", _exchange_auto_reply),
    ("precedence", _precedence),
    ("list_headers", _list_headers),
    ("empty_return_path", _empty_return_path),
    ("report", _other_report),
    ("no_reply_sender", _no_reply_sender),
    ("automatic_subject", _automatic_subject),  # last: a fallback for clients that set no header
)

HEADER_RULES: tuple[tuple[Kind, str, Callable[[EmailMessage], str]], ...] = (
    (Kind.BOUNCE, "delivery_report", _delivery_report),
    (Kind.READ_RECEIPT, "read_receipt", _read_receipt),
    *((Kind.AUTOMATIC, name, rule) for name, rule in AUTOMATIC_RULES),
    (Kind.CALENDAR_REPLY, "calendar_reply", _calendar_reply),
)


# --- what a person sent -------------------------------------------------------------------

@dataclass(frozen=True)
class Content:
    message: EmailMessage
    files: tuple[Attachment, ...]
    is_ours: IsOurs


def _has_docx(content: Content) -> str:
    names = [a.filename or a.content_type for a in content.files if a.is_docx]
    return f"has a .docx attachment: {', '.join(names)}" if names else ""


def _in_our_thread(content: Content) -> str:
    ours = next((mid for mid in thread_ids(content.message) if content.is_ours(mid)), "")
    return f"answers {ours}" if ours else ""


def _has_files(content: Content) -> str:
    names = ", ".join(f"{a.filename or a.content_type} ({a.format})" for a in content.files)
    return f"attachments but no .docx: {names}" if names else ""


CONTENT_RULES: tuple[tuple[Kind, str, Callable[[Content], str]], ...] = (
    (Kind.FORM, "form", _has_docx),
    (Kind.THREAD_REPLY, "thread_reply", _in_our_thread),
    (Kind.OTHER_ATTACHMENT, "other_attachment", _has_files),
)


def classify(message: EmailMessage, *, is_ours: IsOurs = lambda mid: False) -> Classification:
    """``is_ours(message_id)`` tells whether a Message-ID is one the bot sent."""
    for kind, name, rule in HEADER_RULES:
        reason = rule(message)
        if reason:
            return _with_details(Classification(kind, f"{name}: {reason}"), message, is_ours)
    content = Content(message, attachments(message), is_ours)
    formats = tuple(a.format for a in content.files)
    for kind, name, content_rule in CONTENT_RULES:
        reason = content_rule(content)
        if reason:
            return Classification(kind, f"{name}: {reason}", content.files, formats)
    return Classification(Kind.NO_ATTACHMENT, "no attachment")


def _with_details(found: Classification, message: EmailMessage, is_ours: IsOurs) -> Classification:
    if found.kind is Kind.BOUNCE:
        # The returned copy names the message; failing that, a bounce may still thread to it.
        bounced = bounced_message_id(message) or next((m for m in thread_ids(message) if is_ours(m)), "")
        status = delivery_status(message)
        detail = f" for {bounced}" + (f", {status.recipient} {status.action} {status.status}" if status else "")
        return Classification(found.kind, found.reason + detail, bounced_message_id=bounced, delivery=status)
    if found.kind is Kind.CALENDAR_REPLY:
        return Classification(found.kind, found.reason, calendar_reply=calendar_reply(message))
    return found
