"""Fuzzing the MIME side with the mutations the hostile-input catalogue names, on the mail
corpus: duplicate loop headers, robot senders, encoded line breaks in headers, nesting depth,
many parameters and continuations, huge headers, absurd dates, flipped and cut bytes.

Whatever comes in: mime_fault answers without raising; a message within the limits is read
(classify, attachments, routing, DMARC, body text) without raising; what is read from its
headers is one line, and an address or Message-ID without spaces or control characters. And
each sign of automatic mail, added as one more header instance, still makes it automatic.
"""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.authresults import dmarc_result
from parsers.classify import Kind, classify
from parsers.mime.bounds import mime_fault
from parsers.mime.message import body_text, header_text, message_id, parse_message, sender_address
from parsers.route import route_message
from tests.data.mail.kit import CAMPAIGNS
from tests.support.fuzz_mail import MIME_MUTATIONS, header_line_break, nest, robot_sender
from tests.support.mailcorpus import AUTHSERV_ID, CORPUS, our_message_ids

SEEDS = [case.build() for case in CORPUS]
FUZZ = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
_ADDRESS = re.compile(r"[^\s\x00-\x1f]+@[^\s\x00-\x1f]+")
_REPORTS = (Kind.BOUNCE, Kind.READ_RECEIPT)


def read_all(raw: bytes) -> Kind | None:
    """Everything the bot reads of a message; None when the limits refuse it."""
    if mime_fault(raw):
        return None
    message = parse_message(raw)
    kind = classify(message, is_ours=our_message_ids.__contains__).kind
    route_message(message, CAMPAIGNS)
    body_text(message)
    dmarc_result(message, AUTHSERV_ID)
    for name in ("From", "Subject", "Date", "References"):
        assert not re.search(r"[\x00-\x1f\x7f]", header_text(message, name))
    address, mid = sender_address(message), message_id(message)
    assert address == "" or _ADDRESS.fullmatch(address), address
    assert mid == "" or re.fullmatch(r"<[^<>\s\x00-\x1f\x7f\ufffd]+>", mid), mid
    return kind


@FUZZ
@given(seed=st.sampled_from(range(len(SEEDS))), choices=st.lists(st.integers(0, len(MIME_MUTATIONS) - 1),
                                                               min_size=1, max_size=3), salt=st.integers(0, 2**32))
def test_mutated_mail_is_read_or_refused_never_raises(seed: int, choices: list[int], salt: int) -> None:
    rng = random.Random(salt)
    raw = SEEDS[seed]
    for choice in choices:
        raw = MIME_MUTATIONS[choice](rng, raw)
    kind = read_all(raw)
    assert kind is None or kind in Kind


SIGNS = [("Auto-Submitted", "auto-generated"), ("Auto-Submitted", "auto-replied"), ("Precedence", "bulk"),
         ("Precedence", "list"), ("List-Id", "<natverket.lists.lerum.se>"), ("Return-Path", "<>"),
         ("X-Autoreply", "yes"), ("List-Unsubscribe", "<mailto:u@x.se>")]


@FUZZ
@given(seed=st.sampled_from(range(len(SEEDS))), sign=st.sampled_from(SIGNS), where=st.floats(0, 1))
def test_a_sign_of_automatic_mail_counts_in_any_instance(seed: int, sign: tuple[str, str], where: float) -> None:
    head, _, body = SEEDS[seed].partition(b"\r\n\r\n") if b"\r\n\r\n" in SEEDS[seed] else \
        SEEDS[seed].replace(b"\n", b"\r\n").partition(b"\r\n\r\n")
    lines = re.split(rb"\r\n(?![ \t])", head)
    lines.insert(1 + int(where * (len(lines) - 1)), f"{sign[0]}: {sign[1]}".encode())
    kind = read_all(b"\r\n".join(lines) + b"\r\n\r\n" + body)
    assert kind is Kind.AUTOMATIC or kind in _REPORTS, (sign, kind)


@FUZZ
@given(seed=st.sampled_from(range(len(SEEDS))), salt=st.integers(0, 2**32))
def test_a_robot_sender_is_automatic(seed: int, salt: int) -> None:
    kind = read_all(robot_sender(random.Random(salt), SEEDS[seed]))
    assert kind is Kind.AUTOMATIC or kind in _REPORTS


@FUZZ
@given(seed=st.sampled_from(range(len(SEEDS))), salt=st.integers(0, 2**32))
def test_a_line_break_in_a_header_costs_no_address(seed: int, salt: int) -> None:
    before = sender_address(parse_message(SEEDS[seed]))
    after = header_line_break(random.Random(salt), SEEDS[seed])
    assert sender_address(parse_message(after)) == before
    read_all(after)


@FUZZ
@given(seed=st.sampled_from(range(len(SEEDS))), salt=st.integers(0, 2**32))
def test_nesting_depth_is_bounded_before_parsing(seed: int, salt: int) -> None:
    raw = nest(random.Random(salt), SEEDS[seed])
    depth = raw.count(b"multipart/mixed; boundary=n")
    assert bool(mime_fault(raw)) == (depth > 100)
    read_all(raw)
