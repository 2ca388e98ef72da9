"""Several bot processes on one mailbox and one database, and what they left behind.

``Worker`` is `intake run` as a subprocess whose stderr is read in a thread, so a test can
wait for a log line without blocking; ``generated_forms`` are affiliation forms as senders
mail them (bench/forms_mail.py), each from its own contact; ``each_sent_once`` reads the
outbox back and checks it against what the SMTP server accepted.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.parser import BytesHeaderParser
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select

from bench.forms_mail import FormMaker, form_message
from bench.generate import shipped_campaigns
from bot.db.tables import InboundMessage, JobRun, OutboxMessage, WorkerLease
from tests.support.bot_process import Bot


def generated_forms(count: int, seed: int = 12) -> list[bytes]:
    """``count`` forms: first sendings, now and then a resend or an updated form, as the
    benchmark's backlog has them (bench/forms_mail.py)."""
    rng, maker = random.Random(seed), FormMaker(shipped_campaigns())
    start = datetime(2025, 5, 5, 8, 0, tzinfo=timezone.utc)
    return [form_message(maker.next(rng, number)[1], number, start + timedelta(minutes=7 * number))
            for number in range(count)]


@dataclass
class Worker:
    """`intake run` in its own process; ``lines`` is its stderr so far (the log)."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    _reader: threading.Thread | None = None

    @classmethod
    def start(cls, bot: Bot, config: Path, verbose: bool = False, **env: str) -> Worker:
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", *(["-v"] if verbose else []), "run"],
                                   cwd=bot.workdir,
                                   env=bot.env(INTAKE_CONFIG=str(config), **env), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        worker = cls(process)
        worker._reader = threading.Thread(target=worker._read, daemon=True)
        worker._reader.start()
        return worker

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for_line(self, text: str, timeout: float = 60) -> float:
        """Block until a log line contains ``text``; returns time.monotonic() when it was seen."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None or any(text in line for line in self.lines), \
                f"worker exited {self.process.returncode}: {''.join(self.lines)[-3000:]}"
            assert time.monotonic() < deadline, f"no line with {text!r}: {''.join(self.lines)[-3000:]}"
            time.sleep(0.05)
        return time.monotonic()

    def kill(self) -> None:
        """SIGKILL, as a power cut would; the process is reaped at once."""
        self.process.kill()
        self.process.wait(timeout=30)
        self._close()

    def _close(self) -> None:
        if self._reader is not None:
            self._reader.join(timeout=10)
        if self.process.stderr is not None:
            self.process.stderr.close()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self._close()
        return self.process.returncode

    def log(self) -> str:
        return "".join(self.lines)


def wait_for_holder(bot: Bot, timeout: float = 60) -> str:
    """Block until some process holds the mailbox's lease; returns the holder."""
    deadline = time.monotonic() + timeout
    while True:
        engine = create_engine(bot.database_url)
        try:
            with engine.connect() as db:
                if inspect(db).has_table("worker_lease"):
                    row = db.execute(select(WorkerLease.holder).where(
                        WorkerLease.expires_at > datetime.now(timezone.utc))).first()
                    if row is not None:
                        return row[0]
        finally:
            engine.dispose()
        assert time.monotonic() < deadline, "nobody took the mailbox's lease"
        time.sleep(0.1)


def settled(bot: Bot, inbound: int) -> bool:
    """All ``inbound`` messages recorded and nothing left to send."""
    engine = create_engine(bot.database_url)
    try:
        with engine.connect() as db:
            if not inspect(db).has_table("outbox_message"):  # the first worker has not made the schema yet
                return False
            stored = db.scalar(select(func.count()).select_from(InboundMessage)) or 0
            waiting = db.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.status == "pending")) or 0
            return (stored >= inbound and waiting == 0 and len(bot.smtp.messages) >= _sent_rows(db)
                    and _digest_decided(db))
    finally:
        engine.dispose()


def _digest_decided(db) -> bool:
    """The worker runs the digest job at start; on a weekday after 07:30 it may queue the day's
    digest just after the replies went out. Until that job has run once, the outbox is not
    settled, whatever it holds at this moment (a later run finds the period decided)."""
    return db.scalar(select(func.count()).select_from(JobRun).where(
        JobRun.job == "digest", JobRun.last_success_at.is_not(None))) == 1


def _sent_rows(db) -> int:
    return db.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent")) or 0


def wait_until_settled(bot: Bot, inbound: int, timeout: float = 240) -> float:
    """Block until ``settled``; returns the seconds it took."""
    started = time.monotonic()
    while not settled(bot, inbound):
        assert time.monotonic() - started < timeout, f"not settled after {timeout} s"
        time.sleep(0.25)
    return time.monotonic() - started


@dataclass(frozen=True)
class Tally:
    rows: int                  # outbox rows
    deliveries: Counter[str]   # Message-ID -> times the SMTP server accepted it
    quarantined: int
    inbound: int

    @property
    def repeated(self) -> dict[str, int]:
        return {mid: n for mid, n in self.deliveries.items() if n > 1}


def tally(bot: Bot) -> Tally:
    parser = BytesHeaderParser()
    deliveries = Counter("".join(str(parser.parsebytes(m.original_content)["Message-ID"]).split())
                         for m in bot.smtp.messages)
    engine = create_engine(bot.database_url)
    try:
        with engine.connect() as db:
            rows = db.execute(select(OutboxMessage.message_id, OutboxMessage.status)).all()
            outcomes = db.execute(select(InboundMessage.outcome)).scalars().all()
    finally:
        engine.dispose()
    assert {status for _, status in rows} <= {"sent"}, f"outbox rows not sent: {Counter(s for _, s in rows)}"
    assert set(deliveries) == {mid for mid, _ in rows}, "a delivery that is no outbox row, or a row never delivered"
    return Tally(len(rows), deliveries, sum(o == "quarantined" for o in outcomes), len(outcomes))
