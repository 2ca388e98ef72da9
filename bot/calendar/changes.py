"""Sessions changed in the campaign file, against what was last sent (the info_session rows).

A session is its id. Edited in place (times, title, link), its invitees get an update with
the same UID and SEQUENCE + 1; removed before it started, a CANCEL (SEQUENCE + 1, STATUS
CANCELLED); added, the contacts bot/calendar/invitations.py names get an invitation. A session
that has started gets no message: removed then, it is only marked removed. Each message is
exactly once, by its dedupe key; sessions that did not change get nothing.

``session_changes(app, now)`` is the worker's job (and runs before `intake poll --once` and
`intake remind`): it re-reads the campaign files, so an edit needs no restart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.campaign_files import seen_of, toml_digests
from bot.calendar.invitations import contact_of, decide_pending, invite_affiliation, invite_to_added, invited_sessions
from bot.calendar.outgoing import as_session, send_invitation, session_ref
from bot.db.tables import Affiliation, InfoSessionRow, InvitationRow, SessionState
from parsers.model import Campaign, InfoSession
from replies.ics import session_uid
from replies.invitation import InvitationKind

log = logging.getLogger("intake.calendar")


@dataclass
class ChangesReport:
    added: int = 0
    updated: int = 0
    cancelled: int = 0
    decided: int = 0     # affiliations whose invitations were decided by the job
    messages: int = 0    # invitations, updates and cancellations queued
    seen: str = ""       # the campaign files this run read (bot/campaign_files.py), kept in job_run


def session_changes(app: App, now: datetime) -> ChangesReport:
    """Every campaign's sessions brought in line with its file, in one transaction."""
    tomls = toml_digests(app.settings.campaigns_dir)  # before loading: an edit while loading is a change
    app.reload_campaigns()
    report = ChangesReport()
    with app.db_session() as db, db.begin():
        for campaign in app.campaigns:
            sync_sessions(db, app, campaign, now, report)
            report.decided += decide_pending(db, app, campaign, now)
    report.seen = seen_of(tomls, app.campaigns)
    return report


def invite_registered(db: Session, app: App, campaign: Campaign, affiliation: Affiliation,
                      now: datetime) -> tuple[tuple[InfoSession, ...], list[InvitationRow]]:
    """For a form just registered: the sessions brought in line with the file, and the version's
    invitations decided. Returns every session still to come its contact is invited to (for the
    confirmation) and the new invitations (for ``send_invitations``, after the confirmation)."""
    sync_sessions(db, app, campaign, now)
    new = invite_affiliation(db, campaign, affiliation, now)
    contact = contact_of(affiliation.versions[-1]) if affiliation.versions else None
    return (invited_sessions(db, campaign, contact[0], now) if contact else ()), new


def sync_sessions(db: Session, app: App, campaign: Campaign, now: datetime,
                  report: ChangesReport | None = None) -> ChangesReport:
    report = report or ChangesReport()
    stored = {row.session_key: row for row in db.scalars(
        select(InfoSessionRow).where(InfoSessionRow.campaign_key == campaign.key))}
    for session in campaign.sessions:
        row = stored.get(session.id)
        if row is None:
            _add(db, app, campaign, session, now, report)
        elif row.state != SessionState.ACTIVE or _differs(row, session):
            _update(db, app, campaign, row, session, now, report)
    for key, row in stored.items():
        if row.state == SessionState.ACTIVE and campaign.session(key) is None:
            _remove(db, app, campaign, row, now, report)
    return report


def _add(db: Session, app: App, campaign: Campaign, session: InfoSession, now: datetime,
         report: ChangesReport) -> None:
    row = InfoSessionRow(campaign_key=campaign.key, session_key=session.id, uid=session_uid(campaign, session.id),
                         sequence=0, state=SessionState.ACTIVE, first_seen_at=now, changed_at=now)
    _copy(session, row)
    db.add(row)
    db.flush()
    report.added += 1
    report.messages += invite_to_added(db, app, campaign, row, now)
    log.info("session %s added", session_ref(row), extra={"step": "sessions"})


def _update(db: Session, app: App, campaign: Campaign, row: InfoSessionRow, session: InfoSession,
            now: datetime, report: ChangesReport) -> None:
    previous = as_session(row) if row.state == SessionState.ACTIVE else None
    row.sequence += 1
    row.state, row.changed_at = SessionState.ACTIVE, now
    _copy(session, row)
    report.updated += 1
    log.info("session %s changed, sequence %d", session_ref(row), row.sequence, extra={"step": "sessions"})
    if row.starts_at > now:
        for invitation in row.invitations:
            report.messages += send_invitation(db, app, campaign, invitation, InvitationKind.UPDATE, now, previous)


def _remove(db: Session, app: App, campaign: Campaign, row: InfoSessionRow, now: datetime,
            report: ChangesReport) -> None:
    row.changed_at = now
    if row.starts_at <= now:
        row.state = SessionState.REMOVED  # it has taken place: nothing to cancel
        return
    row.state = SessionState.CANCELLED
    row.sequence += 1
    report.cancelled += 1
    log.info("session %s cancelled, sequence %d", session_ref(row), row.sequence, extra={"step": "sessions"})
    for invitation in row.invitations:
        report.messages += send_invitation(db, app, campaign, invitation, InvitationKind.CANCELLATION, now)


def _differs(row: InfoSessionRow, session: InfoSession) -> bool:
    return (row.title, row.starts_at, row.ends_at, row.join_url) != (
        session.title, session.starts_at, session.ends_at, session.join_url)


def _copy(session: InfoSession, row: InfoSessionRow) -> None:
    row.title, row.starts_at, row.ends_at = session.title, session.starts_at, session.ends_at
    row.join_url, row.form_label = session.join_url, session.form_label
