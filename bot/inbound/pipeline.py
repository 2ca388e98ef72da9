"""The pipeline: what happens to one message of ours, in one database transaction.

The order of the steps is this tuple; each step is a short function in bot/inbound/steps/.
A message beyond the MIME limits (parsers.mime.bounds) is not parsed, and any exception in any
step rolls the transaction back: both are quarantined (bot.inbound.quarantine), never raised.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError

from bot.db.tables import InboundMessage, MailboxActionState
from bot.errors import IntakeError, StorageError
from bot.faults import fault_point
from bot.inbound.context import MessageContext, Outcome, Services
from bot.inbound.quarantine import already_stored, failure, quarantine
from bot.inbound.record import clean_text, inbound_record, plausible_time
from bot.inbound.steps.check_sender_authenticity import check_sender_authenticity
from bot.inbound.steps.classify_message import classify_message
from bot.inbound.steps.decide_status import decide_status
from bot.inbound.steps.enqueue_replies import enqueue_replies
from bot.inbound.steps.find_form import find_form
from bot.inbound.steps.identify_organisation import identify_organisation
from bot.inbound.steps.register_affiliation import register_affiliation
from bot.inbound.steps.screen_sender import screen_sender
from bot.inbound.steps.skip_duplicate_content import skip_duplicate_content
from bot.inbound.steps.verify_sender import verify_sender
from bot.mail.imap import MailboxFolder
from parsers.mime.bounds import mime_fault
from parsers.mime.message import parse_message
from parsers.model import Campaign

log = logging.getLogger("intake.pipeline")


class Step(Protocol):
    """A step: None lets the next step run; an Outcome ends the message there (never an exception)."""

    __name__: str

    def __call__(self, ctx: MessageContext, services: Services) -> Outcome | None: ...


STEPS: tuple[Step, ...] = (
    skip_duplicate_content,  # the same content already came under another Message-ID
    check_sender_authenticity,  # DMARC fail (by our own mail system's verdict): review, no reply
    screen_sender,           # no readable sender, or one of our own addresses: staff look, no reply
    classify_message,        # only forms go on; bounces, thread replies, questions end here
    find_form,               # which .docx is the campaign's form; other files kept as supporting
    identify_organisation,   # roster: org number, then name, then sender domain; what the roster settles
    verify_sender,           # only the organisation commits it: sender in its domains, or vouched for
    decide_status,           # registered | needs_review | incomplete, from the problems found
    register_affiliation,    # new affiliation or version n+1; an identical form adds nothing
    enqueue_replies,         # confirmation or request to complete, into the outbox
)


def process_message(raw: bytes, campaign: Campaign, folder: MailboxFolder, uid: int, now: datetime,
                    services: Services, *, identity: tuple[str, str], received_at: datetime | None = None,
                    collides_with: InboundMessage | None = None) -> InboundMessage | None:
    """Run the steps for one message and commit its outcome; on any failure, roll back and
    commit a quarantine record instead. Returns the committed inbound_message row, or None
    when another process committed this very message first (a unique-key race: done)."""
    received = plausible_time(received_at) or now
    fault = mime_fault(raw)
    if fault:
        return quarantine(raw, campaign.key, folder, uid, received, services,
                          f"MIME structure beyond the limits: {fault}", identity=identity)
    session = services.session
    ctx: MessageContext | None = None
    try:
        with session.begin():
            ctx = _context(raw, campaign, folder, uid, now, received, identity, collides_with)
            session.add(ctx.record)
            session.flush()
            ctx.outcome = _run_steps(ctx, services)
            ctx.record.outcome = ctx.outcome.value
            ctx.record.detail = clean_text(ctx.detail)
            ctx.record.review_reason = ctx.review_reason
        log.info("outcome %s: %s", ctx.outcome.value, ctx.detail,
                 extra={"message_id": ctx.record.message_id, "step": "commit", "campaign": campaign.key})
        return ctx.record
    except (OperationalError, DisconnectionError) as exc:
        # The database, not the message, is at fault: stop the pass; the checkpoint has not
        # moved, so the next pass reads this message again.
        session.rollback()
        raise StorageError("database unavailable: {reason}", reason=str(exc)) from exc
    except IntegrityError as exc:
        session.rollback()
        if already_stored(session, identity):
            log.info("already stored by another process", extra={"message_id": identity[0], "step": "commit"})
            return None
        return quarantine(raw, campaign.key, folder, uid, received, services, failure("storing it failed", exc),
                          exc=exc, identity=identity)
    except Exception as exc:  # noqa: BLE001 - any bug in a step must quarantine, not stop the worker
        where = f"in step {ctx.step}" if ctx is not None else "reading the message"
        return quarantine(raw, campaign.key, folder, uid, received, services, failure(where, exc), exc=exc,
                          identity=identity)


def _run_steps(ctx: MessageContext, services: Services) -> Outcome:
    for step in STEPS:
        ctx.step = step.__name__
        fault_point("step", services.settings.fault_raise_at, ctx.record.raw[:64 * 1024])
        log.debug("step", extra={"message_id": ctx.record.message_id, "step": step.__name__,
                                 "campaign": ctx.campaign.key})
        outcome = step(ctx, services)
        if outcome is not None:
            return outcome
    raise IntakeError(f"pipeline ended without an outcome after {STEPS[-1].__name__}")


def _context(raw: bytes, campaign: Campaign, folder: MailboxFolder, uid: int, now: datetime, received_at: datetime,
             identity: tuple[str, str], collides_with: InboundMessage | None) -> MessageContext:
    message = parse_message(raw)
    record = inbound_record(raw, message, campaign.key, folder, uid, received_at, identity=identity, kind="",
                            outcome="", detail="", mailbox_action=MailboxActionState.PENDING)
    ctx = MessageContext(campaign=campaign, message=message, record=record, now=now)
    if collides_with is not None:
        record.collides_with_id = collides_with.id
        ctx.detail = f"Message-ID also used by an earlier message with other content (#{collides_with.id})"
        log.warning("Message-ID reused with other content (earlier #%s)", collides_with.id,
                    extra={"message_id": record.message_id, "step": "identity"})
    return ctx
