"""register_affiliation: a new affiliation, or version n+1; an identical form adds nothing.
A placeholder an unreadable attempt made (version 0, bot.inbound.attempt) becomes version 1."""

from __future__ import annotations

from bot.db.tables import Affiliation, AffiliationVersion
from bot.inbound import org_keys
from bot.inbound.context import MessageContext, Outcome, Services
from bot.inbound.org_keys import find_affiliation, is_placeholder, sender_key
from bot.inbound.stored import changed_fields
from parsers.model import AffiliationStatus

def organisation_key(ctx: MessageContext) -> str:
    """What makes two forms the same organisation's: roster number, number, name, sender."""
    assert ctx.parsed is not None and ctx.parsed.form is not None
    return org_keys.organisation_key(ctx.roster_entry, ctx.parsed.form, ctx.record.from_address)


def register_affiliation(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.submission is not None and ctx.submission.form is not None
    session = services.session
    key = organisation_key(ctx)
    affiliation = _replacing_placeholder(ctx, services, key)
    organisation = ctx.roster_entry.organisation if ctx.roster_entry else ctx.submission.form["organisation"]
    if affiliation is not None and is_placeholder(affiliation):
        ctx.detail = "; ".join(filter(None, (ctx.detail, f"replaces the placeholder of an unreadable attempt "
                                                         f"(affiliation #{affiliation.id})")))
    elif affiliation is None:
        affiliation = Affiliation(campaign_key=ctx.campaign.key, org_key=key, organisation=organisation or key,
                                  current_version=0, status=ctx.status, created_at=ctx.now, updated_at=ctx.now)
        session.add(affiliation)
    else:
        current = affiliation.versions[-1]
        ctx.changes = changed_fields(current.form, ctx.submission.form)
        if not ctx.changes:
            ctx.submission.status = "duplicate"
            ctx.submission.affiliation_id = affiliation.id
            ctx.submission.version = current.version
            ctx.affiliation, ctx.version = affiliation, current.version
            ctx.detail = f"same form as version {current.version}"
            return Outcome.DUPLICATE_FORM
        if ctx.status is AffiliationStatus.INCOMPLETE and affiliation.status == AffiliationStatus.REGISTERED:
            # A broken update must not replace a good registration: ask for a corrected form.
            ctx.affiliation, ctx.version = affiliation, affiliation.current_version
            ctx.detail = "incomplete update; registered version kept"
            return None
    affiliation.current_version += 1
    affiliation.status = ctx.status
    affiliation.organisation = organisation or affiliation.organisation
    affiliation.updated_at = ctx.now
    session.add(AffiliationVersion(affiliation=affiliation, version=affiliation.current_version,
                                   submission=ctx.submission, status=ctx.status, form=ctx.submission.form,
                                   problems=ctx.submission.problems, created_at=ctx.now))
    session.flush()
    ctx.submission.affiliation_id = affiliation.id
    ctx.submission.version = affiliation.current_version
    ctx.affiliation, ctx.version = affiliation, affiliation.current_version
    return None


def _replacing_placeholder(ctx: MessageContext, services: Services, key: str) -> Affiliation | None:
    """The affiliation of ``key``. An unreadable attempt from the same sender that could name no
    organisation left a placeholder keyed by the address: this form takes it over (or, when the
    organisation already has an affiliation, the attempt is attached to that one)."""
    session = services.session
    found = find_affiliation(session, ctx.campaign.key, key)
    placeholder = find_affiliation(session, ctx.campaign.key, sender_key(ctx.record.from_address))
    if placeholder is None or placeholder is found or not is_placeholder(placeholder):
        return found
    if found is None:
        placeholder.org_key = key
        return placeholder
    for version in list(placeholder.versions):
        version.submission.affiliation_id, version.submission.version = found.id, None
        session.delete(version)
    session.flush()
    session.delete(placeholder)
    return found
