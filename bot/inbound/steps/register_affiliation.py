"""register_affiliation: a new affiliation, or version n+1; an identical form adds nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.inbound.context import MessageContext, Outcome, Services
from bot.db.tables import Affiliation, AffiliationVersion
from bot.inbound.stored import changed_fields
from parsers.model import AffiliationStatus
from parsers.roster import normalised_name, org_number_digits

def organisation_key(ctx: MessageContext) -> str:
    """What makes two forms the same organisation's: roster number, number, name, sender."""
    assert ctx.parsed is not None and ctx.parsed.form is not None
    form = ctx.parsed.form
    if ctx.roster_entry is not None and len(org_number_digits(ctx.roster_entry.org_number)) == 10:
        return "org:" + org_number_digits(ctx.roster_entry.org_number)
    if len(org_number_digits(form.org_number)) == 10:
        return "org:" + org_number_digits(form.org_number)
    if normalised_name(form.organisation):
        return "name:" + normalised_name(form.organisation)
    return "sender:" + ctx.record.from_address


def register_affiliation(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.submission is not None and ctx.submission.form is not None
    session = services.session
    key = organisation_key(ctx)
    affiliation = session.scalars(select(Affiliation).where(
        Affiliation.campaign_key == ctx.campaign.key, Affiliation.org_key == key)).first()
    organisation = ctx.roster_entry.organisation if ctx.roster_entry else ctx.submission.form["organisation"]
    if affiliation is None:
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
