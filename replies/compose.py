"""Compose the email the bot sends in answer to a form: values in, EmailMessage out.

Everything a sender wrote is cleaned before it goes anywhere: values bound for a
header lose CR, LF and every other control character, so no name or Message-ID
from a sender can add a header; the subject is built from the campaign alone.
The HTML part is autoescaped by the environment (see ``replies.render``).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

import jinja2

from parsers.model import Campaign, Contact, Decision, FormData, GoalSource, Problem
from replies.dates import format_date, format_session, require_language

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
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

# What a changed field is called in a reply; a name not listed is shown as written.
_FIELD_LABELS = MappingProxyType({
    "sv": MappingProxyType({
        "case_number": "diarienummer",
        "organisation": "organisation",
        "org_number": "organisationsnummer",
        "organisation_type": "typ av organisation",
        "contact": "kontaktperson",
        "contact.name": "kontaktpersonens namn",
        "contact.title": "kontaktpersonens titel",
        "contact.email": "kontaktpersonens e-postadress",
        "contact.phone": "kontaktpersonens telefonnummer",
        "decision": "beslut",
        "decision.body": "beslutande organ",
        "decision.paragraph": "paragraf",
        "decision.date": "beslutsdatum",
        "decision.reference": "beslutets diarienummer",
        "goals": "prioriterade mål",
        "plan_text": "planerat arbete",
        "sessions": "informationsträffar",
        "signature": "underskrift",
    }),
    "en": MappingProxyType({
        "case_number": "case number",
        "organisation": "organisation",
        "org_number": "organisation number",
        "organisation_type": "type of organisation",
        "contact": "contact person",
        "contact.name": "contact person's name",
        "contact.title": "contact person's title",
        "contact.email": "contact person's email address",
        "contact.phone": "contact person's phone number",
        "decision": "decision",
        "decision.body": "decision-making body",
        "decision.paragraph": "minutes item (§)",
        "decision.date": "date of decision",
        "decision.reference": "decision reference",
        "goals": "prioritised goals",
        "plan_text": "planned work",
        "sessions": "information sessions",
        "signature": "signature",
    }),
})

# A msg-id as RFC 5322 writes it, restricted to printable ASCII without "<" and ">".
_MSG_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]+>")
_BARE_MSG_ID = re.compile(r"[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+")
_WHITESPACE = re.compile(r"\s+")

_Fields = TypeVar("_Fields", Contact, Decision)


# --- what the templates see ---------------------------------------------------------

@dataclass(frozen=True)
class GoalLine:
    number: int
    title: str  # empty when the campaign has no such goal


@dataclass(frozen=True)
class SessionLine:
    title: str
    when: str
    join_url: str


@dataclass(frozen=True)
class FormView:
    """The form as a reply shows it: every text cleaned, dates and goals spelt out."""

    organisation: str
    org_number: str
    organisation_type: str
    contact: Contact
    decision: Decision
    decision_line: str
    goals: tuple[GoalLine, ...]
    goals_from_free_text: bool
    sessions: tuple[SessionLine, ...]
    plan_lines: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing could be read; a reply then has nothing to read back."""
        return not any((self.organisation, self.org_number, self.organisation_type, self.decision_line,
                        *dataclasses.astuple(self.contact), self.goals, self.sessions, self.plan_lines))


# --- composing ----------------------------------------------------------------------

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
    _set_headers(message, reply, subject)
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
        "form": _form_view(reply.form, campaign, reply.language) if reply.form is not None else None,
        "problems": _problem_sentences(reply.problems, reply.language),
        "changes": _change_labels(reply.changes, reply.language),
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


def _problem_sentences(problems: tuple[Problem, ...], language: str) -> tuple[str, ...]:
    if not problems:
        return ()
    # Imported on use: a reply without problems never needs the wording module.
    from replies.problems import describe

    return _unique(single_line(describe(problem, language)) for problem in problems)


def _change_labels(changes: tuple[str, ...], language: str) -> tuple[str, ...]:
    labels = _FIELD_LABELS[language]
    return _unique(labels.get(name, single_line(name)) for name in changes if single_line(name))


# --- the form as shown ----------------------------------------------------------------

def _form_view(form: FormData, campaign: Campaign, language: str) -> FormView:
    decision = _cleaned(form.decision)
    decision = dataclasses.replace(decision, date=format_date(decision.date, language) if decision.date else "")
    return FormView(
        organisation=single_line(form.organisation),
        org_number=single_line(form.org_number),
        organisation_type=single_line(form.organisation_type),
        contact=_cleaned(form.contact),
        decision=decision,
        decision_line=_decision_line(decision),
        goals=tuple(_goal_line(number, campaign) for number in form.goals),
        goals_from_free_text=form.goal_source is GoalSource.FREE_TEXT,
        sessions=_session_lines(form.sessions, campaign, language),
        plan_lines=text_lines(form.plan_text),
    )


def _cleaned(value: _Fields) -> _Fields:
    """A copy of a dataclass of strings with every string made a clean single line."""
    cleaned = {f.name: single_line(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return dataclasses.replace(value, **cleaned)


def _decision_line(decision: Decision) -> str:
    paragraph = decision.paragraph
    if paragraph and not paragraph.startswith("§"):
        paragraph = f"§ {paragraph}"
    return ", ".join(part for part in (decision.body, paragraph, decision.date, decision.reference) if part)


def _goal_line(number: int, campaign: Campaign) -> GoalLine:
    goal = campaign.goal(number)
    return GoalLine(number, goal.title if goal is not None else "")


def _session_lines(session_ids: tuple[str, ...], campaign: Campaign, language: str) -> tuple[SessionLine, ...]:
    # An id the campaign does not know is the validator's business; it is not shown.
    sessions = (campaign.session(session_id) for session_id in session_ids)
    return tuple(
        SessionLine(session.title, format_session(session, language), session.join_url)
        for session in sessions
        if session is not None
    )


# --- headers --------------------------------------------------------------------------

def _set_headers(message: EmailMessage, reply: Reply, subject: str) -> None:
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
    return _unique(ids)


# --- body -----------------------------------------------------------------------------

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


# --- text hygiene -----------------------------------------------------------------------

def single_line(value: str) -> str:
    """``value`` with control, format and line/paragraph-separator characters turned into
    spaces and runs of whitespace collapsed: safe for a header or one line of a reply."""
    replaced = "".join(" " if _is_unsafe(char) else char for char in value)
    return _WHITESPACE.sub(" ", replaced).strip()


def text_lines(value: str) -> tuple[str, ...]:
    """Free text as clean lines: line breaks kept, at most one empty line in a row,
    none at the start or end."""
    lines: list[str] = []
    for raw in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = single_line(raw)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def _is_unsafe(char: str) -> bool:
    # C* covers CR, LF, NUL, DEL, C1 controls, bidi overrides and lone surrogates
    # (which cannot be encoded); Zl and Zp are line breaks to str.splitlines.
    category = unicodedata.category(char)
    return category.startswith("C") or category in ("Zl", "Zp")


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
