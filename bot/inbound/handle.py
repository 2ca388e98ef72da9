"""What the pass does with one message of ours, by what is already known of it:

- recorded at this very place (folder, UIDVALIDITY, UID): a crash cut the pass after its
  commit; only its mailbox action is finished;
- over imap.max_message_bytes: recorded from its headers, not fetched;
- otherwise fetched (BODY.PEEK, once more on a renewed connection if the FETCH fails) and
  known by its identity, Message-ID *and* content: the same message seen again (a rebuilt
  folder, a copy) is acknowledged, not processed; one that reuses an earlier Message-ID
  with other content is processed as the new message it is, marked as colliding with the
  earlier one (shown to staff);
- a message that cannot be read far enough is recorded for staff (``unreadable``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import InboundMessage, MailboxActionState
from bot.errors import FetchError
from bot.faults import crash_point
from bot.inbound.acknowledge import UNFINISHED, acknowledge
from bot.inbound.context import Services
from bot.inbound.pipeline import process_message
from bot.inbound.quarantine import record_oversized, record_unreadable
from bot.inbound.record import headers_only, identity_of, plausible_time, stored_message_id
from bot.mail.actions import ActionTable
from bot.mail.imap import Mailbox, MailboxFolder, Summary
from parsers.mime.message import message_id
from parsers.model import Campaign

if TYPE_CHECKING:
    from bot.inbound.poll import PassReport


def known_at(session: Session, folder: MailboxFolder, uid: int) -> InboundMessage | None:
    """The message recorded at this place: the same message, by IMAP's own guarantee."""
    with session.begin():
        return session.scalars(select(InboundMessage).where(
            InboundMessage.account == folder.account, InboundMessage.folder == folder.folder,
            InboundMessage.uidvalidity == folder.uidvalidity, InboundMessage.uid == uid)).first()


def summary_identity(summary: Summary, kind: str) -> tuple[str, str]:
    """The identity of a message known only by its summary (too large to fetch, or unreadable)."""
    digest = hashlib.sha256(b"%s\0%d\0%s" % (kind.encode(), summary.size, summary.headers)).hexdigest()
    try:
        mid = message_id(headers_only(summary.headers))
    except Exception:  # noqa: BLE001 - headers that cannot be read: named by the digest
        mid = ""
    return (stored_message_id(mid) if mid else f"<{kind}.{digest[:32]}@intake-bot.invalid>", digest)


@dataclass
class Handling:
    services: Services
    mailbox: Mailbox
    action: ActionTable
    folder: MailboxFolder
    now: datetime
    report: PassReport
    notify: Callable[[str, dict[str, object]], None]

    @property
    def session(self) -> Session:
        return self.services.session

    def handle(self, summary: Summary, campaign: Campaign) -> None:
        self.report.ours += 1
        here = known_at(self.session, self.folder, summary.uid)
        if here is not None:
            self._seen_again(here, summary.uid)
        elif summary.size > self.services.settings.imap.max_message_bytes:
            self._oversized(summary, campaign)
        elif (raw := self._fetch(summary.uid)) is not None:  # None: expunged meanwhile by someone else
            self._process(raw, summary, campaign)

    def _oversized(self, summary: Summary, campaign: Campaign) -> None:
        identity = summary_identity(summary, "oversized")
        if not self._known(identity, summary.uid):
            self._count(record_oversized(summary.headers, summary.size, campaign.key, self.folder, summary.uid,
                                         self._received(summary), self.services, identity))

    def _process(self, raw: bytes, summary: Summary, campaign: Campaign) -> None:
        identity = identity_of(raw)
        if self._known(identity, summary.uid):
            return
        record = self._count(process_message(raw, campaign, self.folder, summary.uid, self.now, self.services,
                                             identity=identity, received_at=summary.internaldate,
                                             collides_with=self._by_message_id(identity[0])))
        if record is None:  # another process committed it first; it acknowledges it too
            return
        crash_point("after_commit", self.services.settings.fault_kill_at)
        acknowledge(self.session, self.mailbox, self.action, self.folder, record, summary.uid, self.report, self.now)

    def unreadable(self, summary: Summary, campaign_key: str | None, why: str) -> None:
        """Record a message that could not be read far enough; the mailbox is left as it is."""
        if known_at(self.session, self.folder, summary.uid) is not None:
            return
        identity = summary_identity(summary, "unreadable")
        if not self._known(identity, summary.uid, acknowledge_it=False):
            self._count(record_unreadable(summary.headers, campaign_key, self.folder, summary.uid,
                                          self._received(summary), self.services, why, identity))

    def _fetch(self, uid: int) -> bytes | None:
        limit = self.services.settings.imap.max_message_bytes
        try:
            return self.mailbox.fetch_message(uid, limit)
        except FetchError:
            return self.mailbox.fetch_message(uid, limit)  # once more, on the renewed connection

    def _known(self, identity: tuple[str, str], uid: int, acknowledge_it: bool = True) -> bool:
        """The same message, recorded before (elsewhere or in another UIDVALIDITY epoch)."""
        with self.session.begin():
            known = self.session.scalars(select(InboundMessage).where(
                InboundMessage.message_id == identity[0], InboundMessage.content_hash == identity[1])).first()
        if known is None:
            return False
        if acknowledge_it:
            self._seen_again(known, uid)
        return True

    def _seen_again(self, known: InboundMessage, uid: int) -> None:
        self.report.already_seen += 1
        renumbered = known.uidvalidity != self.folder.uidvalidity  # the same message in a rebuilt folder
        if known.mailbox_action in UNFINISHED or (renumbered and known.mailbox_action == MailboxActionState.DONE):
            acknowledge(self.session, self.mailbox, self.action, self.folder, known, uid, self.report, self.now,
                        uidvalidity=self.folder.uidvalidity)

    def _by_message_id(self, mid: str) -> InboundMessage | None:
        with self.session.begin():
            return self.session.scalars(select(InboundMessage).where(InboundMessage.message_id == mid)
                                        .order_by(InboundMessage.id).limit(1)).first()

    def _received(self, summary: Summary) -> datetime:
        return plausible_time(summary.internaldate) or self.now

    def _count(self, record: InboundMessage | None) -> InboundMessage | None:
        if record is None:  # stored by another process first (a unique-key race): already done
            self.report.already_seen += 1
            return None
        self.report.outcomes[record.outcome] += 1
        self.notify("message", {"message_id": record.message_id, "outcome": record.outcome,
                                "from": record.from_address, "detail": record.detail})
        return record
