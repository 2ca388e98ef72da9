"""bench/imapstream.py: the server's bytes attributed to phases, however the stream is chunked."""

from __future__ import annotations

import threading

import pytest

from bench.imapstream import Conversation, Counts

HEADER = b"Subject: hello\r\n\r\n"
PART = b"UEsDBBQ=" * 10
WHOLE = b"Subject: hello\r\n\r\nbody\r\n"
# The conversation in order: what the client sends (None), or what the server sends and the
# phase its bytes belong to.
CONVERSATION: list[tuple[bytes, str | None]] = [
    (b"* OK ready\r\n", "other"),
    (b"a1 LOGIN board secret\r\n", None), (b"a1 OK logged in\r\n", "other"),
    (b"a2 SELECT INBOX\r\n", None), (b"* 2 EXISTS\r\na2 OK [READ-WRITE] selected\r\n", "other"),
    (b"a3 UID SEARCH UID 1:*\r\n", None), (b"* SEARCH 1 2\r\na3 OK done\r\n", "search"),
    (b"a4 UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODYSTRUCTURE)\r\n", None),
    (b"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {%d}\r\n" % len(HEADER), "headers"), (HEADER, "headers"),
    (b' BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 4 1 NIL NIL NIL NIL))\r\na4 OK done\r\n', "headers"),
    (b"a5 UID FETCH 2 (BODY.PEEK[2])\r\n", None),
    (b"* 2 FETCH (UID 2 BODY[2] {%d}\r\n" % len(PART), "headers"), (PART, "sections"),
    (b")\r\na5 OK done\r\n", "headers"),
    (b"a6 UID FETCH 2 (BODY.PEEK[]<0.1000>)\r\n", None),
    (b"* 2 FETCH (BODY[]<0> {%d}\r\n" % len(WHOLE), "headers"), (WHOLE, "messages"),
    (b" UID 2)\r\na6 OK done\r\n", "headers"),
    (b"a7 APPEND INBOX {11}\r\n", None), (b"+ go ahead\r\n", "other"),
    # The 11-byte literal looks like a command but is APPEND's message; then the APPEND line ends.
    (b"a8 NOOP is " + b"\r\n", None), (b"a7 OK appended\r\n", "other"),
    (b"a9 IDLE\r\n", None), (b"+ idling\r\n* 3 EXISTS\r\n", "other"),
    (b"DONE\r\n", None), (b"a9 OK idle done\r\n", "other"),
]


@pytest.mark.parametrize("chunk", [1, 2, 7, 64, 100_000])
def test_every_server_byte_lands_in_its_phase_however_it_is_chunked(chunk: int) -> None:
    counts = Counts()
    conversation = Conversation(lambda: counts, threading.Lock())
    wanted = Counts()
    for data, phase in CONVERSATION:
        stream = conversation.client if phase is None else conversation.server
        for start in range(0, len(data), chunk):
            stream.feed(data[start:start + chunk])
        if phase is not None:
            wanted.phases[phase] += len(data)

    assert counts.phases == wanted.phases
    assert counts.sections == {(2, "2"): len(PART)}
    assert counts.commands == {"LOGIN": 1, "SELECT": 1, "SEARCH": 1, "FETCH": 3, "APPEND": 1, "IDLE": 1}
    assert counts.client_bytes == sum(len(data) for data, phase in CONVERSATION if phase is None)
    assert len(counts.idle_ready) == 1 and len(counts.announced) == 1
