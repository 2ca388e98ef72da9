"""A fuzz run through the CLI: a few hundred seeded mutations of real mail and real forms
(tests/support/fuzz_mail.py) in one Dovecot mailbox, `intake poll --once` over them. Every
pass exits 0, every message (all are ours) gets an outcome the bot knows, and nothing is read
twice. INTAKE_FUZZ_MESSAGES and INTAKE_FUZZ_SEED make a larger or another run of the same
test, e.g.

    INTAKE_FUZZ_MESSAGES=2000 INTAKE_FUZZ_SEED=7 pytest tests/e2e/test_fuzz_cli.py -k sqlite
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.inbound.context import Outcome
from tests.support.bot_process import Bot
from tests.support.fuzz_mail import mutated_messages
from tests.support.records import inbound

pytestmark = pytest.mark.slow
COUNT = int(os.environ.get("INTAKE_FUZZ_MESSAGES", "200"))
SEED = int(os.environ.get("INTAKE_FUZZ_SEED", "14"))


def test_fuzzed_mail_never_stops_a_pass(mailbox, smtp_server, database_url, tmp_path: Path) -> None:
    config = tmp_path / "intake.toml"
    config.write_text("[imap]\nbatch_size = 50\n", encoding="utf-8")  # several batches, each checkpointed
    bot = Bot(mailbox, smtp_server, database_url, tmp_path, {"INTAKE_CONFIG": str(config)})
    mailbox.append(mutated_messages(COUNT, SEED))

    first = bot.poll()  # exits 0, or Bot.run fails the test with its output

    assert f"Läste {COUNT} nya meddelanden, {COUNT} gällde en kampanj" in first.stdout, first.stdout
    rows = inbound(bot)
    assert sorted(row["uid"] for row in rows) == list(range(1, COUNT + 1))
    assert {row["outcome"] for row in rows} <= {outcome.value for outcome in Outcome}
    assert "Traceback" not in first.stderr
    assert "Läste 0 nya meddelanden" in bot.poll().stdout
    bot.run("review")
    bot.run("export", "--format", "json")
