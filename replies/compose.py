"""Compose the email the bot sends in answer to a form: values in, EmailMessage out.

Everything a sender wrote is cleaned before it goes anywhere: values bound for a
header lose CR, LF and every other control character, so no name or Message-ID
from a sender can add a header; the subject is built from the campaign alone.
The HTML part is autoescaped by the environment (see ``replies.render``).
"""

from __future__ import annotations

from email.message import EmailMessage
from types import MappingProxyType

import jinja2

from replies.cleaning import single_line, text_lines
from replies.dates import require_language
from replies.headers import set_headers
from replies.reply import STATUSES, WITH_BLANK_FORM, Reply, ReplyKind
from replies.views import change_labels, form_view, problem_sentences

__all__ = ["Reply", "ReplyKind", "compose", "single_line", "text_lines"]

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


_SUBJECTS = MappingProxyType({
    (ReplyKind.CONFIRMATION, "sv"): "Bekräftelse: anslutning till {name}, Dnr {case_number}",
    (ReplyKind.INCOMPLETE, "sv"): "Komplettering behövs: anslutning till {name}, Dnr {case_number}",
    (ReplyKind.NO_ATTACHMENT, "sv"): "Anslutningsblankett för {name}, Dnr {case_number}",
    (ReplyKind.ASK_FOR_DOCX, "sv"): "Skicka blanketten som Word-fil: anslutning till {name}, Dnr {case_number}",
    (ReplyKind.CONFIRMATION, "en"): "Confirmation: joining {name}, case no. {case_number}",
    (ReplyKind.INCOMPLETE, "en"): "More information needed: joining {name}, case no. {case_number}",
    (ReplyKind.NO_ATTACHMENT, "en"): "Affiliation form for {name}, case no. {case_number}",
    (ReplyKind.ASK_FOR_DOCX, "en"): "Please send the form as a Word file: joining {name}, case no. {case_number}",
})


def compose(reply: Reply, env: jinja2.Environment) -> EmailMessage:
    """The complete message for ``reply``, ready for the outbox.

    Raises ValueError when the caller's values cannot make a correct message (an
    unknown language or status, a naive ``now``, a malformed own Message-ID, no
    valid recipient); those are programming errors, not bad mail.
    """
    _check(reply)
    subject = _subject(reply)
    context = _context(reply, subject)
    message = EmailMessage()
    set_headers(message, reply, subject)
    _set_body(
        message,
        text=_render(env, reply, "txt", context),
        html=_render(env, reply, "html", context),
        attachment=reply.blank_form if reply.kind in WITH_BLANK_FORM else None,
    )
    # Only after the body: making a message multipart moves every Content-* header
    # already present down into the first part.
    message["Content-Language"] = reply.language
    return message


def _check(reply: Reply) -> None:
    require_language(reply.language)
    if reply.status not in STATUSES:
        raise ValueError(f"unknown status {reply.status!r}; expected one of {', '.join(STATUSES)}")
    if reply.kind is ReplyKind.CONFIRMATION:
        if reply.form is None:
            raise ValueError("a confirmation needs the form that was registered")
        if reply.status == "incomplete":
            raise ValueError("an incomplete form gets an INCOMPLETE reply, not a confirmation")
    if reply.now.tzinfo is None or reply.now.utcoffset() is None:
        raise ValueError("Reply.now must be timezone-aware")


def _render(env: jinja2.Environment, reply: Reply, extension: str, context: dict[str, object]) -> str:
    return env.get_template(f"{reply.language}/{reply.kind.value}.{extension}").render(context)


def _context(reply: Reply, subject: str) -> dict[str, object]:
    campaign = reply.campaign
    return {
        "kind": reply.kind.value,
        "language": reply.language,
        "status": reply.status,
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
    }


def _subject(reply: Reply) -> str:
    template = _SUBJECTS[(reply.kind, reply.language)]
    return single_line(template.format(name=reply.campaign.name, case_number=reply.campaign.case_number))


def _attachment_name(reply: Reply) -> str | None:
    if reply.kind not in WITH_BLANK_FORM or reply.blank_form is None:
        return None
    return _file_name(reply.blank_form[0])


def _set_body(message: EmailMessage, text: str, html: str, attachment: tuple[str, bytes] | None) -> None:
    # quoted-printable keeps the message 7-bit clean for relays without 8BITMIME.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    if attachment is not None:
        name, data = attachment
        maintype, subtype = DOCX_TYPE
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=_file_name(name))
    _drop_nested_mime_version(message)


def _drop_nested_mime_version(message: EmailMessage) -> None:
    # EmailMessage gives every part it creates its own MIME-Version; RFC 2045 wants it
    # on the top-level header only, and some filters score the repeats as spam.
    for part in message.walk():
        if part is not message:
            del part["MIME-Version"]


def _file_name(name: str) -> str:
    # Only the last path component, so a name can never point anywhere.
    base = single_line(name).replace("\\", "/").rsplit("/", 1)[-1]
    return base or "anslutningsblankett.docx"
