"""Talking to the SMTP server: connect (with login), deliver one message, disconnect.

Faults are sorted for the outbox: no connection to be had raises SmtpUnavailable (the run
stops; no message is charged for it), 4xx replies and a connection lost while sending
TemporaryDeliveryError (retried with backoff), 5xx replies PermanentDeliveryError.
"""

from __future__ import annotations

import smtplib
import socket
import ssl

from bot.db.tables import OutboxMessage
from bot.errors import PermanentDeliveryError, SmtpLoginRefused, SmtpUnavailable, TemporaryDeliveryError
from bot.mail.oauth import TokenError, TokenSource, xoauth2_string
from bot.settings import SmtpSettings


def _open(smtp: SmtpSettings, tokens: TokenSource | None) -> smtplib.SMTP:
    connection: smtplib.SMTP | None = None
    try:
        if smtp.ssl:
            connection = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_seconds,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
            if smtp.starttls:
                connection.starttls(context=ssl.create_default_context())
        if smtp.auth == "xoauth2":
            _xoauth2_login(connection, smtp.username, tokens)
        elif smtp.username:
            connection.login(smtp.username, smtp.password)
        return connection
    except BaseException:
        if connection is not None:  # a refused login must not leave its socket open
            connection.close()
        raise


def connect(smtp: SmtpSettings, tokens: TokenSource | None = None) -> smtplib.SMTP:
    """A connection signed in as the settings say; SmtpUnavailable (SmtpLoginRefused for a
    refused login) when there is none to be had."""
    try:
        return _open(smtp, tokens)
    except TokenError as exc:
        raise SmtpUnavailable(f"SMTP sign-in for {smtp.username}: {exc}") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpLoginRefused(f"SMTP login refused for {smtp.username}: {exc.smtp_code}") from exc
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise SmtpUnavailable(f"cannot connect to SMTP {smtp.host}:{smtp.port}: {exc}") from exc


def _xoauth2_login(connection: smtplib.SMTP, username: str, tokens: TokenSource | None) -> None:
    """AUTH XOAUTH2 (RFC 4954 with Microsoft's and Google's initial response); once more with a
    token just issued when the server refuses the first."""
    if tokens is None:
        raise TokenError("smtp.auth = 'xoauth2' needs the [oauth] settings")
    connection.ehlo_or_helo_if_needed()
    for fresh in (False, True):
        answer = xoauth2_string(username, tokens.token(fresh=fresh))
        # After a refusal the server sends a 334 with its reason; an empty line ends the exchange.
        replies = iter((answer, ""))
        try:
            connection.auth("XOAUTH2", lambda challenge=None: next(replies, ""))
            return
        except smtplib.SMTPAuthenticationError:
            if fresh:
                raise


def deliver(connection: smtplib.SMTP, row: OutboxMessage) -> None:
    try:
        refused = connection.sendmail(row.sender, row.recipients, row.raw)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = {code for code, _ in exc.recipients.values()}
        error = TemporaryDeliveryError if all(400 <= c < 500 for c in codes) else PermanentDeliveryError
        raise error(f"all recipients refused: {exc.recipients}") from exc
    except smtplib.SMTPResponseException as exc:
        error = TemporaryDeliveryError if 400 <= exc.smtp_code < 500 else PermanentDeliveryError
        raise error(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise TemporaryDeliveryError(f"connection lost: {exc}") from exc
    if refused:
        # Some recipients took it; those refused are recorded, not retried (others have it).
        row.last_error = f"refused: {refused}"[:2000]


def disconnect(connection: smtplib.SMTP | None) -> None:
    if connection is not None:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()
    return None
