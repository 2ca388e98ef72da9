"""Answers to a message that arrived: what a reply is, and the message composed from it.

Everything a sender wrote is cleaned before it goes anywhere (replies.message does the
headers); the subject is built from the campaign alone. The HTML part is autoescaped by
the environment (see ``replies.render``).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum

from parsers.model import AffiliationStatus, Campaign, FormData, InfoSession, Problem
from replies.cleaning import single_line
from replies.message import Addressing, AutoSubmitted, OutgoingFile, file_name, set_body, set_headers, set_language
from replies.render import Templates
from replies.views import change_labels, form_view, problem_sentences, session_lines

STATUSES = (AffiliationStatus.REGISTERED, AffiliationStatus.NEEDS_REVIEW, AffiliationStatus.INCOMPLETE)


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
    addressing: Addressing
    original_subject: str
    form: FormData | None = None
    status: str = AffiliationStatus.REGISTERED
    problems: tuple[Problem, ...] = ()
    version: int = 1
    changes: tuple[str, ...] = ()
    blank_form: OutgoingFile | None = None
    received_files: tuple[str, ...] = ()  # ASK_FOR_DOCX: the files that came instead of the .docx
    invited: tuple[InfoSession, ...] = ()  # CONFIRMATION: the sessions the contact is invited to

    @property
    def campaign(self) -> Campaign:
        return self.addressing.campaign

    @property
    def language(self) -> str:
        return self.addressing.language


def reply_to_for(kind: ReplyKind, campaign: Campaign) -> str:
    """Where the sender's answer to a reply of ``kind`` should go: the campaign's mailbox,
    the one intake-bot watches (``reply_from``), for every kind.

    A reply that asks for a form back (INCOMPLETE, NO_ATTACHMENT, ASK_FOR_DOCX) must bring that
    form to the bot, or it would never be registered; an answer to a confirmation ("Svara" with
    an updated form, or a question) must too, so the form is registered as an update and a
    question reaches staff as correspondence (intake review), not a mailbox nothing reads.
    """
    if kind in (ReplyKind.CONFIRMATION, ReplyKind.INCOMPLETE, ReplyKind.NO_ATTACHMENT, ReplyKind.ASK_FOR_DOCX):
        return campaign.reply_from
    raise ValueError(f"unknown reply kind {kind!r}")


def compose_reply(reply: Reply, env: Templates) -> EmailMessage:
    """The complete message for ``reply``, ready for the outbox.

    Raises ValueError when the caller's values cannot make a correct message (an
    unknown language or status, a naive ``now``, a malformed own Message-ID, no
    valid recipient); those are programming errors, not bad mail.
    """
    _check(reply)
    subject = single_line(env.word(reply.language, _subject_key(reply), name=reply.campaign.name,
                                   case_number=reply.campaign.case_number))
    context = _context(reply, subject)
    message = EmailMessage()
    set_headers(message, reply.addressing, subject, AutoSubmitted.AUTO_REPLIED)
    attach = reply.blank_form if reply.kind in WITH_BLANK_FORM and reply.blank_form is not None else None
    set_body(message, text=_render(env, reply, "txt", context), html=_render(env, reply, "html", context),
             files=(attach,) if attach else ())
    set_language(message, reply.language)
    return message


def _subject_key(reply: Reply) -> str:
    """A form that went to staff review is received, not confirmed: its own subject."""
    if reply.kind is ReplyKind.CONFIRMATION and reply.status == AffiliationStatus.NEEDS_REVIEW:
        return "confirmation.subject_received"
    return f"{reply.kind.value}.subject"


def _check(reply: Reply) -> None:
    reply.addressing.check()
    if reply.status not in STATUSES:
        raise ValueError(f"unknown status {reply.status!r}; expected one of {', '.join(STATUSES)}")
    if reply.kind is ReplyKind.CONFIRMATION:
        if reply.form is None:
            raise ValueError("a confirmation needs the form that was registered")
        if reply.status == AffiliationStatus.INCOMPLETE:
            raise ValueError("an incomplete form gets an INCOMPLETE reply, not a confirmation")


def _render(env: Templates, reply: Reply, extension: str, context: dict[str, object]) -> str:
    return env.render_message(reply.kind.value, reply.language, extension, context)


def _context(reply: Reply, subject: str) -> dict[str, object]:
    campaign = reply.campaign
    return {
        "kind": reply.kind.value,
        "status": str(reply.status),
        "version": reply.version,
        "campaign": campaign,
        "case_number": campaign.case_number,
        "subject": subject,
        "original_subject": single_line(reply.original_subject),
        "form": form_view(reply.form, campaign, reply.language) if reply.form is not None else None,
        "problems": problem_sentences(reply.problems, reply.language),
        "changes": change_labels(reply.changes, reply.language),
        "attachment_name": _attachment_name(reply),
        "received_files": tuple(single_line(name) for name in reply.received_files),
        "invited": session_lines(reply.invited, reply.language),
    }


def _attachment_name(reply: Reply) -> str | None:
    if reply.kind not in WITH_BLANK_FORM or reply.blank_form is None:
        return None
    return file_name(reply.blank_form.name)
