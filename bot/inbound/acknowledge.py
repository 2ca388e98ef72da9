"""Acknowledging a committed message in the mailbox: the mailbox action, and its state on the
message's row; actions a crash or a refusal left unfinished are tried again on the next pass.

A server that cannot do what mailbox.action asks (``move`` without MOVE and without UIDPLUS)
gets the action's fallback instead (bot.mail.actions); the first time that happens on a
folder it is logged as a warning and recorded as a mailbox_notice row (``move_unsupported``),
which the operator's status view reads; later passes only bring its last_seen_at up to date.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.states import UNFINISHED_ACTIONS
from bot.db.tables import InboundMessage, MailboxActionState, MailboxNotice
from bot.errors import MailboxError
from bot.mail.actions import ActionTable
from bot.mail.imap import Mailbox, MailboxFolder

log = logging.getLogger("intake.poll")
UNFINISHED = UNFINISHED_ACTIONS
MOVE_UNSUPPORTED = "move_unsupported"


class Tally(Protocol):
    actions_applied: int
    actions_failed: int
    notices: set[str]


def acknowledge(session: Session, mailbox: Mailbox, actions: ActionTable, folder: MailboxFolder,
                record: InboundMessage, uid: int, tally: Tally, now: datetime, uidvalidity: int | None = None) -> None:
    """The action for the message's committed outcome ([mailbox.outcomes], else mailbox.action)."""
    if record.mailbox_action == MailboxActionState.SKIPPED:
        return
    action = actions.pick(record.outcome)
    try:
        action.apply(mailbox, uid)
        state = MailboxActionState.DONE
        tally.actions_applied += 1
    except MailboxError as exc:
        state = MailboxActionState.FAILED
        tally.actions_failed += 1
        log.warning("mailbox action %s failed: %s", action.name, exc,
                    extra={"message_id": record.message_id, "step": "mailbox_action"})
    with session.begin():
        row = session.get(InboundMessage, record.id)
        assert row is not None
        row.mailbox_action, row.mailbox_action_at, row.uid = state, now, uid
        row.uidvalidity = uidvalidity or row.uidvalidity
    _note_fallback(session, action, folder, tally, now)


def retry_unfinished_actions(session: Session, mailbox: Mailbox, actions: ActionTable, folder: MailboxFolder,
                             tally: Tally, now: datetime) -> None:
    """Actions that failed, or that a crash cut off, for messages already behind the checkpoint."""
    with session.begin():
        rows = session.scalars(select(InboundMessage).where(
            InboundMessage.account == folder.account, InboundMessage.folder == folder.folder,
            InboundMessage.uidvalidity == folder.uidvalidity,
            InboundMessage.mailbox_action.in_(UNFINISHED))).all()
    for row in rows:
        acknowledge(session, mailbox, actions, folder, row, row.uid, tally, now)


def _note_fallback(session: Session, action: object, folder: MailboxFolder, tally: Tally,
                   now: datetime) -> None:
    reason = getattr(action, "fallback_reason", "")
    if not reason or MOVE_UNSUPPORTED in tally.notices:
        return
    tally.notices.add(MOVE_UNSUPPORTED)
    with session.begin():
        notice = session.scalars(select(MailboxNotice).where(
            MailboxNotice.account == folder.account, MailboxNotice.folder == folder.folder,
            MailboxNotice.code == MOVE_UNSUPPORTED)).first()
        if notice is None:
            session.add(MailboxNotice(account=folder.account, folder=folder.folder, code=MOVE_UNSUPPORTED,
                                      detail=reason, first_seen_at=now, last_seen_at=now))
            log.warning("mailbox.action is move, but %s", reason, extra={"step": "mailbox_action"})
        else:
            notice.detail, notice.last_seen_at = reason, now
