"""What a reply is: its kind and the values it is composed from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from parsers.model import Campaign, FormData, Problem

STATUSES = ("registered", "needs_review", "incomplete")


class ReplyKind(StrEnum):
    CONFIRMATION = "confirmation"    # the form was registered, or received for staff review
    INCOMPLETE = "incomplete"        # the sender must fix something before we can register
    NO_ATTACHMENT = "no_attachment"  # mail about the campaign without a form: here is how to join
    ASK_FOR_DOCX = "ask_for_docx"    # the form came as PDF, .doc, .odt or a scan: send the Word file


# Replies that carry the blank form, so the sender can fill in the right file.
WITH_BLANK_FORM = frozenset({ReplyKind.NO_ATTACHMENT, ReplyKind.ASK_FOR_DOCX})


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    campaign: Campaign
    to: tuple[str, ...]
    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    original_subject: str
    now: datetime
    language: str = "sv"
    form: FormData | None = None
    status: str = "registered"
    problems: tuple[Problem, ...] = ()
    version: int = 1
    changes: tuple[str, ...] = ()
    blank_form: tuple[str, bytes] | None = None
    received_files: tuple[str, ...] = ()  # ASK_FOR_DOCX: the files that came instead of the .docx
