"""intake-bot's exception tree. Every error raised on purpose derives from IntakeError.

    IntakeError                      (parsers/errors.py)
    ├── ParseError                   parser given input it cannot represent at all
    ├── ConfigError                  settings file, environment or campaign file is wrong;
    │                                the CLI prints its one-line message and exits 2
    ├── MailboxError                 the IMAP server refused or broke a conversation
    │   └── FetchError               one FETCH failed; the connection was renewed, so the
    │                                caller may go on with the next message
    ├── DeliveryError                SMTP refused a message
    │   ├── TemporaryDeliveryError   4xx or connection failure: retried with backoff
    │   └── PermanentDeliveryError   5xx: the outbox row is marked failed, shown to staff
    ├── StorageError                 the database is unreachable or not at our schema
    └── EmbeddedServerError          an embedded demo/test server (pymap, aiosmtpd) did not start

Bad *mail* is never an exception that escapes the pipeline: it becomes an outcome
(ignored, quarantined, needs_review, ...) recorded in the database.
"""

from parsers.errors import IntakeError, ParseError

__all__ = [
    "IntakeError",
    "ParseError",
    "ConfigError",
    "MailboxError",
    "FetchError",
    "DeliveryError",
    "TemporaryDeliveryError",
    "PermanentDeliveryError",
    "StorageError",
    "EmbeddedServerError",
]


class ConfigError(IntakeError):
    """Configuration is unusable. ``str(err)`` is one line naming file, key and fault."""

    def __init__(self, where: str, key: str | None, what: str) -> None:
        self.where, self.key, self.what = where, key, what
        location = f"{where}: {key}" if key else where
        super().__init__(f"{location}: {what}")


class MailboxError(IntakeError):
    """The IMAP server refused a command or the connection failed."""


class FetchError(MailboxError):
    """A FETCH failed (refused, or an answer the client could not read); the connection has
    been renewed on the same folder, so the next command is safe."""


class DeliveryError(IntakeError):
    """SMTP did not accept a message."""


class TemporaryDeliveryError(DeliveryError):
    """Worth trying again later (4xx, connection refused, timeout)."""


class PermanentDeliveryError(DeliveryError):
    """Will not succeed by retrying (5xx)."""


class StorageError(IntakeError):
    """The database cannot be used."""


class EmbeddedServerError(IntakeError):
    """An embedded server of `intake demo` or the tests failed to start or answer."""
