"""The pipeline: what happens to one message of ours, in one database transaction.

The order of the steps is this tuple; each step is a short function in bot/inbound/steps/.
"""

from __future__ import annotations

import logging
import traceback
from datetime import datetime
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy.exc import DisconnectionError, OperationalError

from bot.db.tables import InboundMessage, MailboxActionState
from bot.errors import IntakeError, StorageError
from bot.inbound.context import MessageContext, Outcome, Services
from bot.inbound.steps.check_sender_authenticity import check_sender_authenticity
from bot.inbound.steps.classify_message import classify_message
from bot.inbound.steps.decide_status import decide_status
from bot.inbound.steps.enqueue_replies import enqueue_replies
from bot.inbound.steps.find_form import find_form
from bot.inbound.steps.identify_organisation import identify_organisation
from bot.inbound.steps.register_affiliation import register_affiliation
from bot.inbound.steps.skip_duplicate_content import skip_duplicate_content
from bot.mail.imap import MailboxFolder
from parsers.mime.message import content_hash, header_text, message_id, parse_message, sender_address, sent_at
from parsers.model import Campaign

log = logging.getLogger("intake.pipeline")


class Step(Protocol):
    """A step: None lets the next step run; an Outcome ends the message there (never an exception)."""

    __name__: str

    def __call__(self, ctx: MessageContext, services: Services) -> Outcome | None: ...


STEPS: tuple[Step, ...] = (
    skip_duplicate_content,  # the same content already came under another Message-ID
    check_sender_authenticity,  # DMARC fail (by our own mail system's verdict): review, no reply
    classify_message,        # only forms go on; bounces, thread replies, questions end here
    find_form,               # which .docx is the campaign's form; other files kept as supporting
    identify_organisation,   # roster: org number, then name, then sender domain
    decide_status,           # registered | needs_review | incomplete, from the problems found
    register_affiliation,    # new affiliation or version n+1; an identical form adds nothing
    enqueue_replies,         # confirmation or request to complete, into the outbox
)


def identity_of(message: EmailMessage, raw: bytes) -> tuple[str, str]:
    """(Message-ID, content hash); a message without a Message-ID is named by its hash."""
    digest = content_hash(message, raw)
    return (message_id(message) or f"<sha256.{digest}@intake-bot.invalid>", digest)


def process_message(raw: bytes, message: EmailMessage, campaign: Campaign, folder: MailboxFolder, uid: int,
                    now: datetime, services: Services, received_at: datetime | None = None) -> InboundMessage:
    """Run the steps for one message and commit its outcome; on any failure, roll back and
    commit a quarantine record instead. Returns the committed inbound_message row."""
    session = services.session
    try:
        with session.begin():
            ctx = _context(raw, message, campaign, folder, uid, now, received_at or now)
            session.add(ctx.record)
            session.flush()
            ctx.outcome = _run_steps(ctx, services)
            ctx.record.outcome = ctx.outcome.value
            ctx.record.detail = ctx.detail[:2000]
        log.info("outcome %s: %s", ctx.outcome.value, ctx.detail,
                 extra={"message_id": ctx.record.message_id, "step": "commit"})
        return ctx.record
    except (OperationalError, DisconnectionError) as exc:
        # The database, not the message, is at fault: stop the pass; the checkpoint has not
        # moved, so the next pass reads this message again.
        session.rollback()
        raise StorageError("database unavailable: {reason}", reason=str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - any bug in a step must quarantine, not stop the worker
        return _quarantine(raw, campaign, folder, uid, received_at or now, services, exc)


def _run_steps(ctx: MessageContext, services: Services) -> Outcome:
    for step in STEPS:
        log.debug("step", extra={"message_id": ctx.record.message_id, "step": step.__name__})
        outcome = step(ctx, services)
        if outcome is not None:
            return outcome
    raise IntakeError(f"pipeline ended without an outcome after {STEPS[-1].__name__}")


def _context(raw: bytes, message: EmailMessage, campaign: Campaign, folder: MailboxFolder, uid: int,
             now: datetime, received_at: datetime) -> MessageContext:
    record = _inbound_record(raw, message, campaign, folder, uid, received_at, kind="", outcome="", detail="",
                             mailbox_action=MailboxActionState.PENDING)
    return MessageContext(campaign=campaign, message=message, record=record, now=now)


def _inbound_record(raw: bytes, message: EmailMessage, campaign: Campaign, folder: MailboxFolder, uid: int,
                    received_at: datetime, **state: str) -> InboundMessage:
    mid, digest = identity_of(message, raw)
    return InboundMessage(
        message_id=mid, content_hash=digest, account=folder.account, folder=folder.folder,
        uidvalidity=folder.uidvalidity, uid=uid,
        campaign_key=campaign.key, from_address=sender_address(message),
        subject=header_text(message, "Subject")[:2000], sent_at=sent_at(message), received_at=received_at,
        size=len(raw), raw=raw, **state)


def _quarantine(raw: bytes, campaign: Campaign, folder: MailboxFolder, uid: int, received_at: datetime,
                services: Services, exc: BaseException) -> InboundMessage:
    session = services.session
    session.rollback()
    summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    # Left as it is in the mailbox (mailbox_action skipped), so staff see an unhandled message there too.
    record = _inbound_record(raw, parse_message(raw), campaign, folder, uid, received_at, kind="unknown",
                             outcome=Outcome.QUARANTINED.value, detail=summary[:2000], mailbox_action=MailboxActionState.SKIPPED)
    log.error("quarantined: %s", summary, extra={"message_id": record.message_id, "step": "quarantine"},
              exc_info=exc)
    with session.begin():
        session.add(record)
    return record


def record_oversized(headers: bytes, size: int, campaign: Campaign, folder: MailboxFolder, uid: int,
                     now: datetime, services: Services, received_at: datetime | None = None) -> InboundMessage:
    """A message over the size limit is not fetched; its headers are kept so staff can find it
    in the mailbox, where it stays untouched."""
    limit = services.settings.imap.max_message_bytes
    stand_in = headers.rstrip(b"\r\n") + f"\r\n\r\n[not fetched: {size} bytes]\r\n".encode()
    return _quarantine(stand_in, campaign, folder, uid, received_at or now, services,
                       IntakeError(f"message is {size} bytes, over the limit of {limit} (imap.max_message_bytes)"))
