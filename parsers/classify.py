"""What kind of message arrived. Rules are tables: each answers with a reason or ''; the
first reason decides. Pure.

Order matters and is the order of the tables: delivery reports first (a bounce also has an
empty Return-Path, and must still be told from other automatic mail), then the RFC 3834
signs of automatic mail (parsers.automatic.AUTOMATIC_RULES), then calendar replies, then what
the content is.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum

from parsers.automatic import AUTOMATIC_RULES, IsOurs, Look, Rule
from parsers.calendar_reply import CalendarReply, calendar_reply
from parsers.conversation import conversation_reason
from parsers.mime.message import Attachment, thread_ids
from parsers.mime.reports import DeliveryStatus, bounced_message_id, delivery_status, report_type
from parsers.senders import NOBODY, OwnMail

__all__ = ["AUTOMATIC_RULES", "CalendarReply", "Classification", "DeliveryStatus", "Kind", "Look", "classify"]


class Kind(StrEnum):
    AUTOMATIC = "automatic"            # auto-reply, bulk, list, other reports: never answered
    BOUNCE = "bounce"                  # a delivery status notification about a message we sent
    READ_RECEIPT = "read_receipt"      # a disposition notification: ignored
    CALENDAR_REPLY = "calendar_reply"  # an accept/decline of an invitation (METHOD:REPLY)
    FORM = "form"                      # carries at least one .docx
    THREAD_REPLY = "thread_reply"      # a reply in a conversation (ours or not), without a form
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


# --- reports (RFC 6522) -----------------------------------------------------------------

def _delivery_report(look: Look) -> str:
    return "multipart/report (delivery-status)" if report_type(look.message) == "delivery-status" else ""


def _read_receipt(look: Look) -> str:
    return "multipart/report (disposition-notification)" \
        if report_type(look.message) == "disposition-notification" else ""


def _calendar_reply(look: Look) -> str:
    found = calendar_reply(look.message)
    return f"METHOD:REPLY {found.partstat} from {found.attendee}" if found else ""


HEADER_RULES: tuple[tuple[Kind, str, Rule], ...] = (
    (Kind.BOUNCE, "delivery_report", _delivery_report),
    (Kind.READ_RECEIPT, "read_receipt", _read_receipt),
    *((Kind.AUTOMATIC, name, rule) for name, rule in AUTOMATIC_RULES),
    (Kind.CALENDAR_REPLY, "calendar_reply", _calendar_reply),
)


# --- what a person sent -------------------------------------------------------------------

def _has_docx(look: Look) -> str:
    names = [a.filename or a.content_type for a in look.files if a.is_docx]
    return f"has a .docx attachment: {', '.join(names)}" if names else ""


def _in_conversation(look: Look) -> str:
    ours = next((mid for mid in thread_ids(look.message) if look.is_ours(mid)), "")
    return f"answers our {ours}" if ours else conversation_reason(look.message)


def _has_files(look: Look) -> str:
    names = ", ".join(f"{a.filename or a.content_type} ({a.format})" for a in look.files)
    return f"attachments but no .docx: {names}" if names else ""


CONTENT_RULES: tuple[tuple[Kind, str, Rule], ...] = (
    (Kind.FORM, "form", _has_docx),
    # A reply in a conversation (parsers.conversation), ours or not, is for a person, files
    # and all (a PDF in a reply is mostly the minutes of the decision): never answered.
    (Kind.THREAD_REPLY, "thread_reply", _in_conversation),
    (Kind.OTHER_ATTACHMENT, "other_attachment", _has_files),
)


def classify(message: EmailMessage, *, is_ours: IsOurs = lambda mid: False, own: OwnMail = NOBODY) -> Classification:
    """``is_ours(message_id)`` tells whether a Message-ID is one the bot sent; ``own`` is who
    the intake is (its addresses and Message-ID domains)."""
    look = Look(message, is_ours, own)
    for kind, name, rule in HEADER_RULES:
        reason = rule(look)
        if reason:
            return _with_details(Classification(kind, f"{name}: {reason}"), message, is_ours)
    formats = tuple(a.format for a in look.files)
    for kind, name, rule in CONTENT_RULES:
        reason = rule(look)
        if reason:
            return Classification(kind, f"{name}: {reason}", look.files, formats)
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
