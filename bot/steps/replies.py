"""enqueue_replies: outbox rows composed in full, their Message-ID fixed when written."""

from __future__ import annotations

import uuid
from datetime import timedelta
from email import policy

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from bot.context import MessageContext, Outcome, Services
from bot.models import OutboxMessage
from bot.steps.register import outcome_of
from parsers.mime import thread_ids
from replies.compose import Reply, ReplyKind, compose

_SMTP_POLICY = policy.SMTP.clone(max_line_length=998)


def enqueue_replies(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.submission is not None and ctx.parsed is not None
    kind = ReplyKind.INCOMPLETE if ctx.status == "incomplete" else ReplyKind.CONFIRMATION
    recipients = _recipients(ctx.parsed.form.contact.email if ctx.parsed.form else "", ctx.record.from_address)
    services.session.flush()  # the submission id names the reply
    dedupe_key = f"{'confirm' if kind is ReplyKind.CONFIRMATION else 'incomplete'}:{ctx.submission.id}"
    _enqueue(ctx, services, kind, recipients, dedupe_key)
    return outcome_of(ctx)


def enqueue_no_attachment_reply(ctx: MessageContext, services: Services) -> None:
    """One answer per sender, campaign and day: the day is in the dedupe key."""
    recipients = _recipients("", ctx.record.from_address)
    day = ctx.now.date().isoformat()
    _enqueue(ctx, services, ReplyKind.NO_ATTACHMENT, recipients,
             f"no_attachment:{ctx.campaign.key}:{ctx.record.from_address}:{day}")


def _enqueue(ctx: MessageContext, services: Services, kind: ReplyKind, recipients: tuple[str, ...],
             dedupe_key: str) -> None:
    session = services.session
    if not recipients or session.scalars(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)).first():
        return
    message_id = _new_message_id(kind, ctx, services)
    form = ctx.parsed.form if ctx.parsed else None
    reply = Reply(
        kind=kind, campaign=ctx.campaign, to=recipients, message_id=message_id,
        in_reply_to=ctx.record.message_id, references=_references(ctx), original_subject=ctx.record.subject,
        now=ctx.now, language=ctx.campaign.language, form=form, status=ctx.status or "registered",
        problems=tuple(ctx.problems), version=max(ctx.version, 1), changes=ctx.changes,
        blank_form=services.blank_forms.get(ctx.campaign.key) if kind is ReplyKind.NO_ATTACHMENT else None)
    message = compose(reply, services.templates)
    session.add(OutboxMessage(
        dedupe_key=dedupe_key, message_id=message_id, kind=kind.value, campaign_key=ctx.campaign.key,
        inbound_message=ctx.record, submission=ctx.submission, sender=ctx.campaign.reply_from,
        recipients=list(recipients), subject=str(message["Subject"]), raw=message.as_bytes(policy=_SMTP_POLICY),
        status="pending", attempts=0, next_attempt_at=ctx.now - timedelta(seconds=1), created_at=ctx.now))


def _recipients(*candidates: str) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for candidate in candidates:
        try:
            address = validate_email(candidate, check_deliverability=False, allow_smtputf8=False).normalized
        except EmailNotValidError:
            continue
        found.setdefault(address.lower(), address)
    return tuple(found.values())


def _references(ctx: MessageContext) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*thread_ids(ctx.message), ctx.record.message_id)))


def _new_message_id(kind: ReplyKind, ctx: MessageContext, services: Services) -> str:
    domain = services.settings.worker.message_id_domain or ctx.campaign.reply_from.rsplit("@", 1)[-1]
    return f"<intake.{kind.value}.{uuid.uuid4().hex}@{domain}>"
