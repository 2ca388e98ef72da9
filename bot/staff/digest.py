"""The staff digest: when it is due, its figures, and the message queued for the staff.

A campaign's digest is due once per scheduled day (``[digest] days`` and ``time`` in its
file, Swedish local time), from that time until the day ends; a day the worker missed is not
sent late, and the next digest covers everything since the one before. The period is the
local date, and the database decides it once: a ``digest_run`` row unique per (campaign,
period), written first as a claim, and the outbox's dedupe key ``digest:<campaign>:<period>``.
A second worker, or a restart, finds the period decided and sends nothing.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.app import App
from bot.calendar.figures import session_figures
from bot.db.tables import Affiliation, AffiliationVersion, DigestRun
from bot.inbound.stored import changed_fields
from bot.outbox.enqueue import OutboxItem, enqueue, valid_recipients
from bot.staff.coverage import coverage, goal_counts
from bot.staff.export import to_xlsx
from bot.staff.queue import Reason, ReviewItem, review_queue, waiting_forms
from bot.staff.sheets import MEDIA_TYPE
from parsers.model import LOCAL_ZONE, Campaign, DigestSchedule, InfoSession
from replies.digest import Digest, Item, NewVersion, SessionCount, Waiting, compose_digest
from replies.message import Addressing, OutgoingFile

log = logging.getLogger("intake.digest")
_OWN_SECTIONS = {Reason.REPLY_FAILED: "failed", Reason.REPLY_BOUNCED: "failed", Reason.CORRESPONDENCE: "correspondence"}


@dataclass
class DigestReport:
    queued: list[str] = field(default_factory=list)    # campaign keys whose digest was queued
    empty: list[str] = field(default_factory=list)     # nothing to say, and digest.send_empty is off
    decided: list[str] = field(default_factory=list)   # this period was already decided (here or elsewhere)
    not_due: list[str] = field(default_factory=list)
    no_staff: list[str] = field(default_factory=list)  # the campaign file lists no staff


def slot_on(schedule: DigestSchedule, day: date) -> datetime | None:
    """The digest's time on ``day``, or None when it is not a digest day."""
    return datetime.combine(day, schedule.at, LOCAL_ZONE) if day.weekday() in schedule.weekdays else None


def due_slot(schedule: DigestSchedule, now: datetime) -> datetime | None:
    """Today's slot once its time has come; None before it, and on days without one."""
    slot = slot_on(schedule, now.astimezone(LOCAL_ZONE).date())
    return slot if slot is not None and slot <= now else None


def next_slot(schedule: DigestSchedule, now: datetime, decided_today: bool) -> datetime:
    """When the next digest is made: today's slot if it is still to come (or due and not yet
    decided), else the next digest day's."""
    today = now.astimezone(LOCAL_ZONE).date()
    for offset in range(8):
        slot = slot_on(schedule, today + timedelta(days=offset))
        if slot is not None and (offset > 0 or slot > now or not decided_today):
            return slot
    raise ValueError("a digest schedule without weekdays")  # campaigns.py refuses such a file


def decided(session: Session, campaign_key: str, period: str) -> bool:
    return session.scalars(select(DigestRun.id).where(
        DigestRun.campaign_key == campaign_key, DigestRun.period == period)).first() is not None


def send_digests(app: App, now: datetime) -> DigestReport:
    """The digest job: each campaign whose digest is due at ``now`` and not yet decided."""
    report = DigestReport()
    for campaign in app.campaigns:
        slot = due_slot(campaign.digest, now)
        if not campaign.staff:
            report.no_staff.append(campaign.key)
        elif slot is None:
            report.not_due.append(campaign.key)
        else:
            getattr(report, _digest_for(app, campaign, slot.date(), now)).append(campaign.key)
    return report


def _digest_for(app: App, campaign: Campaign, day: date, now: datetime) -> str:
    period = day.isoformat()
    with app.db_session() as session:
        with session.begin():
            if decided(session, campaign.key, period):
                return "decided"
        try:
            with session.begin():
                return _decide(session, app, campaign, day, now)
        except IntegrityError:  # another worker claimed the period first
            return "decided"


def _decide(session: Session, app: App, campaign: Campaign, day: date, now: datetime) -> str:
    run = DigestRun(campaign_key=campaign.key, period=day.isoformat(), at=now, sent=False)
    session.add(run)
    session.flush()  # the claim: a second writer of this period fails here
    draft = build_digest(session, campaign, day, _since(session, campaign.key, run.id), now)
    if draft.is_empty and not app.settings.digest.send_empty:
        log.info("digest for %s %s: nothing to say, not sent", campaign.key, run.period, extra={"step": "digest"})
        return "empty"
    draft = dataclasses.replace(draft, attachment=OutgoingFile(
        f"anslutningar-{campaign.key}-{run.period}.xlsx", MEDIA_TYPE, to_xlsx(session, app.campaigns, campaign.key)))

    def compose(to: tuple[str, ...], message_id: str):
        addressing = dataclasses.replace(draft.addressing, to=to, message_id=message_id)
        return compose_digest(dataclasses.replace(draft, addressing=addressing), app.templates)

    key = f"digest:{campaign.key}:{run.period}"
    item = OutboxItem(dedupe_key=key, reason=key, kind="digest", campaign=campaign,
                      recipients=valid_recipients(*campaign.staff), compose=compose, for_staff=True)
    done = enqueue(session, item, now, own=app.own_mail, message_id_domain=app.settings.worker.message_id_domain)
    if done.row is None:
        return "decided"
    session.flush()
    run.sent, run.outbox_message_id = True, done.row.id
    log.info("digest for %s %s queued", campaign.key, run.period, extra={"step": "digest", "message_id": done.row.message_id})
    return "queued"


def _since(session: Session, campaign_key: str, this_run: int) -> datetime | None:
    return session.scalars(select(DigestRun.at).where(DigestRun.campaign_key == campaign_key, DigestRun.id != this_run)
                           .order_by(DigestRun.period.desc())).first()


def build_digest(session: Session, campaign: Campaign, day: date, since: datetime | None, now: datetime) -> Digest:
    """The digest's figures at ``now``; addressed to the staff with a draft Message-ID."""
    queue = review_queue(session, campaign_key=campaign.key)
    sections: dict[str, list[Item]] = {"needs_person": [], "failed": [], "correspondence": []}
    for entry in queue:
        sections[_OWN_SECTIONS.get(entry.reason, "needs_person")].append(_item(entry))
    addressing = Addressing(campaign=campaign, to=campaign.staff, message_id="<draft@intake-bot.invalid>", now=now,
                            language=campaign.language, reply_to=campaign.questions_to)
    return Digest(addressing=addressing, day=day, since=since, new=_new_versions(session, campaign, since),
                  needs_person=tuple(sections["needs_person"]), failed=tuple(sections["failed"]),
                  correspondence=tuple(sections["correspondence"]),
                  waiting=tuple(Waiting(w.ref, w.who, w.since, w.problems) for w in waiting_forms(session, campaign.key)),
                  coverage=coverage(session, campaign), goals=goal_counts(session, campaign),
                  sessions=_upcoming_sessions(session, campaign, now))


def _upcoming_sessions(session: Session, campaign: Campaign, now: datetime) -> tuple[SessionCount, ...]:
    return tuple(SessionCount(InfoSession(f.session_key, f.title, f.starts_at, f.ends_at, "", ""),
                              f.invited, f.accepted, f.tentative, f.declined, f.no_answer)
                 for f in session_figures(session, campaign, now))


def _item(entry: ReviewItem) -> Item:
    return Item(entry.ref, entry.reason.value, entry.who, entry.about, entry.detail, entry.when, entry.command)


def _new_versions(session: Session, campaign: Campaign, since: datetime | None) -> tuple[NewVersion, ...]:
    query = (select(AffiliationVersion, Affiliation).join(Affiliation)
             .where(Affiliation.campaign_key == campaign.key).order_by(AffiliationVersion.created_at, AffiliationVersion.id))
    if since is not None:
        query = query.where(AffiliationVersion.created_at >= since)
    found = []
    for version, affiliation in session.execute(query).all():
        before = next((v.form for v in affiliation.versions if v.version == version.version - 1), None) \
            if version.version > 1 else None  # by number: a placeholder is version 0
        # The current version shows where the affiliation stands now (approved since, say).
        status = affiliation.status if version.version == affiliation.current_version else version.status
        found.append(NewVersion(
            str(affiliation.id), affiliation.organisation, version.version, status,
            tuple(version.form.get("goals", [])), changed_fields(before, version.form) if before is not None else (),
            version.staff_action.by if version.staff_action is not None else ""))
    return tuple(found)
