"""Test-only helpers around real servers: what the fixtures in tests/conftest.py hand out.

``Mailbox`` is one IMAP account with helpers for seeding it and for asserting what the bot
did to it; ``PymapServer`` and ``dovecot.DovecotServer`` both give out fresh accounts.
"""

from __future__ import annotations

import email.parser
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, Protocol, TypeVar

from imapclient import IMAPClient

from bot.demo.imap import EmbeddedImap, append_messages, connect_imap

V = TypeVar("V")


def running_in_ci() -> bool:
    """True when CI=true: missing servers must then fail the run, not skip."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def unavailable(what: str) -> NoReturn:
    """A server or tool a test needs is missing (``what`` says which): under CI=true the run
    fails, elsewhere the test is skipped."""
    import pytest

    if running_in_ci():
        pytest.fail(f"CI=true but {what}", pytrace=False)
    pytest.skip(what)


@dataclass(frozen=True)
class Credentials:
    """Where and as whom to log in to an IMAP server (plain text, no TLS)."""

    host: str
    port: int
    username: str
    password: str


class ImapServer(Protocol):
    """What the ``imap_server`` fixture is: a server kind that hands out fresh accounts."""

    kind: str

    def new_mailbox(self, log_dir: Path | None = None) -> AbstractContextManager[Credentials]:
        """Credentials of an account with an empty INBOX, valid inside the ``with``."""
        ...

    def stop(self) -> None:
        """Stop the server and release what it holds."""
        ...


class PymapServer:
    """pymap has a single in-memory user, so every mailbox is a fresh pymap process."""

    kind = "pymap"

    @contextmanager
    def new_mailbox(self, log_dir: Path | None = None) -> Iterator[Credentials]:
        with EmbeddedImap(log_dir=log_dir) as server:
            yield Credentials(server.host, server.port, server.username, server.password)

    def stop(self) -> None:
        """Nothing runs between mailboxes."""


@dataclass(frozen=True)
class StoredMessage:
    """One message as the server holds it, for before/after comparisons."""

    folder: str
    uid: int
    message_id: str | None
    flags: frozenset[str]
    sha256: str

    @property
    def key(self) -> str:
        """Message-ID, or the content hash for a message without one."""
        return self.message_id or f"sha256:{self.sha256}"


def _message_id(raw: bytes) -> str | None:
    value = email.parser.BytesHeaderParser().parsebytes(raw).get("Message-ID")
    if value is None:
        return None
    # Folded headers keep their line break; a Message-ID never contains whitespace.
    return "".join(str(value).split()) or None


class Mailbox:
    """One IMAP account: where it is, and helpers to seed and inspect it."""

    def __init__(self, credentials: Credentials, folder: str = "INBOX") -> None:
        self.host = credentials.host
        self.port = credentials.port
        self.username = credentials.username
        self.password = credentials.password
        self.folder = folder

    def client(self) -> IMAPClient:
        """A connected, logged-in IMAPClient (use_uid=True); use it in a ``with``."""
        return connect_imap(self.host, self.port, self.username, self.password)

    def env(self) -> dict[str, str]:
        """The INTAKE_IMAP_* environment variables that point the bot at this mailbox."""
        return {
            "INTAKE_IMAP_HOST": self.host,
            "INTAKE_IMAP_PORT": str(self.port),
            "INTAKE_IMAP_SSL": "false",
            "INTAKE_IMAP_USERNAME": self.username,
            "INTAKE_IMAP_PASSWORD": self.password,
            "INTAKE_IMAP_FOLDER": self.folder,
        }

    def append(
        self,
        messages: Sequence[bytes | Path],
        flags: Sequence[str] = (),
        folder: str | None = None,
        dated: bool = False,
    ) -> None:
        """APPEND messages (bytes, or paths of .eml files) to ``folder`` (default: ours);
        with ``dated``, each arrives (INTERNALDATE) at its own Date header."""
        raw = [m.read_bytes() if isinstance(m, Path) else m for m in messages]
        append_messages(
            self.host, self.port, self.username, self.password,
            folder or self.folder, raw, flags=flags, dated=dated,
        )  # fmt: skip

    def snapshot(self) -> list[StoredMessage]:
        """Every message in every selectable folder, in folder then UID order."""
        stored: list[StoredMessage] = []
        with self.client() as client:
            for folder_flags, _, name in client.list_folders():
                if {b"\\Noselect", b"\\NonExistent"} & set(folder_flags):
                    continue
                # Read-only, so looking changes nothing (and no CLOSE: pymap refuses it).
                client.select_folder(name, readonly=True)
                uids = client.search("ALL")
                if not uids:
                    continue
                for uid, data in sorted(client.fetch(uids, ["FLAGS", "BODY.PEEK[]"]).items()):
                    raw = data[b"BODY[]"]
                    stored.append(
                        StoredMessage(
                            folder=name,
                            uid=uid,
                            message_id=_message_id(raw),
                            # \Recent is per session, not a property of the message.
                            flags=frozenset(
                                f.decode() for f in data[b"FLAGS"] if f != b"\\Recent"
                            ),
                            sha256=hashlib.sha256(raw).hexdigest(),
                        )
                    )
        return stored

    def flags_by_message_id(self, folder: str | None = None) -> dict[str, set[str]]:
        """{Message-ID: flags} for ``folder`` (default: ours).

        A message without Message-ID is keyed ``sha256:<hex>``; two messages with the same
        key raise ValueError (use ``snapshot()`` for those).
        """
        wanted = folder or self.folder
        return _unique(
            (m.key, set(m.flags)) for m in self.snapshot() if m.folder == wanted
        )

    def folders_by_message_id(self) -> dict[str, str]:
        """{Message-ID: folder} over all folders; keys and duplicates as flags_by_message_id."""
        return _unique((m.key, m.folder) for m in self.snapshot())


def _unique(pairs: Iterable[tuple[str, V]]) -> dict[str, V]:
    result: dict[str, V] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"{key} occurs more than once; compare snapshot() instead")
        result[key] = value
    return result
