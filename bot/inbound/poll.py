"""One pass over the mailbox: new messages since the checkpoint, each of ours processed and
committed, then acknowledged in the mailbox, then the checkpoint. (Sending what the pass
queued is the outbox job's work: bot/outbox/send.py.)

Order matters for the invariants: commit -> mailbox action -> checkpoint. A crash between
any two is finished by the next pass without repeating a side effect (Message-ID is unique;
the mailbox action is recorded; the checkpoint only ever moves past committed work).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.db.tables import InboundMessage, MailboxActionState, MailboxCheckpoint
from bot.errors import MailboxError
from bot.faults import crash_point
from bot.inbound.context import Services
from bot.inbound.pipeline import identity_of, process_message, record_oversized
from bot.inbound.routing import headers_of, route_batch
from bot.mail.actions import MailboxAction, make_action
from bot.mail.imap import Mailbox, MailboxFolder, Summary
from parsers.mime.message import message_id, parse_message
from parsers.model import Campaign

log = logging.getLogger("intake.poll")
_UNFINISHED = (MailboxActionState.PENDING, MailboxActionState.FAILED)
Progress = Callable[[str, dict[str, object]], None]


@dataclass
class PassReport:
    scanned: int = 0
    ours: int = 0
    already_seen: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    actions_applied: int = 0
    actions_failed: int = 0


def poll_once(app: App, now: datetime, progress: Progress | None = None) -> PassReport:
    settings = app.settings
    report = PassReport()
    notify = progress or (lambda event, info: None)
    action = make_action(settings.mailbox)
    with app.db_session() as session, Mailbox(settings.imap) as mailbox:
        services = Services(app, session)
        state = mailbox.select(settings.imap.folder)
        folder = MailboxFolder(mailbox.account, settings.imap.folder, state.uidvalidity)
        last_uid = _start_from(session, folder)
        _retry_unfinished_actions(session, mailbox, action, folder, report, now)
        uids = mailbox.uids_after(last_uid)
        notify("scan", {"folder": folder.folder, "new": len(uids)})
        for batch in mailbox.summaries(uids, settings.imap.batch_size):
            ours = route_batch(batch, app.campaigns, session, mailbox, settings.imap.max_message_bytes)
            report.scanned += len(batch)
            for summary in batch:
                if summary.uid in ours:  # others: not fetched, not flagged, not moved
                    _handle(summary, ours[summary.uid], mailbox, action, services, folder, now, report, notify)
            _save_checkpoint(session, folder, batch[-1].uid, now)
    return report


def _handle(summary: Summary, campaign: Campaign, mailbox: Mailbox, action: MailboxAction,
            services: Services, folder: MailboxFolder, now: datetime, report: PassReport,
            notify: Progress) -> None:
    headers = headers_of(summary)
    report.ours += 1
    session = services.session
    known = _known(session, message_id(headers))  # type: ignore[arg-type]
    if known is None and summary.size > services.settings.imap.max_message_bytes:
        _count(record_oversized(summary.headers, summary.size, campaign, folder, summary.uid, now, services,
                                received_at=summary.internaldate), report, notify)
        return
    if known is None:
        raw = mailbox.fetch_message(summary.uid, services.settings.imap.max_message_bytes)
        if raw is None:
            return  # expunged by someone else between SEARCH and FETCH
        message = parse_message(raw)
        known = _known(session, identity_of(message, raw)[0])
        if known is None:
            record = _count(process_message(raw, message, campaign, folder, summary.uid, now, services,
                                            received_at=summary.internaldate), report, notify)
            crash_point("after_commit", services.settings.fault_kill_at)
            _acknowledge(session, mailbox, action, record, summary.uid, report, now)
            return
    report.already_seen += 1
    renumbered = known.uidvalidity != folder.uidvalidity  # the same message in a rebuilt folder
    if known.mailbox_action in _UNFINISHED or (renumbered and known.mailbox_action == MailboxActionState.DONE):
        _acknowledge(session, mailbox, action, known, summary.uid, report, now, uidvalidity=folder.uidvalidity)


def _count(record: InboundMessage, report: PassReport, notify: Progress) -> InboundMessage:
    report.outcomes[record.outcome] += 1
    notify("message", {"message_id": record.message_id, "outcome": record.outcome,
                       "from": record.from_address, "detail": record.detail})
    return record


def _acknowledge(session: Session, mailbox: Mailbox, action: MailboxAction, record: InboundMessage,
                 uid: int, report: PassReport, now: datetime, uidvalidity: int | None = None) -> None:
    if record.mailbox_action == MailboxActionState.SKIPPED:
        return
    try:
        action.apply(mailbox, uid)
        state = MailboxActionState.DONE
        report.actions_applied += 1
    except MailboxError as exc:
        state = MailboxActionState.FAILED
        report.actions_failed += 1
        log.warning("mailbox action %s failed: %s", action.name, exc,
                    extra={"message_id": record.message_id, "step": "mailbox_action"})
    with session.begin():
        row = session.get(InboundMessage, record.id)
        assert row is not None
        row.mailbox_action, row.mailbox_action_at, row.uid = state, now, uid
        row.uidvalidity = uidvalidity or row.uidvalidity


def _known(session: Session, mid: str) -> InboundMessage | None:
    if not mid:
        return None
    with session.begin():
        return session.scalars(select(InboundMessage).where(InboundMessage.message_id == mid)).first()


def _retry_unfinished_actions(session: Session, mailbox: Mailbox, action: MailboxAction,
                              folder: MailboxFolder, report: PassReport, now: datetime) -> None:
    """Actions that failed, or that a crash cut off, for messages already behind the checkpoint."""
    with session.begin():
        rows = session.scalars(select(InboundMessage).where(
            InboundMessage.account == folder.account, InboundMessage.folder == folder.folder,
            InboundMessage.uidvalidity == folder.uidvalidity,
            InboundMessage.mailbox_action.in_(_UNFINISHED))).all()
    for row in rows:
        _acknowledge(session, mailbox, action, row, row.uid, report, now)


def _start_from(session: Session, folder: MailboxFolder) -> int:
    with session.begin():
        checkpoint = _checkpoint(session, folder)
        if checkpoint is None:
            return 0
        if checkpoint.uidvalidity != folder.uidvalidity:
            # UIDs were renumbered: read everything again; Message-IDs keep it from repeating.
            log.warning("UIDVALIDITY of %s changed (%s -> %s): re-scanning", folder.folder,
                        checkpoint.uidvalidity, folder.uidvalidity, extra={"step": "checkpoint"})
            return 0
        return checkpoint.last_uid


def _save_checkpoint(session: Session, folder: MailboxFolder, last_uid: int, now: datetime) -> None:
    with session.begin():
        checkpoint = _checkpoint(session, folder)
        if checkpoint is None:
            session.add(MailboxCheckpoint(account=folder.account, folder=folder.folder,
                                          uidvalidity=folder.uidvalidity, last_uid=last_uid, updated_at=now))
        else:
            checkpoint.uidvalidity, checkpoint.last_uid, checkpoint.updated_at = folder.uidvalidity, last_uid, now


def _checkpoint(session: Session, folder: MailboxFolder) -> MailboxCheckpoint | None:
    return session.scalars(select(MailboxCheckpoint).where(
        MailboxCheckpoint.account == folder.account, MailboxCheckpoint.folder == folder.folder)).first()
