"""The IDLE watcher (RFC 2177): a read-only connection on the folder that says when new mail
is announced, so the worker can start a pass at once instead of at the next interval."""

from __future__ import annotations

import logging
import threading
from typing import Callable

from imapclient.exceptions import IMAPClientError

from bot.errors import MailboxError
from bot.mail.imap import Mailbox
from bot.mail.oauth import TokenSource
from bot.settings import ImapSettings

log = logging.getLogger("intake.idle")
IDLE_RENEW_SECONDS = 25 * 60  # RFC 2177: servers may drop an IDLE after 30 minutes
RECONNECT_SECONDS = 30


def watch_folder(imap: ImapSettings, new_mail: Callable[[], None], stop: threading.Event,
                 tokens: TokenSource | None = None) -> None:
    """Call ``new_mail`` whenever the server announces a message in the folder, until ``stop``."""
    while not stop.is_set():
        try:
            with Mailbox(imap, tokens) as mailbox:
                if b"IDLE" not in mailbox.capabilities():
                    log.info("server has no IDLE: passes run on the interval only", extra={"step": "idle"})
                    return
                mailbox.client.select_folder(imap.folder, readonly=True)
                log.info("watching %s for new mail (IDLE)", imap.folder, extra={"step": "idle"})
                new_mail()  # what arrived while nobody watched (start-up, a lost connection)
                _idle(mailbox, new_mail, stop)
        except (MailboxError, IMAPClientError, OSError) as exc:
            log.warning("IDLE watcher lost the server (%s); retrying in %d s", exc, RECONNECT_SECONDS,
                        extra={"step": "idle"})
            stop.wait(RECONNECT_SECONDS)


def _idle(mailbox: Mailbox, new_mail: Callable[[], None], stop: threading.Event) -> None:
    client = mailbox.client
    while not stop.is_set():
        client.idle()
        waited, announced = 0.0, False
        # Short checks so a stop is noticed quickly; renewed well before servers time it out.
        while not stop.is_set() and waited < IDLE_RENEW_SECONDS and not announced:
            responses = client.idle_check(timeout=5)
            waited += 5
            announced = _announces_mail(responses)
        _, last = client.idle_done()
        if announced or _announces_mail(last):  # also what came as IDLE ended
            log.info("new mail announced", extra={"step": "idle"})
            new_mail()


def _announces_mail(responses: list) -> bool:
    return any(isinstance(r, tuple) and len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses)
