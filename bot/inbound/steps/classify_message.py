"""classify_message: what arrived decides what happens. Forms go on to the form steps;
everything else ends here with its outcome (and at most one answer, where one helps).

The table names one handler per kind; handlers that belong to a capability live with it
(a bounce marks our outbox row, a calendar reply is recorded against its invitation).
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import select

from bot.calendar.rsvp import record_reply
from bot.db.tables import OutboxMessage
from bot.inbound.answer import answer_sender
from bot.inbound.attempt import attempt_submission, format_problems, record_attempt
from bot.inbound.context import MessageContext, Outcome, Services
from bot.outbox.send import mark_bounced
from parsers.classify import Classification, Kind, classify
from parsers.mime.message import thread_ids
from replies.reply import ReplyKind

Handler = Callable[[MessageContext, Services, Classification], "Outcome | None"]


def classify_message(ctx: MessageContext, services: Services) -> Outcome | None:
    ctx.classification = classify(ctx.message, is_ours=lambda mid: our_message(services, mid) is not None,
                                  own=services.app.own_mail)
    ctx.record.kind = ctx.classification.kind.value
    ctx.detail = "; ".join(filter(None, (ctx.detail, ctx.classification.reason)))
    return HANDLERS[ctx.classification.kind](ctx, services, ctx.classification)


def _form(ctx: MessageContext, services: Services, found: Classification) -> Outcome | None:
    return None


def _automatic(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    return Outcome.AUTOMATIC


def _bounce(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    reply = our_message(services, found.bounced_message_id or "")
    if reply is not None:
        ctx.record.related_outbox_id = reply.id
        mark_bounced(reply, found.delivery, found.reason)
    return Outcome.BOUNCE


def _thread_reply(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    for mid in reversed(thread_ids(ctx.message)):
        reply = our_message(services, mid)
        if reply is not None:
            ctx.record.related_outbox_id = reply.id
            break
    return Outcome.CORRESPONDENCE


def _calendar_reply(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    record_reply(ctx, services, found.calendar_reply)
    return Outcome.CALENDAR_REPLY


def _other_attachment(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    # The form as PDF, .doc, .odt or a scan: an attempt to join (bot.inbound.attempt) that a
    # person looks at, and the sender is asked for the .docx.
    problems = format_problems(found.attachments)
    record_attempt(ctx, services, attempt_submission(ctx, services, found.attachments[0], problems), problems)
    names = tuple(a.filename or a.content_type for a in found.attachments)
    answer_sender(ctx, services, ReplyKind.ASK_FOR_DOCX, received_files=names)
    return Outcome.NEEDS_REVIEW


def _no_attachment(ctx: MessageContext, services: Services, found: Classification) -> Outcome:
    if ctx.suppress_replies:
        return Outcome.NEEDS_REVIEW
    answer_sender(ctx, services, ReplyKind.NO_ATTACHMENT)
    return Outcome.ANSWERED


HANDLERS: dict[Kind, Handler] = {
    Kind.FORM: _form,                          # on to find_form
    Kind.AUTOMATIC: _automatic,                # auto-replies, lists, robots: nothing done
    Kind.READ_RECEIPT: _automatic,
    Kind.BOUNCE: _bounce,                      # our outbox row marked bounced (bot.outbox.send)
    Kind.THREAD_REPLY: _thread_reply,          # correspondence for staff, never answered
    Kind.CALENDAR_REPLY: _calendar_reply,      # recorded against its invitation (bot.calendar.rsvp)
    Kind.OTHER_ATTACHMENT: _other_attachment,  # the form in another format: ask for the .docx
    Kind.NO_ATTACHMENT: _no_attachment,        # a question: answered once with the blank form
}


def our_message(services: Services, message_id: str) -> OutboxMessage | None:
    """The outbox row of a message we sent, by its Message-ID."""
    if not message_id:
        return None
    return services.session.scalars(select(OutboxMessage).where(OutboxMessage.message_id == message_id)).first()
