"""enqueue_replies: the confirmation, or the request to complete, into the outbox; for a
registered form also the invitations to its information sessions (bot/calendar), which the
confirmation then lists. A sender who could not be verified (verify_sender) is not answered;
the form's contact is, when that address is in the organisation's domains."""

from __future__ import annotations

import hashlib

from bot.calendar.changes import invite_registered
from bot.calendar.invitations import send_invitations
from bot.inbound.answer import answer
from bot.inbound.context import MessageContext, Outcome, Services
from bot.outbox.enqueue import valid_recipients
from parsers.model import AffiliationStatus
from parsers.roster import in_domains
from replies.reply import ReplyKind

_OUTCOME_BY_STATUS = {AffiliationStatus.REGISTERED: Outcome.REGISTERED,
                      AffiliationStatus.NEEDS_REVIEW: Outcome.NEEDS_REVIEW,
                      AffiliationStatus.INCOMPLETE: Outcome.INCOMPLETE}


def enqueue_replies(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.submission is not None and ctx.parsed is not None and ctx.status is not None
    form = ctx.parsed.form
    to = valid_recipients(form.contact.email if form else "", ctx.record.from_address)
    if ctx.answer_only_within is not None:
        # An unverified sender: only the organisation's own addresses hear from us.
        outside = tuple(a for a in to if not in_domains(a, ctx.answer_only_within))
        to = tuple(a for a in to if a not in outside)
        ctx.detail = "; ".join(filter(None, (ctx.detail, f"no answer to {', '.join(outside)}" if outside else "")))
        if not to:
            return _OUTCOME_BY_STATUS[ctx.status]
    services.session.flush()  # the submission id names the reply
    if ctx.status is AffiliationStatus.INCOMPLETE:
        codes = ",".join(sorted({p.code + ":" + (p.field or "") for p in ctx.problems}))
        reason = f"incomplete:{ctx.campaign.key}:{ctx.submission.attachment_sha256[:16]}:{_digest(codes)}"
        answer(ctx, services, ReplyKind.INCOMPLETE, to, f"incomplete:{ctx.submission.id}", reason)
    else:
        reason = f"confirmation:{ctx.campaign.key}:{ctx.affiliation.id if ctx.affiliation else 0}:v{ctx.version}"
        invited, new = (), []
        if ctx.status is AffiliationStatus.REGISTERED and ctx.affiliation is not None and not ctx.suppress_replies:
            invited, new = invite_registered(services.session, services.app, ctx.campaign, ctx.affiliation, ctx.now)
        answer(ctx, services, ReplyKind.CONFIRMATION, to, f"confirm:{ctx.submission.id}", reason, invited=invited)
        send_invitations(services.session, services.app, ctx.campaign, new, ctx.now)
    return _OUTCOME_BY_STATUS[ctx.status]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
