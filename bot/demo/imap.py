"""An embedded IMAP server (pymap, in memory, one user) on 127.0.0.1 for `intake demo` and the
tests, and the IMAP client helpers both use: a free port, waiting for the greeting, seeding a
folder. Nothing here is meant for production mail.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Self

from imapclient import IMAPClient

from bot.errors import EmbeddedServerError
from bot.demo.smtp import LOCALHOST, EmbeddedSmtp, ReceivedMessage
from bot.demo.server import LocalServer

__all__ = [
    "LOCALHOST",
    "EmbeddedServerError",
    "EmbeddedImap",
    "EmbeddedSmtp",
    "ReceivedMessage",
    "append_messages",
    "connect_imap",
    "find_free_port",
    "wait_for_imap_greeting",
]


def find_free_port(host: str = LOCALHOST) -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_for_imap_greeting(
    host: str,
    port: int,
    timeout: float,
    process: subprocess.Popen[bytes] | None = None,
    describe: str = "IMAP server",
) -> bytes:
    """Poll until ``host:port`` answers with an IMAP greeting; return the greeting line.

    Raises EmbeddedServerError when ``timeout`` passes or ``process`` exits first.
    """
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EmbeddedServerError(
                f"{describe} on {host}:{port} gave no IMAP greeting within {timeout:.1f} s"
                f" (last error: {last_error!r})"
            )
        try:
            with socket.create_connection((host, port), timeout=min(remaining, 2.0)) as sock:
                greeting = sock.makefile("rb").readline()
            if greeting.startswith((b"* OK", b"* PREAUTH")):
                return greeting
            last_error = EmbeddedServerError(f"unexpected greeting {greeting[:80]!r}")
        except OSError as err:
            last_error = err
        if process is None:
            # Nothing to wait on: a short pause keeps the poll from spinning.
            time.sleep(min(0.02, max(remaining, 0)))
            continue
        # Waiting on the process paces the poll and notices at once if it dies.
        try:
            code = process.wait(timeout=min(0.02, max(remaining, 0)))
        except subprocess.TimeoutExpired:
            continue
        raise EmbeddedServerError(f"{describe} exited with code {code} before it answered")


def connect_imap(
    host: str, port: int, username: str, password: str, timeout: float = 30.0
) -> IMAPClient:
    """A plain-text IMAPClient, logged in, with use_uid=True and TCP_NODELAY."""
    client = IMAPClient(host, port, ssl=False, use_uid=True, timeout=timeout)
    # imaplib writes an APPEND literal in two sends; without TCP_NODELAY Nagle's algorithm
    # and the server's delayed ACK cost ~40 ms per message.
    client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        client.login(username, password)
    except BaseException:
        client.shutdown()
        raise
    return client


def append_messages(
    host: str,
    port: int,
    username: str,
    password: str,
    folder: str,
    messages: Sequence[bytes],
    flags: Sequence[str | bytes] = (),
    batch_size: int = 500,
    use_multiappend: bool | None = None,
    dated: bool = False,
) -> None:
    """APPEND ``messages`` to ``folder`` (created if missing), each with ``flags``.

    Uses MULTIAPPEND in batches of ``batch_size`` when the server offers it (or when
    ``use_multiappend`` says so), else one APPEND per message. With ``dated``, each
    message's INTERNALDATE (when the server "received" it) is its own Date header, so a
    worked example arrives when its sender sent it.
    """
    with connect_imap(host, port, username, password) as client:
        if not client.folder_exists(folder):
            client.create_folder(folder)
        if use_multiappend is None:
            use_multiappend = client.has_capability("MULTIAPPEND")
        if use_multiappend:
            for start in range(0, len(messages), batch_size):
                batch = messages[start : start + batch_size]
                client.multiappend(folder, [_appended(m, flags, dated) for m in batch])
        else:
            for message in messages:
                client.append(folder, message, flags=tuple(flags), msg_time=_date_of(message) if dated else None)


def _appended(message: bytes, flags: Sequence[str | bytes], dated: bool) -> dict[str, object]:
    entry: dict[str, object] = {"msg": message, "flags": tuple(flags)}
    when = _date_of(message) if dated else None
    if when is not None:
        entry["date"] = when
    return entry


def _date_of(message: bytes) -> datetime | None:
    try:
        return parsedate_to_datetime(str(BytesHeaderParser().parsebytes(message)["Date"]))
    except (TypeError, ValueError, IndexError):
        return None


def _log_tail(path: Path | None, lines: int = 20) -> str:
    if path is None:
        return ""
    text = path.read_text(errors="replace").splitlines()[-lines:] if path.exists() else []
    return f"\n--- {path}:\n" + ("\n".join(text) or "(empty)")


class EmbeddedImap(LocalServer):
    """pymap with its in-memory backend and one user, on 127.0.0.1.

    Known limits (pymap 0.36): custom keywords such as ``$Processed`` are accepted but not
    stored; CLOSE fails on a folder opened read-only (use UNSELECT).
    """

    def __init__(
        self,
        username: str = "board",
        password: str = "secret",
        *,
        host: str = LOCALHOST,
        port: int | None = None,
        log_dir: Path | None = None,
        startup_timeout: float = 15.0,
    ) -> None:
        self.host = host
        self.port = port if port is not None else find_free_port(host)
        self.username = username
        self.password = password
        self.log_path = Path(log_dir) / f"pymap-{self.port}.log" if log_dir else None
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        """The argv that starts this server."""
        # pymap has no __main__ module and its console script may live outside the
        # interpreter's directory (pip --user, system packages): import it directly.
        launcher = "import sys; from pymap.main import main; sys.exit(main())"
        return [
            sys.executable, "-c", launcher,
            # A per-port pid name keeps concurrent instances apart when `pid` is installed.
            "--pid-file", f"intake-pymap-{self.port}",
            "--host", self.host, "--port", str(self.port), "--no-tls",
            "dict", "--demo-user", self.username, "--demo-password", self.password,
        ]  # fmt: skip

    def start(self) -> Self:
        """Start pymap and return once it answers with an IMAP greeting."""
        if self._process is not None:
            raise EmbeddedServerError("EmbeddedImap is already running")
        log: IO[bytes] | int = subprocess.DEVNULL
        if self.log_path is not None:
            log = self.log_path.open("ab")
        try:
            # Never a pipe: nobody reads it, and a full pipe would stall the server.
            self._process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        finally:
            if not isinstance(log, int):
                log.close()
        try:
            wait_for_imap_greeting(
                self.host, self.port, self.startup_timeout, self._process, "pymap"
            )
        except EmbeddedServerError as err:
            self.stop()
            raise EmbeddedServerError(f"{err}{_log_tail(self.log_path)}") from None
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate pymap and wait for it to exit. Safe to call twice."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    @property
    def running(self) -> bool:
        """True while the pymap process is alive."""
        return self._process is not None and self._process.poll() is None

