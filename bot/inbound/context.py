"""The state one message carries through the pipeline, and what the steps may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.app import App
from bot.db.tables import Affiliation, InboundMessage, Submission
from bot.settings import Settings
from parsers.model import AffiliationStatus, Campaign, ParsedForm, Problem, RosterEntry

if TYPE_CHECKING:
    from bot.inbound.sandbox import Sandbox
    from parsers.classify import Classification
    from parsers.mime.message import Attachment


class Outcome(StrEnum):
    """What became of a message of ours; stored on inbound_message.outcome."""

    REGISTERED = "registered"
    NEEDS_REVIEW = "needs_review"
    INCOMPLETE = "incomplete"
    DUPLICATE_FORM = "duplicate_form"        # same form content as the current version
    DUPLICATE_MESSAGE = "duplicate_message"  # same message content under another Message-ID
    AUTOMATIC = "automatic"                  # auto-reply, list mail, read receipt: nothing done
    BOUNCE = "bounce"                        # a reply of ours bounced: the outbox row is marked
    CORRESPONDENCE = "correspondence"        # a reply in a conversation (ours or staff's), for staff
    CALENDAR_REPLY = "calendar_reply"        # an accept/decline of a session invitation
    ANSWERED = "answered"                    # a question without a form, answered once
    QUARANTINED = "quarantined"              # processing failed; kept for staff, not retried


@dataclass
class Services:
    """What steps may use: the App built at start-up, this pass's database session, and its
    parse sandbox (one child process for the pass, started on first use; ``close()`` ends it)."""

    app: App
    session: Session
    _sandbox: Sandbox | None = field(default=None, init=False, repr=False)

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def sandbox(self) -> Sandbox:
        if self._sandbox is None:
            from bot.inbound.sandbox import Sandbox  # the form parser with it: only when a form is read

            self._sandbox = Sandbox()
        return self._sandbox

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()


@dataclass
class MessageContext:
    campaign: Campaign
    message: EmailMessage
    record: InboundMessage
    now: datetime
    classification: Classification | None = None
    form_attachment: Attachment | None = None
    parsed: ParsedForm | None = None
    supporting: list[Attachment] = field(default_factory=list)
    roster_entry: RosterEntry | None = None
    problems: list[Problem] = field(default_factory=list)
    status: AffiliationStatus | None = None
    submission: Submission | None = None
    affiliation: Affiliation | None = None
    version: int = 0
    changes: tuple[str, ...] = ()
    outcome: Outcome | None = None
    detail: str = ""
    suppress_replies: bool = False  # e.g. DMARC failed: the sender may not be who it says
    # The sender could not be shown to be the organisation (bot/inbound/steps/verify_sender.py):
    # the affiliation waits for staff, and answers go only to addresses in these domains.
    answer_only_within: tuple[str, ...] | None = None
    # Why staff must look at a message no form of which was registered (stored as
    # inbound_message.review_reason; bot/staff/queue.py words it): own_address | no_sender | dmarc_fail |
    # reply_withheld | calendar_unmatched (bot/calendar/rsvp.py)
    review_reason: str = ""
    step: str = ""                  # the step running now, named in a quarantine record
