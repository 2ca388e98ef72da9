"""classify_message: automatic mail stops here; a question without a form is answered once."""

from __future__ import annotations

from bot.context import MessageContext, Outcome, Services
from bot.steps.replies import enqueue_no_attachment_reply
from parsers.classify import Kind, classify


def classify_message(ctx: MessageContext, services: Services) -> Outcome | None:
    ctx.classification = classify(ctx.message)
    ctx.record.kind = ctx.classification.kind.value
    ctx.detail = ctx.classification.reason
    match ctx.classification.kind:
        case Kind.FORM:
            return None
        case Kind.AUTOMATIC:
            return Outcome.AUTOMATIC
        case Kind.NO_ATTACHMENT:
            enqueue_no_attachment_reply(ctx, services)
            return Outcome.ANSWERED
        case Kind.OTHER_ATTACHMENT:
            # A PDF or scan of the form: a person has to look (and ask for the .docx).
            return Outcome.NEEDS_REVIEW
        case _:
            raise ValueError(f"unhandled message kind {ctx.classification.kind!r}")
