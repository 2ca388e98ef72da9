"""intake-bot's exception tree. Every error raised on purpose derives from IntakeError.

    IntakeError                      (parsers/errors.py)
    ├── ParseError                   parser given input it cannot represent at all
    ├── ConfigError                  settings file, environment, argument or campaign file is
    │                                wrong; the CLI prints its one line and exits 2
    ├── MailboxError                 the IMAP server refused or broke a conversation
    │   ├── LoginRefused             the server refused our login (a changed password)
    │   └── FetchError               one FETCH failed; the connection was renewed, so the
    │                                caller may go on with the next message
    ├── DeliveryError                SMTP refused a message
    │   ├── TemporaryDeliveryError   4xx or a connection lost: retried with backoff
    │   │   └── SmtpUnavailable      no connection to be had (refused, timeout, TLS, sign-in):
    │   │       │                    the run stops, no row is charged an attempt
    │   │       └── SmtpLoginRefused the SMTP server refused our login
    │   └── PermanentDeliveryError   5xx: the outbox row is marked failed, shown to staff
    ├── StorageError                 the database is unreachable or not at our schema
    ├── MailboxBusy                  another process holds the mailbox's lease (bot/db/lease.py);
    │                                the CLI exits 75 (EX_TEMPFAIL: try again later)
    ├── ReviewError                  a staff action cannot be done: no such item, a state that
    │                                does not allow it, a value that does not fit the field
    └── EmbeddedServerError          an embedded demo/test server (pymap, aiosmtpd) did not start

Bad *mail* is never an exception that escapes the pipeline: it becomes an outcome
(ignored, quarantined, needs_review, ...) recorded in the database.

The errors an operator reads are *worded*: an English template with ``{name}`` fields and
the values, so the command line can say the same line in Swedish (bot/cli/fault_words.py
holds the Swedish of every template; ``str(err)`` is the English).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from typing import Callable

from parsers.errors import IntakeError, ParseError

__all__ = [
    "IntakeError",
    "ParseError",
    "Phrase",
    "Worded",
    "ConfigError",
    "MailboxError",
    "LoginRefused",
    "FetchError",
    "DeliveryError",
    "TemporaryDeliveryError",
    "PermanentDeliveryError",
    "SmtpLoginRefused",
    "SmtpUnavailable",
    "StorageError",
    "MailboxBusy",
    "ReviewError",
    "EmbeddedServerError",
]

Translate = Callable[[str], str]  # an English template -> the same template in another language


def _same(template: str) -> str:
    return template


@dataclass(frozen=True)
class Phrase:
    """A worded part of a message: a template and its values, translated with the message."""

    template: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, translate: Translate = _same) -> str:
        template = translate(self.template)
        if not self.values:
            return template
        return template.format(**{k: v.text(translate) if isinstance(v, Phrase) else v for k, v in self.values.items()})


_OS_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EEXIST: "a part of the path is a file, not a directory",
    errno.ENOTDIR: "a part of the path is a file, not a directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EISDIR: "it is a directory",
}


def os_reason(exc: OSError) -> Phrase:
    """An OSError's reason in words that can be translated (the OS's own words otherwise)."""
    words = _OS_REASONS.get(exc.errno or 0)
    return Phrase(words) if words else Phrase("{answer}", {"answer": exc.strerror or str(exc)})


class Worded(IntakeError):
    """An error whose message is ``template.format(**values)`` in the reader's language;
    a value may itself be a Phrase."""

    def __init__(self, template: str, **values: object) -> None:
        self.phrase = Phrase(template, values)
        super().__init__(self.text())

    @property
    def template(self) -> str:
        return self.phrase.template

    def text(self, translate: Translate = _same) -> str:
        return " ".join(self.phrase.text(translate).split())


_KINDS_OF_PLACE = {"environment": "environment variable {name}", "argument": "argument {name}"}


class ConfigError(Worded):
    """Configuration is unusable: one line naming where (file, environment variable or
    argument), the key, and the fault. ``where`` is a file path or an ``environment:``/
    ``argument:`` name; ``key`` may be None."""

    def __init__(self, where: str, key: str | None, what: str, **values: object) -> None:
        self.where, self.key, self.what = where, key, what
        super().__init__(what, **values)

    def text(self, translate: Translate = _same) -> str:
        location = self._where(translate)
        location = f"{location}: {self.key}" if self.key else location
        return f"{location}: {super().text(translate)}"

    def _where(self, translate: Translate) -> str:
        if self.where == "defaults":  # no settings file: the default of a setting is at fault
            return translate("(no settings file)")
        kind, _, name = self.where.partition(":")
        if kind in _KINDS_OF_PLACE and name:
            return translate(_KINDS_OF_PLACE[kind]).format(name=name)
        return self.where


class MailboxError(Worded):
    """The IMAP server refused a command or the connection failed."""


class LoginRefused(MailboxError):
    """The IMAP server refused the login: the password or token is wrong, or the account locked."""


class FetchError(MailboxError):
    """A FETCH failed (refused, or an answer the client could not read); the connection has
    been renewed on the same folder, so the next command is safe."""


class DeliveryError(IntakeError):
    """SMTP did not accept a message."""


class TemporaryDeliveryError(DeliveryError):
    """Worth trying again later (4xx, connection refused, timeout)."""


class SmtpUnavailable(TemporaryDeliveryError):
    """No SMTP connection could be made or signed in: the server, not a message, is at fault."""


class SmtpLoginRefused(SmtpUnavailable):
    """The SMTP server refused the login (retried like any temporary fault)."""


class PermanentDeliveryError(DeliveryError):
    """Will not succeed by retrying (5xx)."""


class StorageError(Worded):
    """The database cannot be used."""


class MailboxBusy(Worded):
    """Another process is working on the mailbox (its lease is held) and did not finish in the
    time a one-shot command waits for it."""


class ReviewError(IntakeError):
    """A staff action was refused. ``code`` and ``params`` say why; the command line words
    them for staff (bot/cli/texts.py, ``refused_<code>``); ``str(err)`` is a one-line fallback."""

    def __init__(self, code: str, **params: str) -> None:
        self.code, self.params = code, params
        super().__init__(f"{code}: " + ", ".join(f"{k}={v}" for k, v in params.items()))


class EmbeddedServerError(Worded):
    """An embedded server of `intake demo` or the tests failed to start or answer."""
