"""Talking to the SMTP server: connect (with login), deliver one message, disconnect.

Faults are sorted for the outbox: 4xx replies and connection trouble raise
TemporaryDeliveryError (retried with backoff), 5xx replies PermanentDeliveryError.
"""

from __future__ import annotations

import smtplib
import socket
import ssl

from bot.db.tables import OutboxMessage
from bot.errors import PermanentDeliveryError, SmtpLoginRefused, TemporaryDeliveryError
from bot.settings import SmtpSettings


def connect(smtp: SmtpSettings) -> smtplib.SMTP:
    try:
        if smtp.ssl:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_seconds,
                                                        context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
            if smtp.starttls:
                connection.starttls(context=ssl.create_default_context())
        if smtp.username:
            connection.login(smtp.username, smtp.password)
        return connection
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpLoginRefused(f"SMTP login refused for {smtp.username}: {exc.smtp_code}") from exc
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise TemporaryDeliveryError(f"cannot connect to SMTP {smtp.host}:{smtp.port}: {exc}") from exc


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
