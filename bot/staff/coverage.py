"""How far a campaign has come: who on its roster has joined, per organisation type, and how
many organisations chose each goal. Shared by the digest and the .xlsx export.

An organisation has joined when its affiliation is registered. A roster entry is matched to
an affiliation by organisation number, else by the name the affiliation was registered under
(the roster's own name when the form was matched to the roster).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation, AffiliationVersion
from parsers.model import AffiliationStatus, Campaign, RosterEntry
from parsers.roster import org_number_digits
from replies.digest import Coverage, GoalCount


def coverage(session: Session, campaign: Campaign) -> tuple[Coverage, ...]:
    statuses = _statuses(session, campaign)
    types = list(dict.fromkeys(entry.type or "-" for entry in campaign.roster))
    return tuple(_coverage_of(kind, [e for e in campaign.roster if (e.type or "-") == kind], statuses)
                 for kind in types)


def goal_counts(session: Session, campaign: Campaign) -> tuple[GoalCount, ...]:
    forms = session.scalars(
        select(AffiliationVersion.form)
        .join(Affiliation, (AffiliationVersion.affiliation_id == Affiliation.id)
              & (AffiliationVersion.version == Affiliation.current_version))
        .where(Affiliation.campaign_key == campaign.key, Affiliation.status == AffiliationStatus.REGISTERED)).all()
    chosen = [set(form.get("goals", [])) for form in forms]
    return tuple(GoalCount(goal.number, goal.title, sum(goal.number in goals for goals in chosen))
                 for goal in campaign.goals)


def roster_type(campaign: Campaign, affiliation: Affiliation) -> str:
    """The roster's type for an affiliation ("Kommun"), or "" when it is not on the roster."""
    entry = next((e for e in campaign.roster if _matches(e, affiliation.org_key, affiliation.organisation)), None)
    return entry.type if entry is not None else ""


def _statuses(session: Session, campaign: Campaign) -> list[tuple[str, str, str]]:
    rows = session.execute(select(Affiliation.org_key, Affiliation.organisation, Affiliation.status)
                           .where(Affiliation.campaign_key == campaign.key)).all()
    return [tuple(row) for row in rows]


def _coverage_of(kind: str, entries: list[RosterEntry], statuses: list[tuple[str, str, str]]) -> Coverage:
    joined, missing, in_progress = 0, [], []
    for entry in entries:
        found = {status for org_key, organisation, status in statuses if _matches(entry, org_key, organisation)}
        if AffiliationStatus.REGISTERED in found:
            joined += 1
            continue
        missing.append(entry.organisation)
        if found & {AffiliationStatus.NEEDS_REVIEW, AffiliationStatus.INCOMPLETE}:
            in_progress.append(entry.organisation)
    return Coverage(kind, joined, len(entries), tuple(missing), tuple(in_progress))


def _matches(entry: RosterEntry, org_key: str, organisation: str) -> bool:
    digits = org_number_digits(entry.org_number)
    if len(digits) == 10 and org_key == f"org:{digits}":
        return True
    return organisation.strip().casefold() == entry.organisation.strip().casefold()
