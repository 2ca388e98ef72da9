"""Summaries a batch at a time, and message by message when a batch fails, against a real
Dovecot: a BODYSTRUCTURE line over the client's 1 MB limit costs only its own message, and
every failed FETCH leaves a renewed, usable connection."""

from __future__ import annotations

import pytest

from bot.errors import FetchError, MailboxError
from bot.mail.imap import Mailbox
from bot.mail.summaries import summaries
from bot.settings import ImapSettings

HUGE = b"a" * (1024 * 1024 + 100_000)


def message(n: int, part_header: bytes = b"Content-Type: text/plain") -> bytes:
    return (f"From: kim@lerum.se\r\nSubject: Dnr 801-9838-2024 nr {n}\r\nMessage-ID: <m{n}@lerum.se>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=xx\r\n\r\n--xx\r\n").encode() + \
        part_header + b"\r\n\r\nHej\r\n--xx--\r\n"


@pytest.fixture
def box(mailbox, imap_server):
    if imap_server.kind != "dovecot":
        pytest.skip("pymap gives no BODYSTRUCTURE line over 1 MB")
    mailbox.append([message(1), message(2, b"Content-Type: text/plain; name=" + HUGE), message(3)])
    settings = ImapSettings(host=mailbox.host, port=mailbox.port, username=mailbox.username, password=mailbox.password)
    with Mailbox(settings) as connected:
        connected.select("INBOX")
        yield connected


def test_a_failed_batch_is_fetched_message_by_message(box: Mailbox) -> None:
    (batch,) = list(summaries(box, [1, 2, 3], batch_size=200))
    assert [s.uid for s in batch] == [1, 2, 3]
    first, poisoned, last = batch
    assert (first.fault, last.fault) == ("", "")
    assert first.bodystructure is not None and last.bodystructure is not None
    assert b"Dnr 801-9838-2024 nr 2" in poisoned.headers and poisoned.size > 1024 * 1024
    assert poisoned.bodystructure is None and "BODYSTRUCTURE could not be fetched" in poisoned.fault


def test_batches_around_the_poisoned_one_are_untouched(box: Mailbox) -> None:
    batches = list(summaries(box, [1, 2, 3, 99], batch_size=1))
    assert [[s.uid for s in batch] for batch in batches] == [[1], [2], [3], []]  # 99 is not there
    assert [bool(batch[0].fault) for batch in batches[:3]] == [False, True, False]


def test_a_failed_fetch_renews_the_connection(box: Mailbox) -> None:
    with pytest.raises(FetchError):
        box.fetch([2], [b"BODYSTRUCTURE"])
    assert box.fetch([3], [b"RFC822.SIZE"])[3][b"RFC822.SIZE"] > 0
    assert box.uids_after(0) == [1, 2, 3]


def test_a_server_that_is_gone_is_a_mailbox_error_not_a_fetch_error(box: Mailbox) -> None:
    box.settings = ImapSettings(host=box.settings.host, port=1, username="x", password="y", timeout_seconds=2)
    box.client.shutdown()
    with pytest.raises(MailboxError) as raised:
        box.fetch([1], [b"RFC822.SIZE"])
    assert not isinstance(raised.value, FetchError)
