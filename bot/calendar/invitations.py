"""Who is invited to which information session, decided once per registered form version.

    first registered version   the sessions it ticked that have not started; when none of
                               those is still to come, every session that has not started
                               (accepting is how one signs up)                  why = ticked | upcoming
    a later version            only the sessions newly ticked since the last decided version
    a session added later      every registered contact with no accepted or ticked session
                               still to come                                    why = added

Never a session that has started. One invitation per session and address; the message goes
through the outbox (bot/calendar/outgoing.py).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.calendar.outgoing import send_invitation
from bot.db.tables import (Affiliation, AffiliationVersion, Answer, InfoSessionRow, InvitationRow, InvitationDecision,
                           SessionState)
from bot.outbox.enqueue import valid_recipients
from parsers.model import AffiliationStatus, Campaign, InfoSession
from replies.invitation import InvitationKind


class Why(StrEnum):
    """invitation.why"""

    TICKED = "ticked"      # ticked in the form
    UPCOMING = "upcoming"  # nothing ticked was still to come: every session that had not started
    ADDED = "added"        # the session was added to the campaign file after the registration


def upcoming_rows(db: Session, campaign: Campaign, now: datetime) -> list[InfoSessionRow]:
    return list(db.scalars(select(InfoSessionRow).where(
        InfoSessionRow.campaign_key == campaign.key, InfoSessionRow.state == SessionState.ACTIVE,
        InfoSessionRow.starts_at > now).order_by(InfoSessionRow.starts_at)))


def invite_affiliation(db: Session, campaign: Campaign, affiliation: Affiliation,
                       now: datetime) -> list[InvitationRow]:
    """Decide the invitations of ``affiliation``'s current version, if registered and not decided
    yet; returns the new invitations, for ``send_invitations`` (after the confirmation)."""
    if affiliation.status != AffiliationStatus.REGISTERED or not affiliation.versions:
        return []
    version = affiliation.versions[-1]
    if _decision(db, affiliation.id, version.version) is not None:
        return []
    ticked = set(version.form.get("sessions") or ())
    rows = upcoming_rows(db, campaign, now)
    earlier = _latest_decision(db, affiliation.id)
    if earlier is not None:
        newly = ticked - set(_form_sessions(db, affiliation.id, earlier.version))
        chosen, why = [r for r in rows if r.session_key in newly], Why.TICKED
    else:
        chosen = [r for r in rows if r.session_key in ticked]
        chosen, why = (chosen, Why.TICKED) if chosen else (rows, Why.UPCOMING)
    db.add(InvitationDecision(affiliation_id=affiliation.id, version=version.version,
                              sessions=[r.session_key for r in chosen], decided_at=now))
    contact = contact_of(version)
    new = [invite(db, row, affiliation.id, contact, why, now) for row in chosen] if contact else []
    return [invitation for invitation in new if invitation is not None]


def send_invitations(db: Session, app: App, campaign: Campaign, invitations: list[InvitationRow],
                     now: datetime) -> int:
    return sum(send_invitation(db, app, campaign, i, InvitationKind.INVITATION, now) for i in invitations)


def decide_pending(db: Session, app: App, campaign: Campaign, now: datetime) -> int:
    """Registered affiliations whose current version has no decision yet (e.g. approved by staff
    after a review, or registered before this feature): decided now. Returns how many."""
    decided = select(InvitationDecision.id).where(InvitationDecision.affiliation_id == Affiliation.id,
                                                  InvitationDecision.version == Affiliation.current_version)
    pending = db.scalars(select(Affiliation).where(
        Affiliation.campaign_key == campaign.key, Affiliation.status == AffiliationStatus.REGISTERED,
        ~decided.exists()).order_by(Affiliation.id)).all()
    for affiliation in pending:
        send_invitations(db, app, campaign, invite_affiliation(db, campaign, affiliation, now), now)
    return len(pending)


def invite_to_added(db: Session, app: App, campaign: Campaign, row: InfoSessionRow, now: datetime) -> int:
    """``row`` was added to the campaign file: invite every registered contact (already decided
    once) with no accepted or ticked session still to come. Returns how many were invited."""
    if row.starts_at <= now:
        return 0
    others = {r.session_key: r for r in upcoming_rows(db, campaign, now) if r.id != row.id}
    count = 0
    for affiliation in _decided_registered(db, campaign):
        version = affiliation.versions[-1]
        ticked = set(version.form.get("sessions") or ()) & others.keys()
        contact = contact_of(version)
        invitation = None
        if contact and not ticked and not _accepted_any(db, affiliation.id, others.values()):
            invitation = invite(db, row, affiliation.id, contact, Why.ADDED, now)
        count += send_invitations(db, app, campaign, [invitation] if invitation else [], now)
    return count


def invite(db: Session, row: InfoSessionRow, affiliation_id: int | None, contact: tuple[str, str], why: Why,
           now: datetime) -> InvitationRow | None:
    """One invitation of ``contact`` (email, name) to ``row``, unless that address has one;
    the message is queued by ``send_invitations``."""
    email, name = contact
    if db.scalars(select(InvitationRow.id).where(InvitationRow.session_id == row.id, InvitationRow.email == email)).first():
        return None
    invitation = InvitationRow(session=row, affiliation_id=affiliation_id, email=email, name=name, why=why,
                            sequence=row.sequence, invited_at=now, answer=Answer.NONE)
    db.add(invitation)
    db.flush()
    return invitation


def invited_sessions(db: Session, campaign: Campaign, email: str, now: datetime) -> tuple[InfoSession, ...]:
    """The sessions still to come that ``email`` is invited to, as the campaign file has them."""
    keys = db.scalars(select(InfoSessionRow.session_key).join(InvitationRow).where(
        InfoSessionRow.campaign_key == campaign.key, InfoSessionRow.state == SessionState.ACTIVE,
        InfoSessionRow.starts_at > now, InvitationRow.email == email.lower())).all()
    return tuple(s for s in campaign.sessions if s.id in set(keys))


def contact_of(version: AffiliationVersion) -> tuple[str, str] | None:
    """(email, name) of the form's contact; the sender's address when the form has none."""
    contact = version.form.get("contact") or {}
    sender = version.submission.inbound_message.from_address if version.submission else ""
    found = valid_recipients(contact.get("email") or "") or valid_recipients(sender)
    return (found[0].lower(), (contact.get("name") or "").strip()) if found else None


def _decision(db: Session, affiliation_id: int, version: int) -> InvitationDecision | None:
    return db.scalars(select(InvitationDecision).where(InvitationDecision.affiliation_id == affiliation_id,
                                                       InvitationDecision.version == version)).first()


def _latest_decision(db: Session, affiliation_id: int) -> InvitationDecision | None:
    return db.scalars(select(InvitationDecision).where(InvitationDecision.affiliation_id == affiliation_id)
                      .order_by(InvitationDecision.version.desc())).first()


def _form_sessions(db: Session, affiliation_id: int, version: int) -> list[str]:
    form = db.scalar(select(AffiliationVersion.form).where(AffiliationVersion.affiliation_id == affiliation_id,
                                                           AffiliationVersion.version == version))
    return list((form or {}).get("sessions") or ())


def _decided_registered(db: Session, campaign: Campaign) -> list[Affiliation]:
    decided = select(InvitationDecision.id).where(InvitationDecision.affiliation_id == Affiliation.id)
    return list(db.scalars(select(Affiliation).where(
        Affiliation.campaign_key == campaign.key, Affiliation.status == AffiliationStatus.REGISTERED,
        decided.exists()).order_by(Affiliation.id)))


def _accepted_any(db: Session, affiliation_id: int, rows) -> bool:
    ids = [r.id for r in rows]
    return bool(ids) and db.scalars(select(InvitationRow.id).where(
        InvitationRow.affiliation_id == affiliation_id, InvitationRow.session_id.in_(ids),
        InvitationRow.answer == Answer.ACCEPTED)).first() is not None
