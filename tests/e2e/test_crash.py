"""Crash consistency with figures (issue 12): the worker on a backlog of forms, SIGKILLed at
seeded random moments and restarted each time, then left to drain. Every form is registered
exactly once, every reply sent, and a reply comes twice only where a kill fell between the
SMTP server's acceptance and the commit: then with the same Message-ID (the row's).

CI runs a short version. The full run, 50 kills on 200 forms, on both databases:

    CI=true INTAKE_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
    INTAKE_CRASH_FORMS=200 INTAKE_CRASH_KILLS=50 pytest -s tests/e2e/test_crash.py

It prints one line of figures per database (kills, duplicates, time to drain).
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from tests.support.bot_process import Bot
from tests.support.workers import Worker, generated_forms, settled, tally, wait_until_settled

pytestmark = pytest.mark.slow
FORMS = int(os.environ.get("INTAKE_CRASH_FORMS", "24"))
KILLS = int(os.environ.get("INTAKE_CRASH_KILLS", "8"))
SEED = int(os.environ.get("INTAKE_CRASH_SEED", "12"))


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


def test_killed_at_random_moments_every_form_is_registered_once(bot: Bot, tmp_path: Path) -> None:
    config = tmp_path / "worker.toml"
    config.write_text('[worker]\npoll_interval_seconds = 1\nlease_seconds = 5\n[outbox]\ninterval_seconds = 1\n'
                      '[policy]\nauthserv_id = "mx.test"\n', encoding="utf-8")
    bot.mailbox.append(generated_forms(FORMS, seed=SEED))
    rng = random.Random(SEED)
    started = time.monotonic()
    kills = 0
    while kills < KILLS and not settled(bot, FORMS):
        worker = Worker.start(bot, config)
        worker.wait_for_line("watching INBOX for new mail (IDLE)")  # up: its jobs are running
        time.sleep(rng.uniform(0.05, 2.5))
        worker.kill()
        kills += 1
        assert "Traceback" not in worker.log(), worker.log()
    last = Worker.start(bot, config)
    try:
        last.wait_for_line("watching INBOX for new mail (IDLE)")
        drained = wait_until_settled(bot, FORMS, timeout=60 + 3 * FORMS)
    finally:
        assert last.stop() == 0, last.log()
    counted = tally(bot)
    duplicates = sum(n - 1 for n in counted.repeated.values())
    print(f"\ncrash test on {bot.database_url.split(':')[0]}: {FORMS} forms, {kills} kills, "
          f"{counted.rows} replies, {duplicates} sent twice (same Message-ID), drained in {drained:.1f} s "
          f"after the last restart, {time.monotonic() - started:.1f} s in all")
    assert counted.inbound == FORMS and counted.quarantined == 0  # each form once: identity is unique
    assert duplicates <= kills  # at most the one reply in flight at each kill
    assert all(n == 2 for n in counted.repeated.values())
    assert "Traceback" not in last.log()
