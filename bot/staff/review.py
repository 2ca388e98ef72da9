"""What staff do with the review queue: one function per action, whatever the front end.

`intake review` (bot/cli/review.py) only parses and prints; a later email command would call
the same functions. Every action runs in one transaction and writes a staff-action row (who,
when, what changed); refusals are ReviewErrors with a code the front end words.

    list_items      what waits for a person (bot/staff/queue.py)
    show            everything about one item (bot/staff/details.py)
    approve         needs_review (or incomplete, or rejected) -> registered
    reject          -> rejected, with a reason; a notice to the organisation only with notify
    edit            one field of the current version -> a new version, with its history
    resend          the confirmation (or the request to complete) again, through the outbox
    mark_handled    a message or a failed reply dealt with outside the bot
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.app import App
from bot.db.tables import (Affiliation, AffiliationVersion, InboundMessage, OutboxMessage, StaffAction,
                           StaffActionKind)
from bot.errors import ReviewError
from bot.staff import audit
from bot.staff.details import Details, affiliation_details, message_details, reply_details
from bot.staff.edits import edited
from bot.staff.notices import queue_confirmation, queue_rejection
from bot.staff.queue import ReviewItem, review_queue
from parsers.model import AffiliationStatus

_REF = re.compile(r"(?P<prefix>[ms]?)(?P<number>\d{1,12})")
_TARGETS = {"": Affiliation, "m": InboundMessage, "s": OutboxMessage}


@dataclass(frozen=True)
class Done:
    action: StaffAction
    version: AffiliationVersion | None = None  # what an edit made
    sent: OutboxMessage | None = None          # what resend or reject --notify queued


def list_items(session: Session, since: datetime | None = None, campaign_key: str | None = None) -> list[ReviewItem]:
    with session.begin():
        return review_queue(session, since, campaign_key)


def show(session: Session, ref: str) -> Details:
    with session.begin():
        item = _find(session, ref)
        if isinstance(item, Affiliation):
            return affiliation_details(session, item)
        if isinstance(item, InboundMessage):
            return message_details(session, item)
        return reply_details(session, item)


def approve(session: Session, ref: str, by: str, now: datetime) -> Done:
    with session.begin():
        affiliation = _affiliation(session, ref)
        if affiliation.status == AffiliationStatus.REGISTERED:
            raise ReviewError("already", ref=ref, status=affiliation.status)
        _require_goals(affiliation, ref)
        return Done(_set_status(session, affiliation, AffiliationStatus.REGISTERED, StaffActionKind.APPROVE, by, now))


def reject(session: Session, app: App, ref: str, reason: str, by: str, now: datetime, notify: bool = False) -> Done:
    if not reason.strip():
        raise ReviewError("no_reason", ref=ref)
    with session.begin():
        affiliation = _affiliation(session, ref)
        if affiliation.status == AffiliationStatus.REJECTED:
            raise ReviewError("already", ref=ref, status=affiliation.status)
        action = _set_status(session, affiliation, AffiliationStatus.REJECTED, StaffActionKind.REJECT, by, now,
                             note=reason.strip())
        sent = queue_rejection(session, app, affiliation, action, reason.strip(), now) if notify else None
        if sent is not None:
            action.changes = {**action.changes, "notice": [None, sent.message_id]}
        return Done(action, sent=sent)


def edit(session: Session, app: App, ref: str, field: str, value: str, by: str, now: datetime) -> Done:
    with session.begin():
        affiliation = _affiliation(session, ref)
        campaign = next((c for c in app.campaigns if c.key == affiliation.campaign_key), None)
        if campaign is None:
            raise ReviewError("no_campaign", campaign=affiliation.campaign_key)
        current = affiliation.versions[-1]
        name, form, changes = edited(current.form, field, value, campaign)
        action = audit.record(session, StaffActionKind.EDIT, by, now, affiliation, changes)
        affiliation.current_version += 1
        version = AffiliationVersion(
            affiliation=affiliation, version=affiliation.current_version, submission=current.submission,
            status=affiliation.status, form=form, problems=current.problems, created_at=now, staff_action=action)
        session.add(version)
        if name == "organisation":
            affiliation.organisation = form["organisation"]
        affiliation.updated_at = now
        session.flush()
        return Done(action, version=version)


def resend(session: Session, app: App, ref: str, by: str, now: datetime) -> Done:
    with session.begin():
        affiliation = _affiliation(session, ref)
        if affiliation.status == AffiliationStatus.REJECTED:
            raise ReviewError("rejected", ref=ref)
        _require_goals(affiliation, ref)
        action = audit.record(session, StaffActionKind.RESEND, by, now, affiliation)
        sent = queue_confirmation(session, app, affiliation, action, now)
        action.changes = {"sent": [None, sent.message_id]}
        action.note = ", ".join(sent.recipients)
        return Done(action, sent=sent)


def mark_handled(session: Session, ref: str, by: str, now: datetime, note: str = "") -> Done:
    with session.begin():
        item = _find(session, ref)
        if isinstance(item, Affiliation):
            raise ReviewError("not_message", ref=ref)
        if item.handled_at is not None:
            raise ReviewError("already_handled", ref=ref)
        item.handled_at = now
        return Done(audit.record(session, StaffActionKind.HANDLED, by, now, item, {"handled": [False, True]},
                                 note=note.strip()))


def _require_goals(affiliation: Affiliation, ref: str) -> None:
    """An attempt nothing could be read from (version 0), or a version without goals, cannot be
    registered or confirmed: that would commit the organisation to nothing."""
    if not affiliation.versions[-1].form.get("goals"):
        raise ReviewError("nothing_read", ref=ref)


def _set_status(session: Session, affiliation: Affiliation, status: AffiliationStatus, kind: StaffActionKind,
                by: str, now: datetime, note: str = "") -> StaffAction:
    changes = {"status": [affiliation.status, status.value]}
    affiliation.status = status
    affiliation.updated_at = now
    return audit.record(session, kind, by, now, affiliation, changes, note=note)


def _affiliation(session: Session, ref: str) -> Affiliation:
    item = _find(session, ref)
    if not isinstance(item, Affiliation):
        raise ReviewError("not_affiliation", ref=ref)
    return item


def _find(session: Session, ref: str) -> Affiliation | InboundMessage | OutboxMessage:
    match = _REF.fullmatch(ref.strip().lower())
    if match is None:
        raise ReviewError("bad_ref", ref=ref)
    item = session.get(_TARGETS[match["prefix"]], int(match["number"]))
    if item is None:
        raise ReviewError("no_item", ref=ref)
    return item
