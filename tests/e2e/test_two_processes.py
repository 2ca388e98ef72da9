"""Two processes on one mailbox and one database send nothing twice (issue 12): a worker and
`intake poll --once` by hand, two workers, and a replica that takes over from a holder
killed in the middle. Every reply is counted where it arrives, at the SMTP server."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from bot.db.engine import make_engine, session_factory, upgrade
from bot.db.lease import Lease, mailbox_lease_name
from bot.db.tables import JobRun
from bot.settings import ImapSettings
from tests.support.bot_process import Bot
from tests.support.records import sent
from tests.support.workers import Worker, generated_forms, tally, wait_for_holder, wait_until_settled

pytestmark = pytest.mark.slow
FORMS = 24


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


def worker_config(tmp_path: Path, name: str = "worker.toml", lease_seconds: int = 5) -> Path:
    config = tmp_path / name
    config.write_text(f'[worker]\npoll_interval_seconds = 1\nlease_seconds = {lease_seconds}\n'
                      f'[policy]\nauthserv_id = "mx.test"\n[outbox]\ninterval_seconds = 1\n', encoding="utf-8")
    return config


def short_wait(tmp_path: Path) -> Path:
    config = tmp_path / "wait.toml"
    config.write_text('[worker]\nlease_wait_seconds = 1\n[policy]\nauthserv_id = "mx.test"\n', encoding="utf-8")
    return config


@contextmanager
def hold_the_mailbox(bot: Bot) -> Iterator[Lease]:
    """The mailbox's lease taken by this (test) process, as another bot process would hold it."""
    engine = make_engine(bot.database_url)
    try:
        upgrade(engine)
        imap = ImapSettings(host=bot.mailbox.host, port=bot.mailbox.port, username=bot.mailbox.username,
                            folder=bot.mailbox.folder)
        lease = Lease(session_factory(engine), mailbox_lease_name(imap), 60)
        assert lease.try_acquire()
        yield lease
        lease.release()
    finally:
        engine.dispose()


@pytest.mark.parametrize("language, line", [
    ("sv", "intake: fel: en annan process ("), ("en", "intake: error: another process ("),
])
def test_a_second_process_waits_then_says_in_one_line_that_the_mailbox_is_held(
        bot: Bot, samples_dir: Path, tmp_path: Path, language: str, line: str) -> None:
    bot.mailbox.append([samples_dir / "vg-004-glyph-sv-prefix.eml"])
    config = short_wait(tmp_path)
    with hold_the_mailbox(bot) as lease:
        started = time.monotonic()
        busy = bot.poll(check=False, INTAKE_CONFIG=str(config), INTAKE_LANGUAGE=language)
        assert busy.returncode == 75, busy.stderr
        assert time.monotonic() - started >= 1  # it waited before giving up
        (said,) = busy.stderr.splitlines()
        assert said.startswith(line) and lease.holder in said
        assert bot.smtp.messages == [] and bot.export() == []  # nothing was done
    assert bot.poll(INTAKE_CONFIG=str(config)).returncode == 0  # free again: the pass runs
    assert len(sent(bot)) == 1  # the confirmation


def test_a_worker_and_passes_by_hand_send_every_reply_once(bot: Bot, tmp_path: Path) -> None:
    forms = generated_forms(FORMS + 6)
    bot.mailbox.append(forms[:FORMS])
    config = worker_config(tmp_path)
    by_hand = subprocess.Popen([sys.executable, "-m", "bot.cli", "poll", "--once"], cwd=bot.workdir,
                               env=bot.env(INTAKE_CONFIG=str(config)), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    wait_for_holder(bot)
    worker = Worker.start(bot, config)  # while the pass by hand holds the mailbox
    try:
        assert by_hand.communicate(timeout=240)[0] and by_hand.returncode == 0
        if any("standing by" in line for line in worker.lines):  # it started before the pass ended
            worker.wait_for_line("took over the mailbox")
            # Taking over, it runs what is due at once, not at each job's slot (the digest's is a minute).
            assert wait_for_runs(bot, ("remind", "digest"), timeout=20)
        assert wait_for_holder(bot) != "", "the worker holds the mailbox now"
        bot.mailbox.append(forms[FORMS:])
        # Now the worker holds it: a pass by hand waits, then says so and does nothing.
        busy = bot.poll(check=False, INTAKE_CONFIG=str(short_wait(tmp_path)))
        assert busy.returncode == 75 and len(busy.stderr.splitlines()) == 1, busy.stderr
        wait_until_settled(bot, FORMS + 6)
    finally:
        assert worker.stop() == 0, worker.log()
    counted = tally(bot)
    assert counted.inbound == FORMS + 6 and counted.quarantined == 0
    assert counted.repeated == {} and counted.rows > FORMS
    assert "Traceback" not in worker.log() and " ERROR " not in worker.log()


def wait_for_runs(bot: Bot, jobs: tuple[str, ...], timeout: float) -> bool:
    """True once every job in ``jobs`` has a recorded success; False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        engine = create_engine(bot.database_url)
        try:
            with engine.connect() as db:
                done = set(db.scalars(select(JobRun.job).where(JobRun.last_success_at.is_not(None))))
        finally:
            engine.dispose()
        if set(jobs) <= done:
            return True
        time.sleep(0.2)
    return False


def test_two_workers_send_every_reply_once(bot: Bot, tmp_path: Path) -> None:
    config = worker_config(tmp_path)
    workers = [Worker.start(bot, config) for _ in range(2)]
    try:
        bot.mailbox.append(generated_forms(FORMS))
        wait_until_settled(bot, FORMS)
    finally:
        codes = [w.stop() for w in workers]
    assert codes == [0, 0], [w.log() for w in workers]
    counted = tally(bot)
    assert counted.inbound == FORMS and counted.quarantined == 0 and counted.repeated == {}
    for worker in workers:
        assert "Traceback" not in worker.log() and " ERROR " not in worker.log()


def test_a_replica_takes_over_from_a_holder_killed_in_the_middle(bot: Bot, tmp_path: Path) -> None:
    config = worker_config(tmp_path)
    bot.mailbox.append(generated_forms(FORMS))
    first = Worker.start(bot, config)
    bot.smtp.wait_for(3, timeout=120)  # the first worker holds the mailbox and is sending
    second = Worker.start(bot, config)
    try:
        second.wait_for_line("holds the mailbox: standing by")
        first.kill()
        killed = time.monotonic()
        took_over = second.wait_for_line("took over the mailbox", timeout=30) - killed
        wait_until_settled(bot, FORMS)
    finally:
        first.stop()
        assert second.stop() == 0, second.log()
    print(f"takeover after SIGKILL: {took_over:.2f} s")
    assert took_over < 5  # the next slot: the holder ran on this machine and is gone
    counted = tally(bot)
    assert counted.inbound == FORMS and counted.quarantined == 0
    # Only a reply SMTP accepted just before the kill, before its commit, may come twice (same Message-ID).
    assert len(counted.repeated) <= 1 and all(n == 2 for n in counted.repeated.values())


def test_a_frozen_holder_is_taken_over_once_its_lease_expired_and_then_stands_by(bot: Bot, tmp_path: Path) -> None:
    # A holder that stops answering but does not die (a paused VM, a machine cut off): only the
    # lease's expiry frees the mailbox, as for a holder on another machine.
    config = worker_config(tmp_path, lease_seconds=5)
    first = Worker.start(bot, config)
    first.wait_for_line("watching INBOX for new mail (IDLE)")
    second = Worker.start(bot, config)
    try:
        second.wait_for_line("holds the mailbox: standing by")
        first.process.send_signal(signal.SIGSTOP)
        frozen = time.monotonic()
        bot.mailbox.append(generated_forms(4))
        took_over = second.wait_for_line("took over the mailbox", timeout=30) - frozen
        wait_until_settled(bot, 4)
        first.process.send_signal(signal.SIGCONT)
        first.wait_for_line("the mailbox's lease was lost")
        first.wait_for_line("holds the mailbox: standing by")
        bot.mailbox.append(generated_forms(6)[4:])
        wait_until_settled(bot, 6)
    finally:
        first.process.send_signal(signal.SIGCONT)
        codes = [first.stop(), second.stop()]
    assert codes == [0, 0], [first.log(), second.log()]
    print(f"takeover of a frozen holder (lease_seconds = 5, poll 1 s): {took_over:.2f} s")
    assert 3 < took_over < 5 + 1 + 2  # after the expiry (renewed every 5/3 s), within a slot and a margin
    counted = tally(bot)
    assert counted.inbound == 6 and counted.quarantined == 0 and counted.repeated == {}
