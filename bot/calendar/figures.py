"""The figures of each session: invited, accepted, tentative, declined, no answer; and who.

Read-only, plain data: `intake sessions` prints them, and the staff digest can call
``session_figures`` for its "upcoming sessions" section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation, Answer, InfoSessionRow, InvitationRow, SessionState
from parsers.model import LOCAL_ZONE, Campaign


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str
    organisation: str
    answer: str              # Answer value
    answered_at: datetime | None
    why: str                 # ticked | upcoming | added


@dataclass(frozen=True)
class SessionFigures:
    campaign_key: str
    session_key: str
    title: str
    starts_at: datetime      # in the board's local time
    ends_at: datetime
    state: str               # SessionState value
    sequence: int
    invited: int
    accepted: int
    tentative: int
    declined: int
    no_answer: int
    invitees: tuple[Invitee, ...]


def session_figures(db: Session, campaign: Campaign, now: datetime, *, include_past: bool = False,
                    session_key: str | None = None) -> list[SessionFigures]:
    """Per session of ``campaign`` still to come at ``now`` (every stored one with
    ``include_past``, cancelled ones too), in order of start."""
    query = select(InfoSessionRow).where(InfoSessionRow.campaign_key == campaign.key)
    if not include_past:
        query = query.where(InfoSessionRow.state == SessionState.ACTIVE, InfoSessionRow.starts_at > now)
    if session_key is not None:
        query = query.where(InfoSessionRow.session_key == session_key)
    rows = db.scalars(query.order_by(InfoSessionRow.starts_at, InfoSessionRow.session_key)).all()
    return [_figures(db, row) for row in rows]


def _figures(db: Session, row: InfoSessionRow) -> SessionFigures:
    people = db.execute(select(InvitationRow, Affiliation.organisation).outerjoin(
        Affiliation, Affiliation.id == InvitationRow.affiliation_id).where(InvitationRow.session_id == row.id)
        .order_by(Affiliation.organisation, InvitationRow.email)).all()
    invitees = tuple(Invitee(i.email, i.name, organisation or "", i.answer, i.answered_at, i.why)
                     for i, organisation in people)
    count = {answer: sum(1 for i in invitees if i.answer == answer) for answer in Answer}
    return SessionFigures(
        campaign_key=row.campaign_key, session_key=row.session_key, title=row.title,
        starts_at=row.starts_at.astimezone(LOCAL_ZONE), ends_at=row.ends_at.astimezone(LOCAL_ZONE),
        state=row.state, sequence=row.sequence, invited=len(invitees), accepted=count[Answer.ACCEPTED],
        tentative=count[Answer.TENTATIVE], declined=count[Answer.DECLINED],
        no_answer=count[Answer.NONE] + count[Answer.DELEGATED], invitees=invitees)
