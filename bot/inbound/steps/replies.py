"""enqueue_replies: outbox rows composed in full, their Message-ID fixed when written.

Reply policy (RFC 3834): never to automatic mail (those stop before this step); to the
form's contact and the sender, deduplicated; at most one reply per recipient and reason
within policy.reply_window_hours; nothing at all when ctx.suppress_replies is set.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from email import policy

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from bot.inbound.context import MessageContext, Outcome, Services
from bot.db.tables import OutboxMessage
from bot.inbound.steps.register import outcome_of
from parsers.mime.message import thread_ids
from replies.compose import Reply, ReplyKind, compose

_SMTP_POLICY = policy.SMTP.clone(max_line_length=998)


def enqueue_replies(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.submission is not None and ctx.parsed is not None
    form = ctx.parsed.form
    to = recipients(form.contact.email if form else "", ctx.record.from_address)
    services.session.flush()  # the submission id names the reply
    if ctx.status == "incomplete":
        codes = ",".join(sorted({p.code + ":" + (p.field or "") for p in ctx.problems}))
        reason = f"incomplete:{ctx.campaign.key}:{ctx.submission.attachment_sha256[:16]}:{_digest(codes)}"
        enqueue(ctx, services, ReplyKind.INCOMPLETE, to, f"incomplete:{ctx.submission.id}", reason)
    else:
        reason = f"confirmation:{ctx.campaign.key}:{ctx.affiliation.id if ctx.affiliation else 0}:v{ctx.version}"
        enqueue(ctx, services, ReplyKind.CONFIRMATION, to, f"confirm:{ctx.submission.id}", reason)
    return outcome_of(ctx)


def enqueue_to_sender(ctx: MessageContext, services: Services, kind: ReplyKind,
                      received_files: tuple[str, ...] = ()) -> None:
    """A reply that concerns the message, not a form: to its sender, once per reason."""
    services.session.flush()
    enqueue(ctx, services, kind, recipients(ctx.record.from_address), f"{kind.value}:{ctx.record.id}",
            f"{kind.value}:{ctx.campaign.key}", received_files)


def enqueue(ctx: MessageContext, services: Services, kind: ReplyKind, to: tuple[str, ...],
            dedupe_key: str, reason: str, received_files: tuple[str, ...] = ()) -> None:
    session = services.session
    if ctx.suppress_replies or session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)).first():
        return
    to = _not_recently_answered(ctx, services, to, reason)
    if not to:
        return
    message_id = _new_message_id(kind, ctx, services)
    form = ctx.parsed.form if ctx.parsed else None
    reply = Reply(
        kind=kind, campaign=ctx.campaign, to=to, message_id=message_id,
        in_reply_to=ctx.record.message_id, references=_references(ctx), original_subject=ctx.record.subject,
        now=ctx.now, language=ctx.campaign.language, form=form, status=ctx.status or "registered",
        problems=tuple(ctx.problems), version=max(ctx.version, 1), changes=ctx.changes,
        blank_form=services.blank_forms.get(ctx.campaign.key), received_files=received_files)
    message = compose(reply, services.templates)
    session.add(OutboxMessage(
        dedupe_key=dedupe_key, message_id=message_id, kind=kind.value, reason=reason, campaign_key=ctx.campaign.key,
        inbound_message=ctx.record, submission=ctx.submission, sender=ctx.campaign.reply_from,
        recipients=list(to), subject=str(message["Subject"]), raw=message.as_bytes(policy=_SMTP_POLICY),
        status="pending", attempts=0, next_attempt_at=ctx.now - timedelta(seconds=1), created_at=ctx.now))


def _not_recently_answered(ctx: MessageContext, services: Services, to: tuple[str, ...],
                           reason: str) -> tuple[str, ...]:
    since = ctx.now - timedelta(hours=services.settings.policy.reply_window_hours)
    recent = services.session.scalars(select(OutboxMessage.recipients).where(
        OutboxMessage.reason == reason, OutboxMessage.created_at > since)).all()
    answered = {address.lower() for row in recent for address in row}
    kept = tuple(a for a in to if a.lower() not in answered)
    if len(kept) < len(to):
        ctx.detail += f"; already answered within {services.settings.policy.reply_window_hours} h for {reason}"
    return kept


def recipients(*candidates: str) -> tuple[str, ...]:
    """Valid addresses among ``candidates``, deduplicated case-insensitively, order kept."""
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


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _new_message_id(kind: ReplyKind, ctx: MessageContext, services: Services) -> str:
    domain = services.settings.worker.message_id_domain or ctx.campaign.reply_from.rsplit("@", 1)[-1]
    return f"<intake.{kind.value}.{uuid.uuid4().hex}@{domain}>"
