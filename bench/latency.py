"""IDLE latency: from a form's APPEND to its confirmation accepted by the SMTP server, with
`intake run` (a subprocess) woken only by IDLE (its interval passes are an hour apart).

Forms arrive one at a time: APPEND (directly to Dovecot), wait for the SMTP server to accept
the reply whose In-Reply-To names the form, wait for the watcher to be idling again, next.
The proxy timestamps the server's EXISTS on the IDLE connection, which splits each latency
into the server's part (APPEND -> announced) and the bot's (announced -> confirmation).
"""

from __future__ import annotations

import email
import random
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from bench import process
from bench.forms_mail import FormMaker, form_message
from bench.measure import Samples
from bench.rig import Rig, Seeded
from bot.demo.imap import connect_imap
from tests.support.bot_process import Bot

REPLY_TIMEOUT = 30.0


@dataclass(frozen=True)
class Latency:
    total: Samples            # APPEND -> SMTP accepted, ms
    announced: Samples        # APPEND -> EXISTS on the IDLE connection, ms
    missed: int               # arrivals whose confirmation did not come within REPLY_TIMEOUT
    worker_rss_mib: float


def idle_latency(rig: Rig, seeded: Seeded, bot: Bot, arrivals: int) -> Latency:
    rig.proxy.measure()
    worker = process.Child(process.intake_argv("run"), bot.env(), rig.workdir, "intake-run")
    try:
        if not rig.proxy.wait_for(lambda c: c.idle_ready and c.commands["LOGOUT"] >= 1, 120):
            raise RuntimeError(f"intake run did not start idling; see {worker.err}")
        total, announced, missed = _arrivals(rig, seeded, arrivals)
    finally:
        finished = worker.finish(timeout=60, terminate=True)
    return Latency(Samples(tuple(total)), Samples(tuple(announced)), missed, finished.peak_rss_mib)


def _arrivals(rig: Rig, seeded: Seeded, arrivals: int) -> tuple[list[float], list[float], int]:
    maker, rng = FormMaker(rig.campaigns), random.Random(f"arrivals:{seeded.spec.seed}")
    total: list[float] = []
    announced: list[float] = []
    missed = 0
    direct = seeded.direct
    with connect_imap(direct.host, direct.port, direct.username, direct.password) as client:
        for number in range(arrivals):
            index = seeded.spec.messages + number
            raw = form_message(maker.first(rng, 100_000 + number, off_roster=0), index, datetime.now(timezone.utc))
            message_id = f"<bench-{index}@form.example>"
            idling = len(rig.proxy.counts.idle_ready)
            appended = time.time()
            client.append("INBOX", raw)
            accepted = _confirmation(rig, message_id, appended)
            if accepted is None:
                missed += 1
                continue
            total.append((accepted - appended) * 1000)
            told = [t for t in rig.proxy.counts.announced if t >= appended]
            if told:
                announced.append((told[0] - appended) * 1000)
            rig.proxy.wait_for(lambda c: len(c.idle_ready) > idling, REPLY_TIMEOUT)
    return total, announced, missed


def _confirmation(rig: Rig, message_id: str, since: float) -> float | None:
    """When the SMTP server accepted the reply to ``message_id`` (time.time()), or None."""
    deadline = time.monotonic() + REPLY_TIMEOUT
    seen = 0
    while time.monotonic() < deadline:
        messages = rig.smtp.messages
        for received in messages[seen:]:
            headers = email.message_from_bytes(received.original_content.split(b"\r\n\r\n", 1)[0])
            if headers.get("In-Reply-To", "").strip() == message_id and received.received_at.timestamp() >= since:
                return received.received_at.timestamp()
        seen = len(messages)
        try:
            rig.smtp.wait_for(seen + 1, timeout=max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            return None
    return None
