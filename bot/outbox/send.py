"""Sending the outbox over SMTP: due rows, one at a time, each committed on its own.

A row's bytes (and so its Message-ID) were fixed when it was written: a resend after a
crash between SMTP's acceptance and our commit repeats the same message, which the
recipient's client threads as one. Each row is claimed before it is sent (bot/outbox/claim.py),
so two processes sharing the database never both send it.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from bot.app import App
from bot.db.tables import OutboxMessage, OutboxStatus, SentCopyState
from bot.errors import PermanentDeliveryError, SmtpLoginRefused, SmtpUnavailable, TemporaryDeliveryError
from bot.faults import crash_point
from bot.mail.oauth import TokenSource
from bot.mail.smtp import connect, deliver, disconnect
from bot.outbox.claim import claim_seconds, claimed
from bot.outbox.sent_copy import copy_sent
from bot.settings import OutboxSettings, SmtpSettings

if TYPE_CHECKING:
    from parsers.mime.reports import DeliveryStatus

log = logging.getLogger("intake.outbox")


@dataclass
class SendReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    copied: int = 0  # copies appended to the Sent folder
    login_refused: str | None = None  # None: no login tried; "": accepted; else why it was refused


def send_outbox(app: App, now: datetime) -> SendReport:
    """The outbox job: every row due at ``now``, then the copies of what was sent."""
    with app.db_session() as session:
        report = send_due(session, app.settings.smtp, app.settings.outbox, now, app.settings.fault_kill_at,
                          tokens=app.tokens)
    if app.settings.outbox.sent_folder:
        report.copied = copy_sent(app, now).copied
    return report


def send_due(session: Session, smtp: SmtpSettings, policy: OutboxSettings, now: datetime,
             kill_at: str = "", tokens: TokenSource | None = None) -> SendReport:
    report = SendReport()
    with session.begin():
        due = session.scalars(select(OutboxMessage.id).where(due_at(now)).order_by(OutboxMessage.id)).all()
    if not due:
        return report
    connection: smtplib.SMTP | None = None
    try:
        for done, row_id in enumerate(due):
            if connection is None:
                try:
                    connection = connect(smtp, tokens)
                    report.login_refused = ""
                except SmtpUnavailable as exc:
                    # The server, not a message, is at fault: every row waits for the next run,
                    # none is charged an attempt, and a run costs one try at connecting.
                    _unreachable(exc, len(due) - done, report)
                    break
            # Ours alone while it is sent (bot/outbox/claim.py): another process skips it.
            with claimed(session, row_id, due_at(now), claim_seconds(smtp.timeout_seconds)) as row:
                if row is None:
                    continue
                try:
                    deliver(connection, row)
                except TemporaryDeliveryError as exc:
                    connection = disconnect(connection)
                    _defer(row, policy, now, str(exc), report)
                    continue
                except PermanentDeliveryError as exc:
                    row.status, row.last_error, row.attempts = OutboxStatus.FAILED, str(exc)[:2000], row.attempts + 1
                    report.failed += 1
                    log.error("delivery failed: %s", exc, extra=_about(row))
                    continue
                crash_point("after_smtp_send", kill_at)
                row.status, row.sent_at, row.attempts, row.last_error = OutboxStatus.SENT, now, row.attempts + 1, ""
                row.sent_copy = SentCopyState.PENDING if policy.sent_folder else SentCopyState.NONE
                report.sent += 1
                log.info("sent %s to %s", row.kind, ", ".join(row.recipients),
                         extra=_about(row))
    finally:
        disconnect(connection)
    return report


def _unreachable(exc: SmtpUnavailable, waiting: int, report: SendReport) -> None:
    if isinstance(exc, SmtpLoginRefused):
        report.login_refused = str(exc)
    report.deferred += waiting
    log.warning("%s; %d due messages wait for the next run", exc, waiting, extra={"step": "send"})


def _about(row: OutboxMessage) -> dict[str, str]:
    return {"message_id": row.message_id, "step": "send", "campaign": row.campaign_key}


def due_at(now: datetime) -> ColumnElement[bool]:
    return and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)


def _defer(row: OutboxMessage, policy: OutboxSettings, now: datetime, error: str, report: SendReport) -> None:
    row.attempts += 1
    row.last_error = error[:2000]
    if row.attempts >= policy.max_attempts:
        row.status = OutboxStatus.FAILED
        report.failed += 1
        log.error("giving up after %d attempts: %s", row.attempts, error,
                  extra=_about(row))
        return
    row.next_attempt_at = now + timedelta(seconds=policy.backoff_seconds * 2 ** (row.attempts - 1))
    report.deferred += 1
    log.warning("deferred (attempt %d): %s", row.attempts, error, extra=_about(row))


def mark_bounced(row: OutboxMessage, delivery: DeliveryStatus | None, reason: str) -> None:
    """A delivery report about one of our messages. A "delayed" notice is news, not failure:
    the message may still arrive, so only a failed (or unreadable) report marks the row."""
    if delivery is not None and delivery.action.lower() != "failed":
        return
    row.status = OutboxStatus.BOUNCED
    row.last_error = (f"bounced: {delivery.recipient} {delivery.status} {delivery.diagnostic}"
                      if delivery else f"bounced: {reason}")[:2000]
