"""What went wrong talking to a mail server, in words an operator reads: by kind (refused,
name not found, TLS, timeout, login refused), never as a Python repr of the server's bytes."""

from __future__ import annotations

import socket
import ssl

from imapclient.exceptions import IMAPClientError, LoginError

from bot.errors import Phrase


def server_text(value: object) -> str:
    """A server's answer as text: bytes decoded, quotes and b'' gone, one line."""
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", errors="replace")
    text = str(value)
    if len(text) > 3 and text[:2] in ("b'", 'b"') and text[-1] == text[1]:
        text = text[2:-1]
    return " ".join(text.split())[:300]


def connection_fault(exc: BaseException) -> Phrase:
    """The kind of fault behind ``exc`` as a Phrase (translated with the message it is in)."""
    if isinstance(exc, LoginError):
        return Phrase("login refused ({answer})", {"answer": _answer(exc)})
    if isinstance(exc, ConnectionRefusedError):
        return Phrase("connection refused (is the server running and the port right?)")
    if isinstance(exc, socket.gaierror):
        return Phrase("host name not found")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Phrase("the server's TLS certificate is not trusted ({answer})", {"answer": exc.verify_message})
    if isinstance(exc, ssl.SSLError):
        return Phrase("TLS failed ({answer})", {"answer": server_text(exc.reason or exc)})
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return Phrase("no answer in time")
    if isinstance(exc, IMAPClientError):
        return Phrase("the server refused ({answer})", {"answer": _answer(exc)})
    if isinstance(exc, OSError):
        return Phrase("connection failed ({answer})", {"answer": exc.strerror or server_text(exc)})
    return Phrase("{answer}", {"answer": server_text(exc)})


def _answer(exc: BaseException) -> str:
    return server_text(exc.args[0] if exc.args else exc)
