"""An embedded SMTP server (aiosmtpd, in a thread) on 127.0.0.1 for `intake demo` and the tests:
it records what it accepts and can be told to refuse (the fault injector of the outbox tests).
"""

from __future__ import annotations

import hmac
import socket
import threading
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from bot.errors import EmbeddedServerError
from bot.demo.server import LocalServer

LOCALHOST = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMessage:
    """One message accepted by EmbeddedSmtp."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    original_content: bytes
    received_at: datetime
    auth_login: str | None
    """The AUTH username the client logged in with, None without AUTH."""


FaultStage = Literal["MAIL", "RCPT", "DATA"]


@dataclass(frozen=True)
class _Fault:
    reply: str
    stage: FaultStage


class _RecordingHandler:
    """aiosmtpd handler: records accepted messages and plays queued faults.

    Hooks run on the controller's event-loop thread; the test thread reads the records and
    queues faults, so all shared state sits behind one Condition.
    """

    def __init__(self, save_dir: Path | None, auth_required: bool) -> None:
        self.save_dir = save_dir
        self.auth_required = auth_required
        self.changed = threading.Condition()
        self.messages: list[ReceivedMessage] = []
        self.accepted = 0  # never reset, so saved file names stay unique after clear()
        self.faults: list[_Fault] = []
        # The fault chosen at MAIL FROM belongs to that transaction's envelope only;
        # aiosmtpd makes a new Envelope per transaction, so the entry dies with it.
        self._transaction_fault: weakref.WeakKeyDictionary[Envelope, _Fault] = (
            weakref.WeakKeyDictionary()
        )

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        # aiosmtpd can require AUTH itself, but without TLS it then emits a UserWarning,
        # which the test suite turns into an error; refusing here is the same to a client.
        if self.auth_required and not session.authenticated:
            return "530 5.7.0 Authentication required"
        with self.changed:
            fault = self.faults.pop(0) if self.faults else None
        if fault is None:
            self._transaction_fault.pop(envelope, None)
        else:
            self._transaction_fault[envelope] = fault
            if fault.stage == "MAIL":
                return fault.reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        fault = self._transaction_fault.get(envelope)
        if fault is not None and fault.stage == "RCPT":
            return fault.reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        fault = self._transaction_fault.pop(envelope, None)
        if fault is not None and fault.stage == "DATA":
            return fault.reply
        auth = session.auth_data
        content = envelope.original_content or b""
        record = ReceivedMessage(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            original_content=content,
            received_at=datetime.now(UTC),
            auth_login=auth.login.decode() if isinstance(auth, LoginPassword) else None,
        )
        with self.changed:
            self.messages.append(record)
            self.accepted += 1
            if self.save_dir is not None:
                (self.save_dir / f"{self.accepted:03d}.eml").write_bytes(content)
            self.changed.notify_all()
        return "250 2.0.0 Message accepted for delivery"


class _SocketController(Controller):
    """A Controller that serves on a socket we bound ourselves.

    Binding port 0 first leaves no window for another process to take the port, and a
    bind failure surfaces at once instead of after Controller's ready timeout.
    """

    def __init__(self, handler: Any, sock: socket.socket, **kwargs: Any) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(handler, hostname=host, port=port, **kwargs)
        self._sock = sock

    def _create_server(self) -> Any:
        # BaseController documents _create_server as the hook subclasses override.
        return self.loop.create_server(self._factory_invoker, sock=self._sock)


class EmbeddedSmtp(LocalServer):
    """An aiosmtpd SMTP server on 127.0.0.1 that keeps every message it accepts.

    ``fail_next`` makes it refuse the next messages with a given reply (the fault injector
    for outbox tests). With ``username`` and ``password`` it requires AUTH (PLAIN/LOGIN,
    no TLS).
    """

    def __init__(
        self,
        *,
        host: str = LOCALHOST,
        port: int | None = None,
        save_dir: Path | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        if (username is None) != (password is None):
            raise ValueError("give both username and password, or neither")
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.save_dir = Path(save_dir) if save_dir is not None else None
        self._handler = _RecordingHandler(self.save_dir, auth_required=username is not None)
        self._controller: Controller | None = None

    def _authenticate(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: Any,
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and self.username is not None
            and self.password is not None
            and hmac.compare_digest(auth_data.login, self.username.encode())
            and hmac.compare_digest(auth_data.password, self.password.encode())
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def start(self) -> Self:
        """Start serving; returns once the server accepts connections."""
        if self._controller is not None:
            raise EmbeddedServerError("EmbeddedSmtp is already running")
        if self.save_dir is not None:
            self.save_dir.mkdir(parents=True, exist_ok=True)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port or 0))
        except OSError as err:
            sock.close()
            raise EmbeddedServerError(f"cannot listen on {self.host}:{self.port}: {err}") from err
        auth: dict[str, Any] = {}
        if self.username is not None:
            auth = {"authenticator": self._authenticate, "auth_require_tls": False}
        controller = _SocketController(
            self._handler,
            sock,
            # The default announces socket.getfqdn(), which can wait on DNS for seconds.
            server_hostname="localhost",
            enable_SMTPUTF8=True,
            **auth,
        )
        try:
            controller.start()
        except BaseException:
            sock.close()
            raise
        self.port, self._controller = controller.port, controller
        return self

    def stop(self) -> None:
        """Stop serving. Safe to call twice."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()


    @property
    def messages(self) -> list[ReceivedMessage]:
        """A copy of the messages accepted so far, oldest first."""
        with self._handler.changed:
            return list(self._handler.messages)

    def clear(self) -> None:
        """Forget the messages received so far (saved .eml files stay)."""
        with self._handler.changed:
            self._handler.messages.clear()

    def fail_next(
        self, reply: str = "451 4.3.0 try later", count: int = 1, stage: FaultStage = "DATA"
    ) -> None:
        """Answer ``reply`` to the next ``count`` transactions instead of accepting them.

        ``stage`` is the command that gets the reply: "MAIL", "RCPT" (every recipient of the
        transaction) or "DATA" (after the content was sent). Faults queue up in call order.
        """
        if stage not in ("MAIL", "RCPT", "DATA"):
            raise ValueError(f"stage must be MAIL, RCPT or DATA, not {stage!r}")
        code = reply[:3]
        if not (code.isdigit() and code[0] in "45" and reply[3:4] in ("", " ")):
            raise ValueError(f"reply must start with a 4xx or 5xx code: {reply!r}")
        if count < 1:
            raise ValueError(f"count must be at least 1, not {count}")
        with self._handler.changed:
            self._handler.faults.extend([_Fault(reply, stage)] * count)

    @property
    def pending_faults(self) -> int:
        """How many queued faults have not been played yet."""
        with self._handler.changed:
            return len(self._handler.faults)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedMessage]:
        """Block until at least ``count`` messages were accepted; return them all.

        Raises TimeoutError naming how many arrived when ``timeout`` passes first.
        """
        with self._handler.changed:
            if not self._handler.changed.wait_for(
                lambda: len(self._handler.messages) >= count, timeout
            ):
                raise TimeoutError(
                    f"expected {count} message(s) within {timeout} s,"
                    f" got {len(self._handler.messages)}"
                )
            return list(self._handler.messages)
