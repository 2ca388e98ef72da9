"""identify_organisation and decide_status."""

from __future__ import annotations

from bot.inbound.context import MessageContext, Outcome, Services
from bot.inbound.stored import problems_to_dicts
from parsers.model import Severity, problem
from parsers.roster import identify


def identify_organisation(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.parsed is not None and ctx.parsed.form is not None
    form = ctx.parsed.form
    found = identify(ctx.campaign.roster, form.org_number, form.organisation, ctx.record.from_address)
    ctx.roster_entry = found.entry
    if found.entry is None and ctx.campaign.roster:
        ctx.problems.append(problem("unknown_organisation", Severity.STAFF, "organisation",
                                    organisation=form.organisation or "?"))
    return None


def decide_status(ctx: MessageContext, services: Services) -> Outcome | None:
    severities = {p.severity for p in ctx.problems}
    if ctx.suppress_replies:
        # The sender cannot be asked to fix anything: a person has to look first.
        ctx.status = "needs_review"
    elif Severity.SENDER in severities:
        ctx.status = "incomplete"
    elif Severity.STAFF in severities:
        ctx.status = "needs_review"
    else:
        ctx.status = "registered"
    assert ctx.submission is not None
    ctx.submission.status = ctx.status
    ctx.submission.problems = problems_to_dicts(ctx.problems, ctx.campaign.language)
    return None
