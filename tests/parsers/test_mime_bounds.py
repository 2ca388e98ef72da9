"""parsers.mime.bounds: the limits on MIME structure, checked before the email package parses,
and header reading that stays within bounds and never raises (parsers.mime.message)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.mime.bounds import DEFAULT_MIME_LIMITS, MimeLimits, mime_fault
from parsers.mime.message import (MAX_TEXT_CHARS, MAX_THREAD_IDS, header_text, header_values, message_id,
                                  parse_message, sender_address, sent_at, thread_ids)
from tests.support.mailcorpus import CORPUS

TOP = b"From: kim@lerum.se\r\nSubject: Dnr 801-9838-2024\r\nMessage-ID: <m@lerum.se>\r\nMIME-Version: 1.0\r\n"


def nested(depth: int, kind: bytes = b"multipart/mixed") -> bytes:
    body = b"Content-Type: text/plain\r\n\r\nHej\r\n"
    for level in range(depth):
        if kind.startswith(b"message/"):
            body = b"Content-Type: message/rfc822\r\n\r\nFrom: x@y.se\r\n" + body
        else:
            body = (b"Content-Type: %s; boundary=b%d\r\n\r\n--b%d\r\n" % (kind, level, level) + body
                    + b"\r\n--b%d--\r\n" % level)
    return TOP + body


def with_part(header: bytes) -> bytes:
    return (TOP + b"Content-Type: multipart/mixed; boundary=xx\r\n\r\n--xx\r\nContent-Type: text/plain\r\n\r\nHej\r\n"
            b"--xx\r\n" + header + b"\r\n\r\nAAAA\r\n--xx--\r\n")


def params(count: int) -> bytes:
    return b"".join(b";\r\n p%d=v" % i for i in range(count))


FAULTS = [
    # (name, message, words of the fault; '' when within the limits)
    ("plain", TOP + b"\r\nHej\r\n", ""),
    ("nested 100", nested(100), ""),
    ("nested 101", nested(101), "nested multiparts"),
    ("nested 1000", nested(1000), "nested multiparts"),
    ("attached messages 150", nested(150, b"message/rfc822"), "attached messages"),
    ("100 parameters", with_part(b"Content-Type: application/octet-stream" + params(100)), ""),
    ("101 parameters", with_part(b"Content-Type: application/octet-stream" + params(101)), "more than 100 parameters"),
    ("20,000 parameters", with_part(b"Content-Type: application/octet-stream" + params(20_000)), "header over"),
    ("continuations", with_part(b"Content-Disposition: attachment" + b"".join(
        b";\r\n filename*%d*=%%C3%%A5" % i for i in range(500))), "content-disposition"),
    ("parameters in the top header", TOP.replace(b"MIME-Version", b"Content-Type: text/plain" + params(200)
                                                  + b"\r\nMIME-Version") + b"\r\nHej\r\n", "parameters"),
    ("a long folded header", TOP + b"X-Junk: " + b"x\r\n " * 40_000 + b"\r\n\r\nHej\r\n", "x-junk header over"),
    ("a part header over the limit", with_part(b"Content-Type: text/plain; name=" + b"a" * 70_000), "header over"),
    ("header blocks over 1 MiB", TOP + b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 60) for i in range(20_000))
     + b"\r\nHej\r\n", "header blocks over"),
    ("a body that looks like headers", TOP + b"\r\n" + b"Content-Type: text/plain" + params(500) + b"\r\n", ""),
    ("dashes in a text body", TOP + b"\r\n" + b"-- \r\nX-Sig: " + b"y" * 70_000 + b"\r\n", ""),
]


@pytest.mark.parametrize("name", [f[0] for f in FAULTS])
def test_limits(name: str) -> None:
    _, raw, words = next(f for f in FAULTS if f[0] == name)
    fault = mime_fault(raw)
    assert (words in fault) if words else fault == "", fault


def test_tighter_limits_and_many_parts() -> None:
    part = b"--p\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    parts = TOP + b"Content-Type: multipart/mixed; boundary=p\r\n\r\n" + part * 30
    assert mime_fault(parts) == ""
    assert mime_fault(parts, MimeLimits(max_parts=20)) == "more than 20 parts"
    assert DEFAULT_MIME_LIMITS == MimeLimits(64 * 1024, 1024 * 1024, 100, 100, 1000)


def test_real_mail_is_within_the_limits(samples_dir: Path) -> None:
    for raw in [case.build() for case in CORPUS] + [p.read_bytes() for p in samples_dir.glob("*.eml")]:
        assert mime_fault(raw) == ""


def test_headers_are_read_within_bounds_and_never_raise() -> None:
    raw = (b"From: =?utf-8?q?Kim=0D=0ABerg?= <Kim.Berg@Lerum.se>\r\nSubject: Dnr 801-9838-2024 " + b"x " * 600_000
           + b"\r\nDate: Mon, 02 Jun 99999999999999999999 08:00:00 +0200\r\nMessage-ID: <a\x00b\x80c@lerum.se>\r\n"
           b"References: " + b" ".join(b"<r%d@x.se>" % i for i in range(5000)) + b"\r\nIn-Reply-To: <last@x.se>\r\n"
           b"Subject: second\r\n\r\nHej\r\n")
    message = parse_message(raw)
    subject = header_text(message, "Subject")
    assert subject.startswith("Dnr 801-9838-2024") and len(subject) <= MAX_TEXT_CHARS
    assert header_values(message, "Subject")[1] == "second"
    assert header_text(message, "From") == "Kim Berg <Kim.Berg@Lerum.se>"
    assert sender_address(message) == "kim.berg@lerum.se"
    assert sent_at(message) is None
    assert message_id(message) == "<abc@lerum.se>"
    ids = thread_ids(message)
    assert ids[0] == "<last@x.se>" and ids[-1] == "<r4999@x.se>" and len(ids) == MAX_THREAD_IDS + 1


@pytest.mark.parametrize("date", ["Fri, 31 Dec 9999 23:59:59 -1400", "Mon, 02 Jun 0000 00:00:00 +0000",
                                  "Mon, 99 Jun 2025 00:00:00 +0200", "yesterday", ""])
def test_odd_dates_never_raise(date: str) -> None:
    value = sent_at(parse_message(f"Date: {date}\r\n\r\nx".encode()))
    assert value is None or value.tzinfo is not None
