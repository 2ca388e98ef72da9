"""After sending: a copy of each sent message in the mailbox's Sent folder (outbox.sent_folder).

Rows are marked PENDING when SMTP accepts them; this step appends their bytes (\\Seen) and
marks them DONE. With no folder to put them in (a name that does not exist, or "auto" on a
server that marks no folder \\Sent), the rows are marked FAILED with the reason and not tried
again, so the log says so once per batch, not every half minute.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.accounts import account_views
from bot.app import App
from bot.db.tables import OutboxMessage, SentCopyState
from bot.errors import MailboxError
from bot.mail.imap import Mailbox
from bot.mail.sent import append_copy, open_folder, sent_folder
from bot.outbox.claim import claim_seconds, claimed

log = logging.getLogger("intake.outbox")


@dataclass
class CopyReport:
    copied: int = 0
    failed: int = 0


def copy_sent(app: App, now: datetime) -> CopyReport:
    """Append the copies that are due, each in the mailbox of the account its campaign belongs
    to; a mail server that is away leaves them for next time."""
    report = CopyReport()
    views = account_views(app)
    for view in views:
        _copy_to(view, now, report, {c.key for c in view.campaigns} if len(views) > 1 else None)
    if report.failed:
        log.warning("%d sent messages have no copy: the mailbox has no Sent folder (outbox.sent_folder = %r)",
                    report.failed, app.settings.outbox.sent_folder, extra={"step": "sent_copy"})
    return report


def _copy_to(app: App, now: datetime, report: CopyReport, campaign_keys: set[str] | None) -> None:
    with app.db_session() as session:
        with session.begin():
            query = select(OutboxMessage.id).where(OutboxMessage.sent_copy == SentCopyState.PENDING)
            if campaign_keys is not None:
                query = query.where(OutboxMessage.campaign_key.in_(campaign_keys))
            pending = session.scalars(query.order_by(OutboxMessage.id)).all()
        if not pending:
            return
        try:
            with Mailbox(app.settings.imap, app.tokens) as mailbox:
                folder = sent_folder(mailbox, app.settings.outbox.sent_folder)
                if folder is not None:
                    open_folder(mailbox, folder)
                for row_id in pending:
                    with claimed(session, row_id, OutboxMessage.sent_copy == SentCopyState.PENDING,
                                 claim_seconds(app.settings.imap.timeout_seconds)) as row:
                        if row is None:  # another process has it, or has done it
                            continue
                        if folder is None:
                            row.sent_copy = SentCopyState.FAILED
                            report.failed += 1
                            continue
                        if append_copy(mailbox, folder, row.message_id, row.raw, row.sent_at or now):
                            report.copied += 1
                        row.sent_copy = SentCopyState.DONE
        except MailboxError as exc:
            log.warning("copy to the Sent folder failed, retried next run: %s", exc, extra={"step": "sent_copy"})
