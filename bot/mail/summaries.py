"""What routing needs to know of each new message, fetched a batch at a time, and message by
message when a batch fails.

A batch of ``imap.batch_size`` summaries is one FETCH of headers, size, BODYSTRUCTURE and
INTERNALDATE. One message can make that FETCH fail for all of them (a BODYSTRUCTURE line
over the client's 1 MB limit, from a header parameter of that size), so a failed batch is
fetched again one message at a time, each in two FETCHes (headers, size and date; then the
structure), so that what one message does costs only that message. A message whose summary
still cannot be had comes back with ``fault`` saying what failed, and is recorded for staff
(bot.inbound.poll); it never stops the pass. Only a server that is away (the connection
cannot be renewed) raises, as MailboxError.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime

from bot.errors import FetchError
from bot.mail.imap import Mailbox, Summary

log = logging.getLogger("intake.mailbox")
HEADER_FIELDS = b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT FROM DATE IN-REPLY-TO REFERENCES)]"
_PLAIN = (HEADER_FIELDS, b"RFC822.SIZE", b"INTERNALDATE")
_STRUCTURE = b"BODYSTRUCTURE"


def summaries(mailbox: Mailbox, uids: Sequence[int], batch_size: int) -> Iterator[list[Summary]]:
    """Summaries of ``uids``, a batch at a time (UIDs the server no longer has are left out)."""
    for start in range(0, len(uids), batch_size):
        batch = list(uids[start:start + batch_size])
        try:
            data = mailbox.fetch(batch, [*_PLAIN, _STRUCTURE])
        except FetchError as exc:
            log.warning("%s: fetching the %d summaries one by one", exc, len(batch), extra={"step": "summaries"})
            yield [found for uid in batch if (found := one_summary(mailbox, uid)) is not None]
            continue
        yield [_summary(uid, data[uid]) for uid in batch if uid in data]


def one_summary(mailbox: Mailbox, uid: int) -> Summary | None:
    """The summary of one message, its structure fetched apart; None when it is gone."""
    try:
        plain = mailbox.fetch([uid], _PLAIN).get(uid)
    except FetchError as exc:
        return Summary(uid, b"", 0, None, None, fault=f"its headers could not be fetched ({exc})")
    if plain is None:
        return None
    try:
        structure = mailbox.fetch([uid], [_STRUCTURE]).get(uid, {}).get(_STRUCTURE)
        fault = ""
    except FetchError as exc:
        structure, fault = None, f"its BODYSTRUCTURE could not be fetched ({exc})"
    summary = _summary(uid, {**plain, _STRUCTURE: structure})
    return Summary(summary.uid, summary.headers, summary.size, summary.bodystructure, summary.internaldate,
                   fault or summary.fault)


def _summary(uid: int, item: dict[bytes, object]) -> Summary:
    try:
        size = int(item.get(b"RFC822.SIZE", 0))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return Summary(uid, _header_block(item), 0, None, None, fault="the server gave no usable size")
    return Summary(uid, _header_block(item), max(size, 0), item.get(_STRUCTURE), _aware(item.get(b"INTERNALDATE")))


def _aware(value: object) -> datetime | None:
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def _header_block(item: dict[bytes, object]) -> bytes:
    # Servers echo the section name in their own spelling (quoted or not); match the prefix.
    for key, value in item.items():
        if key.startswith(b"BODY[HEADER"):
            return bytes(value) if isinstance(value, (bytes, bytearray)) else b""
    return b""
