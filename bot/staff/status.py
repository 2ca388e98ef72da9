"""Where the bot stands, as figures: what `intake status` prints and a health endpoint can
serve. Read-only; computed from the database and the campaign files at an explicit ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.app import App
from bot.calendar.reminders import next_reminder
from bot.db.job_runs import LOGIN_REFUSED, job_runs
from bot.db.lease import utc_now
from bot.db.tables import InboundMessage, MailboxNotice, OutboxMessage, OutboxStatus, WorkerLease
from bot.staff.digest import decided, next_slot
from bot.staff.queue import Reason, review_queue
from parsers.model import LOCAL_ZONE


@dataclass(frozen=True)
class JobState:
    name: str
    last_success: datetime | None
    last_failure: datetime | None
    last_error: str


@dataclass(frozen=True)
class Notice:
    """A fact about a mail server the operator should know (mailbox_notice), e.g. move_unsupported."""

    account: str
    folder: str
    code: str
    detail: str
    since: datetime


@dataclass(frozen=True)
class Status:
    now: datetime
    stale_after: timedelta
    last_pass: datetime | None          # the last mailbox pass that succeeded
    received_today: int                 # messages of ours that arrived since local midnight
    outcomes: dict[str, int]            # inbound_message.outcome -> rows, all time
    outbox: dict[str, int]              # OutboxStatus value -> rows
    outbox_due: int                     # pending rows whose time has come
    failed_waiting: int                 # failed or bounced replies not yet marked handled
    review_waiting: int                 # everything else waiting for a person
    next_digests: tuple[tuple[str, datetime], ...]  # (campaign name, when), campaigns with staff
    next_reminders: tuple[tuple[str, datetime], ...]  # (campaign name, when), campaigns with one to come
    jobs: tuple[JobState, ...]
    notices: tuple[Notice, ...] = ()
    senders_checked: bool = True        # policy.authserv_id is set: forged senders are caught
    login_refused: str = ""             # the IMAP server refuses the login since the last pass failed: why
    holders: tuple[tuple[str, datetime], ...] = ()  # (process, lease until): who works on a mailbox now

    @property
    def healthy(self) -> bool:
        return not self.stale and not self.login_refused

    @property
    def pass_age(self) -> timedelta | None:
        return None if self.last_pass is None else self.now - self.last_pass

    @property
    def stale(self) -> bool:
        """For monitoring: no successful pass yet, or the last one is older than the threshold."""
        age = self.pass_age
        return age is None or age > self.stale_after


def status(session: Session, app: App, now: datetime) -> Status:
    with session.begin():
        runs = job_runs(session)
        queue = review_queue(session)
        failed = sum(item.reason in (Reason.REPLY_FAILED, Reason.REPLY_BOUNCED) for item in queue)
        poll = runs.get("poll")
        return Status(
            now=now, stale_after=timedelta(minutes=app.settings.status.stale_after_minutes),
            last_pass=poll.last_success_at if poll else None, received_today=_received_today(session, now),
            outcomes=_outcomes(session),
            outbox=_outbox_counts(session), outbox_due=_outbox_due(session, now), failed_waiting=failed,
            review_waiting=len(queue) - failed, next_digests=_next_digests(session, app, now),
            next_reminders=_next_reminders(session, app, now),
            jobs=tuple(JobState(r.job, r.last_success_at, r.last_failure_at, r.last_error)
                       for r in sorted(runs.values(), key=lambda r: r.job)),
            notices=tuple(Notice(n.account, n.folder, n.code, n.detail, n.first_seen_at) for n in session.scalars(
                select(MailboxNotice).order_by(MailboxNotice.account, MailboxNotice.folder, MailboxNotice.code))),
            senders_checked=bool(app.settings.policy.authserv_id), login_refused=_login_refused(poll),
            holders=_holders(session))


def _holders(session: Session) -> tuple[tuple[str, datetime], ...]:
    """Live leases (bot/db/lease.py), on the wall clock as leases are, never on ``--now``."""
    rows = session.execute(select(WorkerLease.holder, WorkerLease.expires_at).where(
        WorkerLease.expires_at > utc_now()).order_by(WorkerLease.name)).all()
    return tuple((holder, until) for holder, until in rows)


def _received_today(session: Session, now: datetime) -> int:
    midnight = datetime.combine(now.astimezone(LOCAL_ZONE).date(), time(), LOCAL_ZONE)
    return session.scalar(select(func.count()).select_from(InboundMessage).where(
        InboundMessage.received_at >= midnight, InboundMessage.received_at <= now)) or 0


def _outcomes(session: Session) -> dict[str, int]:
    rows = session.execute(select(InboundMessage.outcome, func.count()).group_by(InboundMessage.outcome)).all()
    return {outcome: count for outcome, count in rows}


def _outbox_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    counts = {status.value: 0 for status in OutboxStatus}
    counts.update({status: count for status, count in rows})
    return counts


def _outbox_due(session: Session, now: datetime) -> int:
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)) or 0


def _next_digests(session: Session, app: App, now: datetime) -> tuple[tuple[str, datetime], ...]:
    today = now.astimezone(LOCAL_ZONE).date().isoformat()
    return tuple((c.name, next_slot(c.digest, now, decided(session, c.key, today)))
                 for c in app.campaigns if c.staff)


def _next_reminders(session: Session, app: App, now: datetime) -> tuple[tuple[str, datetime], ...]:
    found = ((c.name, next_reminder(session, c, now)) for c in app.campaigns)
    return tuple((name, when) for name, when in found if when is not None)


def _login_refused(poll) -> str:
    """The refusal, when the latest mailbox pass failed because the server refused the login."""
    if poll is None or poll.last_failure_at is None or not poll.last_error.startswith(LOGIN_REFUSED):
        return ""
    if poll.last_success_at is not None and poll.last_success_at > poll.last_failure_at:
        return ""
    return poll.last_error.removeprefix(LOGIN_REFUSED)
