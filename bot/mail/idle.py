"""The IDLE watcher (RFC 2177): a read-only connection on the folder that says when new mail
is announced, so the worker can start a pass at once instead of at the next interval.

A lost connection (the server stopped, a login refused, a connection gone silent) is retried
with the worker's backoff (bot/backoff.py): from the poll interval (at least 30 s), doubled
per failure, with jitter, so the watcher never knocks on a refusing server more often than
the passes do, and it is one log line per change of state. IDLE is renewed every
``renew_seconds``; the DONE that ends it waits at most imap.timeout_seconds for the
server's answer, so a half-open connection (TCP up, the server silent) is found within
renew_seconds + timeout_seconds. After every (re)connection the pass is woken, which reads
from the checkpoint whatever arrived while nobody watched.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from imapclient.exceptions import IMAPClientError

from bot.backoff import Backoff, kind_of
from bot.errors import MailboxError
from bot.mail.faults import server_text
from bot.mail.imap import Mailbox
from bot.mail.oauth import TokenSource
from bot.settings import ImapSettings

log = logging.getLogger("intake.idle")
CHECK_SECONDS = 5  # how often a stop is noticed while idling


@dataclass
class Watcher:
    imap: ImapSettings
    new_mail: Callable[[], None]
    stop: threading.Event
    backoff: Backoff
    renew_seconds: float = 300
    tokens: TokenSource | None = None  # for imap.auth = "xoauth2"

    def run(self) -> None:
        """Call ``new_mail`` whenever the server announces a message in the folder, until ``stop``."""
        while not self.stop.is_set():
            try:
                with Mailbox(self.imap, self.tokens) as mailbox:
                    if b"IDLE" not in mailbox.capabilities():
                        log.info("server has no IDLE: passes run on the interval only", extra={"step": "idle"})
                        return
                    mailbox.client.select_folder(self.imap.folder, readonly=True)
                    self._connected()
                    self.new_mail()  # what arrived while nobody watched (start-up, a lost connection)
                    self._idle(mailbox)
            except (MailboxError, IMAPClientError, OSError) as exc:
                self._lost(exc)
                self.stop.wait(max(self.backoff.not_before - self.backoff.clock(), 0))

    def _connected(self) -> None:
        if self.backoff.failures:
            failures, seconds = self.backoff.recovered()
            log.info("IDLE watcher reconnected after %d failed tries over %d s", failures, seconds,
                     extra={"step": "idle"})
        log.info("watching %s for new mail (IDLE)", self.imap.folder, extra={"step": "idle"})

    def _lost(self, exc: BaseException) -> None:
        error, kind = server_text(exc) or type(exc).__name__, kind_of(exc)
        news = self.backoff.failures == 0 or kind != self.backoff.last_error
        wait = self.backoff.failed(kind)
        (log.warning if news else log.debug)("IDLE watcher lost the server (%s); retrying in %d s", error, wait,
                                             extra={"step": "idle"})

    def _idle(self, mailbox: Mailbox) -> None:
        client = mailbox.client
        while not self.stop.is_set():
            client.idle()
            waited, announced = 0.0, False
            # Short checks so a stop is noticed quickly; renewed well before servers time it out.
            while not self.stop.is_set() and waited < self.renew_seconds and not announced:
                responses = client.idle_check(timeout=min(CHECK_SECONDS, self.renew_seconds))
                waited += min(CHECK_SECONDS, self.renew_seconds)
                announced = _announces_mail(responses)
            _, last = client.idle_done()  # a silent server: the socket's timeout raises here
            if announced or _announces_mail(last):  # also what came as IDLE ended
                log.info("new mail announced", extra={"step": "idle"})
                self.new_mail()


def _announces_mail(responses: list) -> bool:
    return any(isinstance(r, tuple) and len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses)
