"""The IMAP mailbox: a folder read from a checkpoint, messages fetched without side effects.

Everything here is read-only except ``bot.mail.actions``, which runs only for messages
whose outcome is committed. Messages are always fetched with BODY.PEEK so reading never
sets \\Seen on anything, ours or not.

A FETCH the server refuses, or answers with something the client cannot read (imaplib gives
up on a response line over 1 MB, e.g. a BODYSTRUCTURE carrying a huge parameter), leaves the
connection in an unknown state: the rest of that answer may still be on the wire. So every
failed FETCH drops the connection and logs in again on the same folder before it raises
FetchError; the caller may then go on, message by message (bot.mail.summaries).
"""

from __future__ import annotations

import socket
import ssl as ssl_module
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from bot.errors import FetchError, LoginRefused, MailboxError
from bot.mail.faults import connection_fault
from bot.mail.oauth import TokenSource
from bot.settings import ImapSettings


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
    bodystructure: object  # imapclient's BodyData; only walked, never stored (None: not had)
    internaldate: datetime | None  # when the server received it (aware)
    fault: str = ""  # what could not be fetched of it ('' when nothing failed)


class Mailbox:
    """One IMAP connection on one folder. Use as a context manager."""

    def __init__(self, settings: ImapSettings, tokens: TokenSource | None = None) -> None:
        self.settings = settings
        self.tokens = tokens  # for auth = "xoauth2"
        self.account = settings.account
        self._client: imapclient.IMAPClient | None = None
        self._selected: tuple[str, int] | None = None  # folder and its UIDVALIDITY

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
        except (IMAPClientError, OSError, socket.timeout) as exc:
            raise MailboxError("cannot log in to IMAP {server} as {user}: {fault}", server=f"{s.host}:{s.port}",
                               user=s.username, fault=connection_fault(exc)) from exc
        try:
            _no_delay(client)
            if s.starttls:
                client.starttls(context)
            client.normalise_times = False  # keep INTERNALDATE's own offset: aware datetimes
            self._sign_in(client)
        except BaseException as exc:
            # A refused login must not leave its socket open: the worker retries for months.
            _shut(client)
            if not isinstance(exc, (IMAPClientError, OSError, socket.timeout)):
                raise
            fault = LoginRefused if isinstance(exc, LoginError) else MailboxError
            raise fault("cannot log in to IMAP {server} as {user}: {fault}", server=f"{s.host}:{s.port}",
                        user=s.username, fault=connection_fault(exc)) from exc
        self._client = client

    def _sign_in(self, client: imapclient.IMAPClient) -> None:
        s = self.settings
        if s.auth == "xoauth2":
            if self.tokens is None:
                raise MailboxError("imap.auth = 'xoauth2' needs the [oauth] settings")
            try:
                client.oauth2_login(s.username, self.tokens.token())
            except LoginError:
                # A token revoked or expired early: once more with one just issued, then give up.
                client.oauth2_login(s.username, self.tokens.token(fresh=True))
        elif (s.username + s.password).isascii():
            client.login(s.username, s.password)
        else:
            # LOGIN is ASCII-only; AUTHENTICATE PLAIN carries UTF-8 (RFC 4616).
            client.plain_login(s.username, s.password)

    def close(self) -> None:
        if self._client is None:
            return
        try:
            self._client.logout()
        except (IMAPClientError, OSError):
            pass  # the connection is going away either way
        self._client = None

    def reconnect(self) -> None:
        """Drop the connection unread, log in again and select the same folder; MailboxError
        when the server is away or the folder's UIDVALIDITY changed meanwhile."""
        if self._client is not None:
            try:
                self._client.shutdown()
            except (IMAPClientError, OSError):
                pass
            self._client = None
        self.connect()
        if self._selected is not None:
            folder, uidvalidity = self._selected
            if self.select(folder).uidvalidity != uidvalidity:
                raise MailboxError("UIDVALIDITY of {folder!r} changed during the pass", folder=folder)

    def fetch(self, uids: Sequence[int], items: Sequence[bytes]) -> dict[int, dict[bytes, object]]:
        """FETCH ``items`` of ``uids``; on failure the connection is renewed and FetchError raised."""
        try:
            return self.client.fetch(list(uids), list(items))
        except (IMAPClientError, OSError) as exc:
            self.reconnect()
            raise FetchError("FETCH of {count} message(s) failed: {fault}", count=len(uids),
                             fault=connection_fault(exc)) from exc

    def capabilities(self) -> frozenset[bytes]:
        return frozenset(self.client.capabilities())

    def select(self, folder: str) -> FolderState:
        try:
            info = self.client.select_folder(folder)
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("cannot open the folder {folder!r}: {fault}", folder=folder,
                               fault=connection_fault(exc)) from exc
        state = FolderState(int(info[b"UIDVALIDITY"]), int(info.get(b"UIDNEXT", 0)), int(info.get(b"EXISTS", 0)))
        self._selected = (folder, state.uidvalidity)
        return state

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs greater than ``last_uid`` (``N:*`` also matches the highest UID below N)."""
        try:
            found = self.client.search(["UID", f"{last_uid + 1}:*"])
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("UID SEARCH failed: {fault}", fault=connection_fault(exc)) from exc
        return sorted(uid for uid in found if uid > last_uid)

    def search_uids(self, first_uid: int, criteria: Sequence[object]) -> set[int]:
        """UIDs from ``first_uid`` on that match ``criteria`` (imapclient's form: nested lists
        are parenthesised), in one UID SEARCH."""
        try:
            found = self.client.search(["UID", f"{first_uid}:*", *criteria], charset="UTF-8")
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("UID SEARCH failed: {fault}", fault=connection_fault(exc)) from exc
        return {uid for uid in found if uid >= first_uid}

    def fetch_message(self, uid: int, max_bytes: int) -> bytes | None:
        """The whole message, or None when the server no longer has it. At most
        ``max_bytes`` are transferred; callers check the size first."""
        item = self.fetch([uid], [f"BODY.PEEK[]<0.{max_bytes}>".encode()]).get(uid, {})
        for key, value in item.items():
            if key.startswith(b"BODY[]"):
                return bytes(value)
        return None

    def fetch_sections(self, uids: Sequence[int], sections: Sequence[str]) -> dict[int, dict[str, bytes]]:
        """{uid: {section: bytes}} of BODY.PEEK[section] for each section, for routing."""
        data = self.fetch(uids, [f"BODY.PEEK[{s}]".encode() for s in sections])
        wanted = {f"BODY[{s}]".encode(): s for s in sections}
        return {uid: {wanted[key]: bytes(value or b"") for key, value in item.items() if key in wanted}
                for uid, item in data.items()}

    def fetch_partial(self, uids: Sequence[int], section: str, start: int, length: int) -> dict[int, bytes]:
        """{uid: bytes} of BODY.PEEK[section]<start.length>: the encoded bytes of a part, in part."""
        data = self.fetch(uids, [f"BODY.PEEK[{section}]<{start}.{length}>".encode()])
        prefix = f"BODY[{section}]<".encode()
        return {uid: bytes(value or b"") for uid, item in data.items() for key, value in item.items()
                if key.startswith(prefix)}

    def flags(self, uids: Sequence[int]) -> dict[int, tuple[bytes, ...]]:
        return {uid: tuple(v.get(b"FLAGS", ())) for uid, v in self.client.get_flags(list(uids)).items()} \
            if uids else {}


def _shut(client: imapclient.IMAPClient) -> None:
    try:
        client.shutdown()
    except (IMAPClientError, OSError):
        pass


def _no_delay(client: imapclient.IMAPClient) -> None:
    # Without TCP_NODELAY an APPEND literal waits on Nagle's algorithm (pymap stalls ~44 ms).
    sock = getattr(client._imap, "sock", None)  # imapclient exposes no public handle
    if sock is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
