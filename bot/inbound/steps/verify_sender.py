"""verify_sender: only the organisation can commit the organisation.

A form of an organisation in the roster is registered automatically only when the message
demonstrably comes from that organisation: the sender's address is in one of its roster
domains or a subdomain, or the board's own mail system vouches for one of them (a trusted
Authentication-Results header with dmarc=pass for header.from, or dkim=pass for header.d;
policy.authserv_id names that system). Otherwise the affiliation is needs_review with
``sender_not_verified``, and no automatic answer goes to any address outside the
organisation's domains: the confirmation that staff will look goes to the form's contact
when that address is the organisation's, to nobody otherwise.

An organisation the roster does not know is ``unknown_organisation`` (identify_organisation)
and waits for staff as before; a message whose replies are already suppressed (DMARC fail,
our own address, no sender) is left as it is.
"""

from __future__ import annotations

from bot.inbound.context import MessageContext, Outcome, Services
from parsers.authresults import vouched_domains
from parsers.model import Severity, problem
from parsers.roster import in_domains


def verify_sender(ctx: MessageContext, services: Services) -> Outcome | None:
    entry = ctx.roster_entry
    if entry is None or ctx.suppress_replies:
        return None
    sender = ctx.record.from_address
    if in_domains(sender, entry.domains):
        return None
    vouched = vouched_domains(ctx.message, services.settings.policy.authserv_id)
    if any(in_domains("@" + domain, entry.domains) for domain in vouched):
        return None
    ctx.answer_only_within = entry.domains
    ctx.problems.append(problem("sender_not_verified", Severity.STAFF, None, sender=sender,
                                organisation=entry.organisation))
    ctx.detail = "; ".join(filter(None, (
        ctx.detail, f"{sender} is not in {entry.organisation}'s domains ({', '.join(entry.domains) or 'none'}): "
                    "for staff, answers only within them")))
    return None
