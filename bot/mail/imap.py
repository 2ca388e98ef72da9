"""The IMAP mailbox: a folder read from a checkpoint, messages fetched without side effects.

Everything here is read-only except ``bot.mail.actions``, which runs only for messages
whose outcome is committed. Messages are always fetched with BODY.PEEK so reading never
sets \\Seen on anything, ours or not.
"""

from __future__ import annotations

import socket
import ssl as ssl_module
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator, Sequence

import imapclient
from imapclient.exceptions import IMAPClientError

from bot.errors import MailboxError
from bot.mail.faults import connection_fault
from bot.settings import ImapSettings

_SUMMARY_HEADERS = b"MESSAGE-ID SUBJECT FROM DATE IN-REPLY-TO REFERENCES"


@dataclass(frozen=True)
class MailboxFolder:
    """Where a message is: a folder of an account, in one UIDVALIDITY epoch (its UID is
    passed beside it)."""

    account: str
    folder: str
    uidvalidity: int


@dataclass(frozen=True)
class FolderState:
    uidvalidity: int
    uidnext: int
    exists: int


@dataclass(frozen=True)
class Summary:
    """What routing needs to know about a message before deciding to open it."""

    uid: int
    headers: bytes
    size: int
    bodystructure: object  # imapclient's BodyData; only walked, never stored
    internaldate: datetime | None  # when the server received it (aware)


class Mailbox:
    """One IMAP connection on one folder. Use as a context manager."""

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self.account = f"{settings.username}@{settings.host}:{settings.port}"
        self._client: imapclient.IMAPClient | None = None

    def __enter__(self) -> Mailbox:
        self.connect()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def client(self) -> imapclient.IMAPClient:
        if self._client is None:
            raise MailboxError("not connected to the IMAP server")
        return self._client

    def connect(self) -> None:
        s = self.settings
        try:
            context = ssl_module.create_default_context() if s.ssl or s.starttls else None
            client = imapclient.IMAPClient(s.host, port=s.port, ssl=s.ssl, ssl_context=context,
                                           use_uid=True, timeout=s.timeout_seconds)
            _no_delay(client)
            if s.starttls:
                client.starttls(context)
            client.normalise_times = False  # keep INTERNALDATE's own offset: aware datetimes
            if (s.username + s.password).isascii():
                client.login(s.username, s.password)
            else:
                # LOGIN is ASCII-only; AUTHENTICATE PLAIN carries UTF-8 (RFC 4616).
                client.plain_login(s.username, s.password)
        except (IMAPClientError, OSError, socket.timeout) as exc:
            raise MailboxError("cannot log in to IMAP {server} as {user}: {fault}", server=f"{s.host}:{s.port}",
                               user=s.username, fault=connection_fault(exc)) from exc
        self._client = client

    def close(self) -> None:
        if self._client is None:
            return
        try:
            self._client.logout()
        except (IMAPClientError, OSError):
            pass  # the connection is going away either way
        self._client = None

    def capabilities(self) -> frozenset[bytes]:
        return frozenset(self.client.capabilities())

    def select(self, folder: str) -> FolderState:
        try:
            info = self.client.select_folder(folder)
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("cannot open the folder {folder!r}: {fault}", folder=folder,
                               fault=connection_fault(exc)) from exc
        return FolderState(int(info[b"UIDVALIDITY"]), int(info.get(b"UIDNEXT", 0)), int(info.get(b"EXISTS", 0)))

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs greater than ``last_uid`` (``N:*`` also matches the highest UID below N)."""
        try:
            found = self.client.search(["UID", f"{last_uid + 1}:*"])
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("UID SEARCH failed: {fault}", fault=connection_fault(exc)) from exc
        return sorted(uid for uid in found if uid > last_uid)

    def summaries(self, uids: Sequence[int], batch_size: int) -> Iterator[list[Summary]]:
        """Headers, size and BODYSTRUCTURE of ``uids``, a batch at a time."""
        for start in range(0, len(uids), batch_size):
            batch = list(uids[start:start + batch_size])
            try:
                data = self.client.fetch(batch, [b"BODY.PEEK[HEADER.FIELDS (" + _SUMMARY_HEADERS + b")]",
                                                 b"RFC822.SIZE", b"BODYSTRUCTURE", b"INTERNALDATE"])
            except (IMAPClientError, OSError) as exc:
                raise MailboxError("FETCH of {count} summaries failed: {fault}", count=len(batch),
                                   fault=connection_fault(exc)) from exc
            yield [Summary(uid, _header_block(data[uid]), int(data[uid].get(b"RFC822.SIZE", 0)),
                           data[uid].get(b"BODYSTRUCTURE"), _aware(data[uid].get(b"INTERNALDATE")))
                   for uid in batch if uid in data]

    def fetch_message(self, uid: int, max_bytes: int) -> bytes | None:
        """The whole message, or None when the server no longer has it. At most
        ``max_bytes`` are transferred; callers check the size first."""
        try:
            data = self.client.fetch([uid], [f"BODY.PEEK[]<0.{max_bytes}>".encode()])
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("FETCH of UID {uid} failed: {fault}", uid=uid, fault=connection_fault(exc)) from exc
        item = data.get(uid, {})
        for key, value in item.items():
            if key.startswith(b"BODY[]"):
                return bytes(value)
        return None

    def fetch_sections(self, uids: Sequence[int], sections: Sequence[str]) -> dict[int, dict[str, bytes]]:
        """{uid: {section: bytes}} of BODY.PEEK[section] for each section, for routing."""
        items = [f"BODY.PEEK[{s}]".encode() for s in sections]
        try:
            data = self.client.fetch(list(uids), items)
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("FETCH of sections {sections} failed: {fault}", sections=", ".join(sections),
                               fault=connection_fault(exc)) from exc
        wanted = {f"BODY[{s}]".encode(): s for s in sections}
        return {uid: {wanted[key]: bytes(value or b"") for key, value in item.items() if key in wanted}
                for uid, item in data.items()}

    def flags(self, uids: Sequence[int]) -> dict[int, tuple[bytes, ...]]:
        return {uid: tuple(v.get(b"FLAGS", ())) for uid, v in self.client.get_flags(list(uids)).items()} \
            if uids else {}


def _aware(value: object) -> datetime | None:
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def _header_block(item: dict[bytes, object]) -> bytes:
    # Servers echo the section name in their own spelling (quoted or not); match the prefix.
    for key, value in item.items():
        if key.startswith(b"BODY[HEADER"):
            return bytes(value) if value else b""
    return b""


def _no_delay(client: imapclient.IMAPClient) -> None:
    # Without TCP_NODELAY an APPEND literal waits on Nagle's algorithm (pymap stalls ~44 ms).
    sock = getattr(client._imap, "sock", None)  # imapclient exposes no public handle
    if sock is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
