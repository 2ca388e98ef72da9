"""An aiosmtpd server that signs clients in with AUTH XOAUTH2 only, checking each bearer token
with the local token authority (tests/support/servers/entra.py), as Exchange Online does.

A refused token gets what Microsoft and Google send: a 334 with a base64 JSON reason, then
535 once the client answers with an empty line.
"""

from __future__ import annotations

import base64
import json
import threading
from typing import Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

from bot.demo.imap import find_free_port
from tests.support.servers.entra import HOST, Ledger


class _XOAuth2Handler:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.lock = threading.Lock()
        self.messages: list[tuple[str, bytes]] = []  # (the signed-in user, the message)
        self.sign_ins: list[str] = []                  # "ok" or "refused", in order

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        encoded = args[1] if len(args) > 1 else (await server.challenge_auth("", encode_to_b64=False)).decode()
        fields = dict(part.split("=", 1) for part in base64.b64decode(encoded).decode().split("\x01") if "=" in part)
        user, token = fields.get("user", ""), fields.get("auth", "").removeprefix("Bearer ")
        if user == self.ledger.username and self.ledger.valid(token):
            self.sign_ins.append("ok")
            return AuthResult(success=True, auth_data=user)
        self.sign_ins.append("refused")
        await server.challenge_auth(json.dumps({"status": "401", "schemes": "bearer", "scope": "SMTP.Send"}))
        return AuthResult(success=False, handled=False, message="535 5.7.3 Authentication unsuccessful")

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if not session.authenticated:
            return "530 5.7.57 Client not authenticated to send mail"
        with self.lock:
            self.messages.append((str(session.auth_data), bytes(envelope.original_content or b"")))
        return "250 2.0.0 OK"


class XOAuth2Smtp:
    def __init__(self, ledger: Ledger) -> None:
        self.handler = _XOAuth2Handler(ledger)
        self._controller = Controller(self.handler, hostname=HOST, port=find_free_port(HOST), server_hostname="localhost",
                                      auth_require_tls=False, auth_exclude_mechanism=["LOGIN", "PLAIN"])
        self.host = HOST

    def start(self) -> Self:
        self._controller.start()
        self.port = self._controller.port
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def messages(self) -> list[tuple[str, bytes]]:
        with self.handler.lock:
            return list(self.handler.messages)
