"""Quarantine: what is stored for a message whose processing failed, whatever failed.

Whatever one message does, it must not stop the mailbox: it is recorded, shown to staff
(`intake review` lists quarantined messages) and left as it is in the mailbox, and the pass
goes on. The record is stored in two tries, each in its own transaction:

1. the message's bytes and what its headers say (from, subject, date; all clamped, see
   bot.inbound.record), with what failed;
2. if even that cannot be stored, the least there is: identity, place (UID), size and what
   failed, read from nothing but the bytes' length.

Only the database being away stops the pass (StorageError): then nothing was acknowledged
and the next pass reads the message again. A record refused because another process stored
the same message first (its identity is unique) is not a fault: the message is already
done, and None is returned.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from bot.db.tables import InboundMessage, MailboxActionState
from bot.errors import StorageError
from bot.faults import fault_point
from bot.inbound.context import Outcome, Services
from bot.inbound.record import clean_text, headers_only, identity_of, inbound_record
from bot.mail.imap import MailboxFolder

log = logging.getLogger("intake.pipeline")
UNKNOWN = "unknown"


def failure(what: str, exc: BaseException) -> str:
    """"<what>: <the exception in one line>", for the record's detail."""
    return f"{what}: " + "".join(traceback.format_exception_only(type(exc), exc)).strip()


def quarantine(raw: bytes, campaign_key: str | None, folder: MailboxFolder, uid: int, received_at: datetime,
               services: Services, why: str, *, exc: BaseException | None = None,
               identity: tuple[str, str] | None = None, stored_raw: bytes | None = None) -> InboundMessage | None:
    """Record ``raw`` as quarantined because of ``why``, in the first of the two tries that stores
    (None: another process stored the same message first)."""
    services.session.rollback()
    identity = identity or identity_of(raw)
    log.error("quarantined: %s", why, extra={"message_id": identity[0], "step": "quarantine",
                                             "campaign": campaign_key or "-"}, exc_info=exc)
    state = dict(kind=UNKNOWN, outcome=Outcome.QUARANTINED.value, mailbox_action=MailboxActionState.SKIPPED)

    def full() -> InboundMessage:
        fault_point("record", services.settings.fault_raise_at, raw[:64 * 1024])
        return inbound_record(raw, headers_only(raw), campaign_key, folder, uid, received_at, identity=identity,
                              stored_raw=stored_raw, detail=why, **state)

    def least(error: BaseException) -> InboundMessage:
        return InboundMessage(
            message_id=identity[0], content_hash=identity[1], account=folder.account, folder=folder.folder,
            uidvalidity=folder.uidvalidity, uid=uid, campaign_key=campaign_key, from_address="", subject="",
            sent_at=None, received_at=received_at, size=min(len(raw), 2**31 - 1), raw=b"",
            detail=clean_text(f"{why}; {failure('and the record of it could not be stored', error)}"), **state)

    return store(services, full, least)


def store(services: Services, make: Callable[[], InboundMessage],
          fallback: Callable[[BaseException], InboundMessage]) -> InboundMessage | None:
    """Commit ``make()``; when that fails for any reason but the database being away, commit
    ``fallback(error)`` instead."""
    session = services.session
    try:
        return _commit(services, make())
    except StorageError:
        raise
    except Exception as exc:  # noqa: BLE001 - a value the database refuses: the least record instead
        session.rollback()
        log.error("storing the record failed: %s", exc, extra={"step": "quarantine"})
        failed = exc
    try:
        return _commit(services, fallback(failed))
    except StorageError:
        raise
    except Exception as least_exc:  # noqa: BLE001 - plain values refused: the database is at fault
        session.rollback()
        raise StorageError("the database refused even the least record of a message: {reason}",
                           reason=str(least_exc)) from least_exc


def _commit(services: Services, record: InboundMessage) -> InboundMessage | None:
    session = services.session
    identity = (record.message_id, record.content_hash)
    try:
        with session.begin():
            session.add(record)
    except (OperationalError, DisconnectionError) as exc:
        session.rollback()
        raise StorageError("database unavailable: {reason}", reason=str(exc)) from exc
    except IntegrityError:
        session.rollback()
        if already_stored(session, identity):
            log.info("already stored by another process", extra={"message_id": identity[0], "step": "quarantine"})
            return None
        raise
    return record


def already_stored(session: Session, identity: tuple[str, str]) -> bool:
    """Whether a message of this identity is recorded (by another process, after a unique-key race)."""
    with session.begin():
        return session.scalar(select(InboundMessage.id).where(
            InboundMessage.message_id == identity[0], InboundMessage.content_hash == identity[1]).limit(1)) is not None


def record_oversized(headers: bytes, size: int, campaign_key: str, folder: MailboxFolder, uid: int,
                     received_at: datetime, services: Services, identity: tuple[str, str]) -> InboundMessage | None:
    """A message over the size limit is not fetched; its headers are kept so staff can find it
    in the mailbox, where it stays untouched."""
    limit = services.settings.imap.max_message_bytes
    stand_in = headers.rstrip(b"\r\n") + f"\r\n\r\n[not fetched: {size} bytes]\r\n".encode()
    return quarantine(stand_in, campaign_key, folder, uid, received_at, services,
                      f"message is {size} bytes, over the limit of {limit} (imap.max_message_bytes)",
                      identity=identity)


def record_unreadable(headers: bytes, campaign_key: str | None, folder: MailboxFolder, uid: int,
                      received_at: datetime, services: Services, why: str,
                      identity: tuple[str, str]) -> InboundMessage | None:
    """A message the bot could not read far enough (its summary, its routing, its fetch):
    what there is of it is kept for staff, and the mailbox is left as it is."""
    return quarantine(headers, campaign_key, folder, uid, received_at, services, why, identity=identity)
