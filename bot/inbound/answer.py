"""Answers to the message in hand, through the outbox.

Reply policy (RFC 3834): never to automatic mail (those stop before any answer); to the
form's contact and the sender, deduplicated; never to one of our own addresses
(parsers.senders.OwnMail, applied by bot.outbox.enqueue), so that no answer can start a loop; at most one answer per
recipient and reason within policy.reply_window_hours; nothing at all when
ctx.suppress_replies is set. The answer threads to the message (In-Reply-To, References) with
at most MAX_REFERENCES of its thread's Message-IDs, each at most MAX_ID_CHARS long.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from bot.inbound.context import MessageContext, Services
from bot.outbox.enqueue import OutboxItem, enqueue, valid_recipients
from parsers.mime.message import thread_ids
from parsers.model import AffiliationStatus, InfoSession
from replies.message import Addressing
from replies.reply import Reply, ReplyKind, compose_reply, reply_to_for


def answer(ctx: MessageContext, services: Services, kind: ReplyKind, to: tuple[str, ...], dedupe_key: str,
           reason: str, received_files: tuple[str, ...] = (), invited: tuple[InfoSession, ...] = ()) -> None:
    """Queue a reply of ``kind`` to the message in hand, unless replies are suppressed."""
    if ctx.suppress_replies:
        return
    app = services.app
    window = timedelta(hours=app.settings.policy.reply_window_hours)

    def compose(recipients: tuple[str, ...], message_id: str):
        reply = _reply(ctx, services, kind, recipients, message_id, received_files)
        return compose_reply(dataclasses.replace(reply, invited=invited), app.templates)

    item = OutboxItem(dedupe_key=dedupe_key, reason=reason, kind=kind.value, campaign=ctx.campaign,
                      recipients=to, compose=compose, inbound=ctx.record, submission=ctx.submission)
    done = enqueue(services.session, item, ctx.now, own=app.own_mail,
                   message_id_domain=app.settings.worker.message_id_domain, reply_window=window)
    if done.own:
        ctx.detail = "; ".join(filter(None, (ctx.detail, f"no answer to our own address {', '.join(done.own)}")))
    if done.withheld:
        ctx.detail += f"; already answered within {app.settings.policy.reply_window_hours} h for {reason}"
        if not done.queued:  # nobody got this answer: a person must read the message (intake review)
            ctx.review_reason = ctx.review_reason or "reply_withheld"


def answer_sender(ctx: MessageContext, services: Services, kind: ReplyKind,
                  received_files: tuple[str, ...] = ()) -> None:
    """A reply that concerns the message, not a form: to its sender, once per reason."""
    services.session.flush()  # the inbound row's id names the reply
    answer(ctx, services, kind, valid_recipients(ctx.record.from_address), f"{kind.value}:{ctx.record.id}",
           f"{kind.value}:{ctx.campaign.key}", received_files)


def _reply(ctx: MessageContext, services: Services, kind: ReplyKind, to: tuple[str, ...], message_id: str,
           received_files: tuple[str, ...]) -> Reply:
    campaign = ctx.campaign
    addressing = Addressing(
        campaign=campaign, to=to, message_id=message_id, now=ctx.now, language=campaign.language,
        reply_to=reply_to_for(kind, campaign), in_reply_to=ctx.record.message_id,
        references=_references(ctx))
    return Reply(
        kind=kind, addressing=addressing, original_subject=ctx.record.subject,
        form=ctx.parsed.form if ctx.parsed else None, status=ctx.status or AffiliationStatus.REGISTERED,
        problems=tuple(ctx.problems), version=max(ctx.version, 1), changes=ctx.changes,
        blank_form=services.app.blank_forms.get(campaign.key), received_files=received_files)


MAX_REFERENCES = 20
MAX_ID_CHARS = 250


def _references(ctx: MessageContext) -> tuple[str, ...]:
    """The thread so far and the message itself, most recent last, as a reply's References."""
    found = [mid for mid in thread_ids(ctx.message) if len(mid) <= MAX_ID_CHARS][-MAX_REFERENCES:]
    return tuple(dict.fromkeys((*found, ctx.record.message_id)))
