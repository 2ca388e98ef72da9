"""identify_organisation: the roster entry the form belongs to, by org number, then name,
then the sender's domain. What the roster then settles (a wrong org number, a name written
another way) is for staff, not asked of the sender (parsers.roster_doubts)."""

from __future__ import annotations

from bot.inbound.context import MessageContext, Outcome, Services
from parsers.model import Severity, problem
from parsers.roster import match_organisation
from parsers.roster_doubts import against_roster


def identify_organisation(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.parsed is not None and ctx.parsed.form is not None
    form = ctx.parsed.form
    found = match_organisation(ctx.campaign.roster, form.org_number, form.organisation, ctx.record.from_address)
    ctx.roster_entry = found.entry
    if found.entry is None and ctx.campaign.roster:
        ctx.problems.append(problem("unknown_organisation", Severity.STAFF, "organisation",
                                    organisation=form.organisation or "?"))
    ctx.problems[:] = against_roster(found, form, ctx.problems)
    return None
