"""identify_organisation: the roster entry the form belongs to, by org number, then name,
then the sender's domain."""

from __future__ import annotations

from bot.inbound.context import MessageContext, Outcome, Services
from parsers.model import Severity, problem
from parsers.roster import match_organisation


def identify_organisation(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.parsed is not None and ctx.parsed.form is not None
    form = ctx.parsed.form
    found = match_organisation(ctx.campaign.roster, form.org_number, form.organisation, ctx.record.from_address)
    ctx.roster_entry = found.entry
    if found.entry is None and ctx.campaign.roster:
        ctx.problems.append(problem("unknown_organisation", Severity.STAFF, "organisation",
                                    organisation=form.organisation or "?"))
    return None
