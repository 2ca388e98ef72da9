"""One pass over the mailbox: new messages since the checkpoint, each of ours processed and
committed, then acknowledged in the mailbox, then the checkpoint. (Sending what the pass
queued is the outbox job's work: bot/outbox/send.py.) One UID SEARCH first names the new
messages that could be ours (bot.inbound.candidates); only those are summarised and routed,
and the checkpoint passes the rest unread.

Order matters for the invariants: commit -> mailbox action -> checkpoint. A crash between
any two is finished by the next pass without repeating a side effect (a message is known by
its place and by its identity; the mailbox action is recorded; the checkpoint only ever
moves past committed work).

One message never stops the pass: whatever it does (a summary the server cannot give, an
exception while routing or handling it, a FETCH that fails), it is recorded for staff and
the pass goes on (bot.inbound.quarantine). Only the database or the server being away stops
a pass, before the checkpoint moves.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.db.tables import MailboxCheckpoint
from bot.errors import FetchError, MailboxError, StorageError
from bot.inbound.acknowledge import retry_unfinished_actions
from bot.inbound.candidates import candidate_uids
from bot.inbound.context import Services
from bot.mail.actions import make_actions
from bot.mail.imap import Mailbox, MailboxFolder, Summary
from bot.mail.summaries import summaries

if TYPE_CHECKING:
    from bot.inbound.handle import Handling
    from bot.inbound.routing import Routed

log = logging.getLogger("intake.poll")
Progress = Callable[[str, dict[str, object]], None]


@dataclass
class PassReport:
    scanned: int = 0
    ours: int = 0
    already_seen: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    actions_applied: int = 0
    actions_failed: int = 0
    notices: set[str] = field(default_factory=set)  # mailbox_notice codes met in this pass


def poll_once(app: App, now: datetime, progress: Progress | None = None) -> PassReport:
    settings = app.settings
    report = PassReport()
    notify = progress or (lambda event, info: None)
    action = make_actions(settings.mailbox)
    with app.db_session() as session, Mailbox(settings.imap, app.tokens) as mailbox:
        state = mailbox.select(settings.imap.folder)
        folder = MailboxFolder(mailbox.account, settings.imap.folder, state.uidvalidity)
        last_uid = _start_from(session, folder)
        retry_unfinished_actions(session, mailbox, action, folder, report, now)
        uids = mailbox.uids_after(last_uid)
        notify("scan", {"folder": folder.folder, "new": len(uids)})
        log.debug("pass over %s: %d new since UID %d", folder.folder, len(uids), last_uid, extra={"step": "scan"})
        if not uids:
            return report
        # The pipeline, its parsers and the sandbox are imported only when there is mail to read.
        from bot.inbound.handle import Handling
        from bot.inbound.routing import route_batch

        handling = Handling(Services(app, session), mailbox, action, folder, now, report, notify)
        wanted = candidate_uids(mailbox, uids, app.campaigns, settings.imap.server_search)
        report.scanned = len(uids)
        try:
            for batch in summaries(mailbox, wanted, settings.imap.batch_size):
                routed = route_batch(batch, app.campaigns, session, mailbox, settings.imap.max_message_bytes,
                                     settings.fault_raise_at)
                for summary in batch:
                    _one(handling, summary, routed)
                if batch:
                    _save_checkpoint(session, folder, batch[-1].uid, now)
        finally:
            handling.services.close()  # the pass's parse sandbox
        _save_checkpoint(session, folder, uids[-1], now)  # the messages after the last candidate are not ours
    return report


def _one(handling: Handling, summary: Summary, routed: Routed) -> None:
    """Handle one message, or record it for staff; raises only for the database or the server."""
    uid = summary.uid
    if uid in routed.unreadable:
        handling.unreadable(summary, None, routed.unreadable[uid])
        return
    campaign = routed.ours.get(uid)
    if campaign is None:
        return  # not ours: not fetched, not flagged, not moved
    try:
        handling.handle(summary, campaign)
    except StorageError:
        raise
    except FetchError as exc:  # failed twice, on a renewed connection each time
        handling.unreadable(summary, campaign.key, f"the message could not be fetched ({exc})")
    except MailboxError:
        raise  # the server is away: nothing more can be read in this pass
    except Exception as exc:  # noqa: BLE001 - whatever one message does, the pass goes on
        from bot.inbound.handle import known_at
        from bot.inbound.quarantine import failure

        handling.services.session.rollback()
        if known_at(handling.services.session, handling.folder, uid) is None:
            handling.unreadable(summary, campaign.key, failure("handling it failed", exc))
        else:
            log.error("after its outcome was stored: %s", failure("handling it failed", exc),
                      extra={"step": "poll"}, exc_info=exc)


def _start_from(session: Session, folder: MailboxFolder) -> int:
    with session.begin():
        checkpoint = _checkpoint(session, folder)
        if checkpoint is None:
            return 0
        if checkpoint.uidvalidity != folder.uidvalidity:
            # UIDs were renumbered: read everything again; identities keep it from repeating.
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
