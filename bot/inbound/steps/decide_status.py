"""decide_status: registered | needs_review | incomplete, from the problems found: a problem
is the sender's or the board's to fix by parsers.who_fixes.FIXED_BY (the severity it carries)."""

from __future__ import annotations

from bot.inbound.context import MessageContext, Outcome, Services
from bot.inbound.stored import problems_to_dicts
from parsers.model import AffiliationStatus, Severity


def decide_status(ctx: MessageContext, services: Services) -> Outcome | None:
    severities = {p.severity for p in ctx.problems}
    if ctx.suppress_replies or ctx.answer_only_within is not None:
        # The sender cannot be asked to fix anything (or may not speak for the organisation):
        # a person has to look first.
        ctx.status = AffiliationStatus.NEEDS_REVIEW
    elif Severity.SENDER in severities:
        ctx.status = AffiliationStatus.INCOMPLETE
    elif Severity.STAFF in severities:
        ctx.status = AffiliationStatus.NEEDS_REVIEW
    else:
        ctx.status = AffiliationStatus.REGISTERED
    assert ctx.submission is not None
    ctx.submission.status = ctx.status
    ctx.submission.problems = problems_to_dicts(ctx.problems, ctx.campaign.language)
    return None
