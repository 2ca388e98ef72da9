"""classify_message: what arrived decides what happens. Forms go on to the form steps;
everything else ends here with its outcome (and at most one answer, where one helps)."""

from __future__ import annotations

from sqlalchemy import select

from bot.inbound.context import MessageContext, Outcome, Services
from bot.db.tables import OutboxMessage
from bot.inbound.steps.replies import enqueue_to_sender
from parsers.classify import Classification, Kind, classify
from parsers.mime.message import thread_ids
from replies.compose import ReplyKind


def classify_message(ctx: MessageContext, services: Services) -> Outcome | None:
    ctx.classification = classify(ctx.message, is_ours=lambda mid: _our_reply(services, mid) is not None)
    ctx.record.kind = ctx.classification.kind.value
    ctx.detail = "; ".join(filter(None, (ctx.detail, ctx.classification.reason)))
    return _HANDLERS[ctx.classification.kind](ctx, services, ctx.classification)


def _form(ctx: MessageContext, services: Services, found: Classification) -> Outcome | None:
    return None


def _automatic(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    return Outcome.AUTOMATIC


def _bounce(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    reply = _our_reply(services, found.bounced_message_id or "")
    if reply is not None:
        ctx.record.related_outbox_id = reply.id
        delivery = found.delivery
        # A "delayed" notice is news, not failure: the reply may still arrive.
        if delivery is None or delivery.action.lower() == "failed":
            reply.status = "bounced"
            reply.last_error = (f"bounced: {delivery.recipient} {delivery.status} {delivery.diagnostic}"
                                if delivery else f"bounced: {found.reason}")[:2000]
    return Outcome.BOUNCE


def _thread_reply(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    for mid in reversed(_thread(ctx)):
        reply = _our_reply(services, mid)
        if reply is not None:
            ctx.record.related_outbox_id = reply.id
            break
    return Outcome.CORRESPONDENCE


def _calendar_reply(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    # Recorded with who answered what, for the RSVP step (invitations are not sent yet).
    answer = found.calendar_reply
    if answer is not None:
        ctx.detail = f"calendar reply: {answer.attendee} {answer.partstat} (UID {answer.uid})"
    return Outcome.CALENDAR_REPLY


def _other_attachment(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    # The form as PDF, .doc, .odt or a scan: a person looks, and the sender is asked for the .docx.
    names = tuple(a.filename or a.content_type for a in found.attachments)
    enqueue_to_sender(ctx, services, ReplyKind.ASK_FOR_DOCX, received_files=names)
    return Outcome.NEEDS_REVIEW


def _no_attachment(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    if ctx.suppress_replies:
        return Outcome.NEEDS_REVIEW
    enqueue_to_sender(ctx, services, ReplyKind.NO_ATTACHMENT)
    return Outcome.ANSWERED


_HANDLERS = {
    Kind.FORM: _form,
    Kind.AUTOMATIC: _automatic,
    Kind.READ_RECEIPT: _automatic,
    Kind.BOUNCE: _bounce,
    Kind.THREAD_REPLY: _thread_reply,
    Kind.CALENDAR_REPLY: _calendar_reply,
    Kind.OTHER_ATTACHMENT: _other_attachment,
    Kind.NO_ATTACHMENT: _no_attachment,
}


def _our_reply(services: Services, message_id: str) -> OutboxMessage | None:
    if not message_id:
        return None
    return services.session.scalars(select(OutboxMessage).where(OutboxMessage.message_id == message_id)).first()


def _thread(ctx: MessageContext) -> tuple[str, ...]:
    return thread_ids(ctx.message)
