"""What waits for a person, and what waits for the sender: the queries behind `intake review
list`, the digest and `intake status`. Read-only.

An item is named by a reference staff type back: an affiliation by its number (``17``), an
inbound message by ``m`` and its number (``m4``), one of our replies by ``s`` (svar) and its
number (``s2``). An item leaves the queue when staff approve or reject the affiliation, or
mark the message or reply handled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from bot.db.purge import superseded
from bot.db.tables import Affiliation, AffiliationVersion, InboundMessage, OutboxMessage, OutboxStatus, Submission
from parsers.mime.message import body_text, parse_message
from parsers.mime.opening import opening_lines
from parsers.model import AffiliationStatus


class Reason(StrEnum):
    """Why an item needs a person; each front end words it (bot/cli/texts, the digest's words)."""

    AFFILIATION_REVIEW = "affiliation_review"  # a form only staff can judge (detail: the problems)
    ATTEMPT = "attempt"                        # an attempt to join nothing could be read from (version 0)
    QUARANTINED = "quarantined"                # the bot failed on the message (detail: the error)
    OTHER_ATTACHMENT = "other_attachment"      # the form came as PDF, .doc, a scan; the sender was asked for the .docx
    NO_FORM = "no_form"                        # a .docx came, but none of it is the campaign's form
    UNVERIFIED_SENDER = "unverified_sender"    # failed DMARC: not answered, the sender may not be who it says
    CORRESPONDENCE = "correspondence"          # a reply in a conversation, without a form
    CALENDAR_REPLY = "calendar_reply"          # an answer to a session invitation
    BOUNCE = "bounce"                          # a delivery report about no reply of ours
    REPLY_FAILED = "reply_failed"              # our reply was refused or given up (detail: the server's answer)
    REPLY_BOUNCED = "reply_bounced"            # our reply was accepted, then bounced (detail: the report)
    UNREADABLE = "unreadable"                  # a .docx that could not be read as a document (detail: why)
    OWN_ADDRESS = "own_address"                # from one of our own addresses: never answered
    NO_SENDER = "no_sender"                    # no readable From address: nobody to answer
    COLLISION = "collision"                    # reuses an earlier message's Message-ID with other content
    REPLY_WITHHELD = "reply_withheld"          # would have been answered, but the sender had an answer today


# Outcomes of inbound messages that wait for a person until marked handled.
PERSON_OUTCOMES = ("quarantined", "needs_review", "correspondence", "calendar_reply", "bounce")
_BY_OUTCOME = {"quarantined": Reason.QUARANTINED, "correspondence": Reason.CORRESPONDENCE,
               "calendar_reply": Reason.CALENDAR_REPLY, "bounce": Reason.BOUNCE}
_BY_REVIEW_REASON = {"own_address": Reason.OWN_ADDRESS, "no_sender": Reason.NO_SENDER,
                     "dmarc_fail": Reason.UNVERIFIED_SENDER, "reply_withheld": Reason.REPLY_WITHHELD}
# Shown with the opening lines of what the person wrote (a question must be read, not lost).
_TEXT_SHOWN = (Reason.CORRESPONDENCE, Reason.REPLY_WITHHELD)
_NEEDS_REVIEW_BY_KIND = {"other_attachment": Reason.OTHER_ATTACHMENT, "no_attachment": Reason.UNVERIFIED_SENDER}
# A message's stored detail is the bot's own note; shown where it is what a person needs
# (the error that stopped the bot, the answer a calendar reply gave).
_DETAIL_SHOWN = (Reason.QUARANTINED, Reason.CALENDAR_REPLY)


@dataclass(frozen=True)
class ReviewItem:
    ref: str            # 17 | m4 | s2
    reason: Reason
    when: datetime
    campaign_key: str
    who: str            # the organisation, the sender, or the reply's recipients
    about: str          # the message's or reply's subject; "" for an affiliation
    detail: str         # the problems, the error, the server's answer; "" when there is nothing to add

    @property
    def command(self) -> str:
        """The command that resolves the item."""
        if self.reason is Reason.AFFILIATION_REVIEW:
            return f"intake review approve {self.ref}"
        if self.reason is Reason.ATTEMPT:  # nothing to approve yet: see what came, wait or enter it
            return f"intake review show {self.ref}"
        return f"intake review handled {self.ref}"


@dataclass(frozen=True)
class WaitingForm:
    """A form the sender was asked to complete, and since when."""

    ref: str
    campaign_key: str
    who: str
    since: datetime
    problems: tuple[str, ...]  # empty: the file could not be read as the form at all


def review_queue(session: Session, since: datetime | None = None, campaign_key: str | None = None) -> list[ReviewItem]:
    """Everything waiting for a person, oldest first (``since``: only what came after)."""
    items = [*_affiliations(session), *_messages(session), *_replies(session)]
    return sorted((i for i in items if (since is None or i.when >= since)
                   and (campaign_key is None or i.campaign_key == campaign_key)), key=lambda i: (i.when, i.ref))


def waiting_forms(session: Session, campaign_key: str | None = None) -> list[WaitingForm]:
    """Affiliations and unreadable forms waiting for the sender to send a corrected form (a
    message no longer waits once the same sender's later form was registered)."""
    rows = session.execute(_current_versions().where(Affiliation.status == AffiliationStatus.INCOMPLETE)).all()
    found = [WaitingForm(str(a.id), a.campaign_key, a.organisation, a.updated_at,
                         tuple(p["text"] for p in v.problems)) for a, v in rows]
    messages = session.scalars(select(InboundMessage).where(
        InboundMessage.outcome == "incomplete", InboundMessage.handled_at.is_(None), ~_has_affiliation())).all()
    found += [WaitingForm(f"m{m.id}", m.campaign_key or "", m.from_address, m.received_at, _form_problems(m))
              for m in messages if not superseded(session, m)]
    return sorted((w for w in found if campaign_key is None or w.campaign_key == campaign_key),
                  key=lambda w: (w.since, w.ref))


def _current_versions():
    return (select(Affiliation, AffiliationVersion)
            .join(AffiliationVersion, (AffiliationVersion.affiliation_id == Affiliation.id)
                  & (AffiliationVersion.version == Affiliation.current_version)))


def _has_affiliation():
    """The message made a version of an affiliation (an attempt attached to one, with no
    version of its own, is still shown as the message)."""
    return exists().where(Submission.inbound_message_id == InboundMessage.id, Submission.affiliation_id.is_not(None),
                          Submission.version.is_not(None))


def _affiliation_in_review():
    return exists().where(Submission.inbound_message_id == InboundMessage.id, Submission.affiliation_id == Affiliation.id,
                          Affiliation.status == AffiliationStatus.NEEDS_REVIEW)


def _affiliations(session: Session) -> list[ReviewItem]:
    rows = session.execute(_current_versions().where(Affiliation.status == AffiliationStatus.NEEDS_REVIEW)).all()
    # An unreadable attempt of a sender the roster does not know names no organisation: the sender then.
    return [ReviewItem(str(a.id), Reason.ATTEMPT if v.version == 0 else Reason.AFFILIATION_REVIEW,
                       a.updated_at, a.campaign_key,
                       a.organisation or v.submission.inbound_message.from_address or "?",
                       "", " | ".join(p["text"] for p in v.problems)) for a, v in rows]


def _messages(session: Session) -> list[ReviewItem]:
    unreadable = select(Submission.inbound_message_id).where(Submission.status == "unreadable")
    rows = session.scalars(select(InboundMessage).where(
        or_(InboundMessage.outcome.in_(PERSON_OUTCOMES), InboundMessage.id.in_(unreadable),
            InboundMessage.collides_with_id.is_not(None), InboundMessage.review_reason == "reply_withheld"),
        # A message that made an affiliation is shown as that affiliation, unless it collides or
        # its answer was withheld and the affiliation is not in the queue itself (a registered
        # one: nothing else would show it).
        InboundMessage.handled_at.is_(None),
        or_(~_has_affiliation(), InboundMessage.collides_with_id.is_not(None),
            (InboundMessage.review_reason == "reply_withheld") & ~_affiliation_in_review()),
        # A bounce of our own reply is shown as that reply.
        ~((InboundMessage.outcome == "bounce") & InboundMessage.related_outbox_id.is_not(None)),
        # A calendar answer recorded on its invitation needs nobody; one that matched none does.
        ~((InboundMessage.outcome == "calendar_reply") & (InboundMessage.review_reason == ""))))
    return [ReviewItem(f"m{m.id}", reason, m.received_at, m.campaign_key or "", m.from_address or "?",
                       m.subject or f"UID {m.uid} ({m.folder})", _message_detail(m, reason))
            for m in rows for reason in (_message_reason(m),)]


def _message_detail(message: InboundMessage, reason: Reason) -> str:
    if reason is Reason.UNREADABLE:
        return " | ".join(f"{s.attachment_name or '?'}: {p['text']}" for s in message.submissions
                          if s.status == "unreadable" for p in s.problems)
    if reason in _TEXT_SHOWN:
        return opening_lines(body_text(parse_message(message.raw))) if message.raw else ""
    return message.detail if reason in _DETAIL_SHOWN else ""


def _message_reason(message: InboundMessage) -> Reason:
    if message.collides_with_id is not None:
        return Reason.COLLISION
    if message.review_reason in _BY_REVIEW_REASON:
        return _BY_REVIEW_REASON[message.review_reason]
    if message.outcome != "quarantined" and any(s.status == "unreadable" for s in message.submissions):
        return Reason.UNREADABLE
    if message.outcome == "needs_review":
        return _NEEDS_REVIEW_BY_KIND.get(message.kind, Reason.NO_FORM)
    return _BY_OUTCOME[message.outcome]


def _replies(session: Session) -> list[ReviewItem]:
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.BOUNCED)), OutboxMessage.handled_at.is_(None)))
    return [ReviewItem(f"s{r.id}", Reason.REPLY_BOUNCED if r.status == OutboxStatus.BOUNCED else Reason.REPLY_FAILED,
                       r.created_at, r.campaign_key, ", ".join(r.recipients), r.subject,
                       r.last_error.removeprefix("bounced: ")) for r in rows]  # the reason says bounced; the server's words


def _form_problems(message: InboundMessage) -> tuple[str, ...]:
    return tuple(p["text"] for s in message.submissions for p in s.problems if s.role == "form")
