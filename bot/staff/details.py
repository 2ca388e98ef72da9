"""Everything about one review item, for `intake review show`: the affiliation with its versions,
messages, replies and staff actions; or one message or reply with what belongs to it. And, on
request, the original messages and their attachments saved to a folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation, InboundMessage, OutboxMessage, StaffAction, Submission
from bot.staff.audit import actions_about
from parsers.mime.message import attachments, parse_message
from replies.message import file_name

_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Details:
    affiliation: Affiliation | None = None
    message: InboundMessage | None = None   # the item itself, when it is a message
    reply: OutboxMessage | None = None      # the item itself, when it is a reply
    messages: list[InboundMessage] = field(default_factory=list)  # what arrived about it
    replies: list[OutboxMessage] = field(default_factory=list)    # what we sent about it
    actions: list[StaffAction] = field(default_factory=list)


def affiliation_details(session: Session, affiliation: Affiliation) -> Details:
    submission_ids = [v.submission_id for v in affiliation.versions]
    ids = select(Submission.inbound_message_id).where(Submission.affiliation_id == affiliation.id)
    messages = session.scalars(select(InboundMessage).where(InboundMessage.id.in_(ids))
                               .order_by(InboundMessage.received_at)).all()
    replies = session.scalars(select(OutboxMessage).where(or_(
        OutboxMessage.submission_id.in_(submission_ids),
        OutboxMessage.dedupe_key.like(f"rejection:{affiliation.id}:%"))).order_by(OutboxMessage.id)).all()
    return Details(affiliation=affiliation, messages=list(messages), replies=list(replies),
                   actions=actions_about(session, affiliation))


def message_details(session: Session, message: InboundMessage) -> Details:
    replies = session.scalars(select(OutboxMessage).where(OutboxMessage.inbound_message_id == message.id)
                              .order_by(OutboxMessage.id)).all()
    related = [message.related_outbox] if message.related_outbox is not None else []
    return Details(message=message, messages=[message], replies=[*related, *replies],
                   actions=actions_about(session, message))


def reply_details(session: Session, reply: OutboxMessage) -> Details:
    about = session.scalars(select(InboundMessage).where(InboundMessage.related_outbox_id == reply.id)
                            .order_by(InboundMessage.received_at)).all()
    messages = [reply.inbound_message, *about] if reply.inbound_message is not None else list(about)
    return Details(reply=reply, messages=messages, replies=[reply], actions=actions_about(session, reply))


def save_originals(details: Details, folder: Path) -> list[Path]:
    """Each message as ``m<id>.eml`` and each of its files as ``m<id>-<n>-<name>`` in ``folder``.
    Names come from senders, so only a cleaned last path component is ever used. A message
    whose copy retention has emptied is skipped (the mailbox still has it)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for message in details.messages:
        if not message.raw:
            continue
        written.append(_write(folder / f"m{message.id}.eml", message.raw))
        for n, attachment in enumerate(attachments(parse_message(message.raw)), start=1):
            written.append(_write(folder / f"m{message.id}-{n}-{safe_name(attachment.filename)}", attachment.data))
    return written


def safe_name(name: str) -> str:
    cleaned = _UNSAFE.sub("_", file_name(name, default="bilaga")).strip(" .") or "bilaga"
    return cleaned[:120]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
