"""Seeded mutations of real mail and real forms, for fuzzing the whole bot through its CLI.

``mutated_messages(count, seed)`` gives ``count`` messages, the same ones for the same seed.
Each starts from a real message (the mail corpus, the worked samples) or a real filled form,
and takes one to three mutations from MIME_MUTATIONS (duplicate loop headers, robot senders,
encoded line breaks in headers, deep nesting, many parameters, RFC 2231 continuations, huge
headers, absurd dates, flipped and cut bytes) or, for a form, from DOCX_MUTATIONS (overlapping
entries, understated sizes, encryption, nested tables, corrupt entries) and BYTE_MUTATIONS
(flipped, cut and inserted bytes).

Every message is ours whatever the mutations did: its first header lines are a Subject with
the case number and a unique Message-ID (``<fuzz-N@fuzz.example>``, with a control character
now and then); the seed's own Subject and Message-ID are renamed out of the way.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cache

from tests.support import docx_mutations as docx
from tests.support.hostile_mail import CASE, DOCX, filled_form, mail
from tests.support.mailcorpus import CORPUS
from tests.support.paths import REPO
from parsers.senders import ROBOT_LOCAL_PARTS

Mutation = Callable[[random.Random, bytes], bytes]
SAMPLES = REPO / "tests" / "data" / "samples"
ENCRYPTED = (REPO / "tests" / "data" / "forms" / "vg-form-encrypted.docx").read_bytes()
_LOOP_HEADERS = [("Auto-Submitted", "auto-generated"), ("Auto-Submitted", "no"), ("Precedence", "bulk"),
                 ("Precedence", "first-class"), ("List-Id", "<natverket.lists.lerum.se>"), ("Return-Path", "<>"),
                 ("X-Autoreply", "yes"), ("X-Auto-Response-Suppress", "All")]
_ROBOTS = ["owner-natverket", "natverket-owner", "natverket-request", "bounces+x=lerum.se", "mailer-daemon",
           "postmaster", "noreply", "do-not-reply", "listserv", "majordomo"]
assert len(_ROBOTS) == len(ROBOT_LOCAL_PARTS)


@cache
def seeds() -> tuple[bytes, ...]:
    return tuple(case.build() for case in CORPUS) + tuple(p.read_bytes() for p in sorted(SAMPLES.glob("*.eml")))


def _split(raw: bytes) -> tuple[bytes, bytes]:
    end = raw.find(b"\r\n\r\n")
    return (raw, b"") if end < 0 else (raw[:end + 2], raw[end + 2:])


def _add_header(raw: bytes, line: bytes) -> bytes:
    head, body = _split(raw)
    return head + line + b"\r\n" + body


def duplicate_header(rng: random.Random, raw: bytes) -> bytes:
    name, value = rng.choice(_LOOP_HEADERS)
    return _add_header(raw, f"{name}: {value}".encode())


def robot_sender(rng: random.Random, raw: bytes) -> bytes:
    local = rng.choice(_ROBOTS)
    field = rng.choice(["From", "Sender"])
    head, body = _split(raw)
    head = re.sub(rb"(?im)^From:", b"X-Was-From:", head, count=1) if field == "From" else head
    return head + f"{field}: Lista <{local}@lists.lerum.se>\r\n".encode() + body


def header_line_break(rng: random.Random, raw: bytes) -> bytes:
    broken = rng.choice(["=?utf-8?q?Kim=0D=0ABerg?=", "=?utf-8?b?S2ltDQpCZXJn?=", "=?utf-8?q?Kim=00Berg?=",
                         "=?utf-8?q?a=0D=0ABcc:_x@y.se?="])
    head, body = _split(raw)
    sender = re.search(rb"(?im)^From:[^\r\n]*?([\w.+-]+@[\w.-]+)", head)
    if sender and rng.random() < 0.5:  # the same address, behind a display name with a line break
        line = b"From: " + broken.encode() + b" <" + sender.group(1) + b">"
        return head[:sender.start()] + line + head[head.index(b"\r\n", sender.end()):] + body
    return head + f"X-Topic: {broken}\r\n".encode() + body


def nest(rng: random.Random, raw: bytes) -> bytes:
    head, body = _split(raw)
    depth = rng.choice([2, 20, 150, 1200])
    inner = b"Content-Type: text/plain\r\n\r\nhej\r\n"
    for level in range(depth):
        inner = (b"Content-Type: multipart/mixed; boundary=n%d\r\n\r\n--n%d\r\n" % (level, level) + inner
                 + b"\r\n--n%d--\r\n" % level)
    head = re.sub(rb"(?im)^Content-Type:", b"X-Was-Content-Type:", head)
    return head + b"MIME-Version: 1.0\r\n" + inner


def many_parameters(rng: random.Random, raw: bytes) -> bytes:
    count = rng.choice([5, 120, 3000])
    extra = b"".join(b";\r\n p%d=v%d" % (i, i) for i in range(count))
    return re.sub(rb"(?i)(Content-Type: *[a-z]+/[a-z.+-]+)", lambda m: m.group(1) + extra, raw, count=1)


def continuations(rng: random.Random, raw: bytes) -> bytes:
    count = rng.choice([4, 200, 3000])
    extra = b"".join(b";\r\n filename*%d*=%%C3%%A5" % i for i in range(count))
    return re.sub(rb"(?i)(Content-Disposition: *attachment)", lambda m: m.group(1) + extra, raw, count=1)


def huge_header(rng: random.Random, raw: bytes) -> bytes:
    size = rng.choice([70_000, 1_100_000])
    return _add_header(raw, b"X-Filler: " + b"x " * (size // 2))


def absurd_date(rng: random.Random, raw: bytes) -> bytes:
    value = rng.choice(["Fri, 31 Dec 9999 23:59:59 -1400", "Mon, 02 Jun 99999999999999999999 08:00:00 +0200",
                        "Mon, 02 Jun 0000 00:00:00 +0000", "yesterday"])
    return re.sub(rb"(?im)^Date:[^\r\n]*", f"Date: {value}".encode(), raw, count=1)


def flip_bytes(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 8)):
        position = rng.randrange(len(data) // 4, len(data))
        data[position] ^= rng.randint(1, 255)
    return bytes(data)


def cut(rng: random.Random, raw: bytes) -> bytes:
    return raw[: rng.randint(len(raw) // 3, len(raw))]


MIME_MUTATIONS: tuple[Mutation, ...] = (duplicate_header, robot_sender, header_line_break, nest, many_parameters,
                                        continuations, huge_header, absurd_date, flip_bytes, cut)


def _flip_zip(rng: random.Random, data: bytes) -> bytes:
    return flip_bytes(rng, data)


def _cut_zip(rng: random.Random, data: bytes) -> bytes:
    return cut(rng, data)


def _insert_zip(rng: random.Random, data: bytes) -> bytes:
    position = rng.randrange(len(data))
    return data[:position] + bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 64))) + data[position:]


# Zip surgery needs an intact zip, so a form takes at most one of these, then perhaps one of the next.
DOCX_MUTATIONS: tuple[Mutation, ...] = (
    lambda rng, d: docx.overlapping(d, rng.choice(["next", "same", "directory"])),
    lambda rng, d: docx.understated(d),
    lambda rng, d: ENCRYPTED,
    lambda rng, d: docx.nested_tables(d, rng.choice([100, 20_000])),
    lambda rng, d: docx.corrupt_entry(d, rng.choice([docx.DOCUMENT, "[Content_Types].xml"])),
)
BYTE_MUTATIONS: tuple[Mutation, ...] = (_flip_zip, _cut_zip, _insert_zip)


def _ours(raw: bytes, n: int, rng: random.Random) -> bytes:
    head, body = _split(raw)
    head = re.sub(rb"(?im)^(Subject|Message-ID):", rb"X-Seed-\1:", head)
    control = rng.choice(["", "", "", "\x00", "\x01"])
    return f"Subject: Dnr {CASE} fuzz {n}\r\nMessage-ID: <fuzz-{n}{control}@fuzz.example>\r\n".encode() + head + body


def mutated_messages(count: int, seed: int = 14) -> list[bytes]:
    rng = random.Random(seed)
    messages = []
    for n in range(count):
        if n % 3 == 0:
            index = rng.randrange(40)
            data = filled_form(index)
            chosen = [rng.choice(DOCX_MUTATIONS)] if rng.random() < 0.7 else []
            chosen += [rng.choice(BYTE_MUTATIONS)] if not chosen or rng.random() < 0.3 else []
            for mutation in chosen:
                data = mutation(rng, data)
            raw = mail(f"x{n}@fuzz.example", sender=f"kontakt{n}@fuzz.example", text=f"Blankett {n}.\n",
                       files=[(rng.choice(["Anslutning.docx", "blankett.doc", "form"]), DOCX, data)])
        else:
            raw = rng.choice(seeds())
            for mutation in rng.sample(MIME_MUTATIONS, rng.randint(1, 3)):
                raw = mutation(rng, raw)
        messages.append(_ours(raw, n, rng))
    return messages
