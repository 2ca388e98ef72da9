"""What the bot says about how it is set up, end to end through `intake poll --once` / `intake
run`: `mailbox.action = "move"` on a server without MOVE and UIDPLUS falls back to flagging,
says so once and records it, and never retries; an empty `[policy] authserv_id` gives one
warning at start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.bot_process import Bot
from tests.support.hostile_mail import form_mail, mail
from tests.support.records import inbound, notices, sent
from tests.support.servers import Mailbox

pytestmark = pytest.mark.slow
NOW, LATER = "2025-06-02T09:00:00+02:00", "2025-06-02T15:00:00+02:00"
FALLBACK = "mailbox.action is move, but the server has neither MOVE nor UIDPLUS"
UNCHECKED = "policy.authserv_id is empty"


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


def test_move_without_move_or_uidplus_flags_says_so_once_and_never_retries(
        imap_server_without_move, smtp_server, database_url, tmp_path) -> None:
    with imap_server_without_move.new_mailbox() as credentials:
        box = Mailbox(credentials)
        bot = Bot(box, smtp_server, database_url, tmp_path, {"INTAKE_MAILBOX_ACTION": "move",
                                                            "INTAKE_MAILBOX_MOVE_TO": "Intake/Behandlat"})
        box.append([form_mail("first@ale.se", 0), mail("question@lerum.se", sender="kim@lerum.se")])
        first = bot.poll(now=NOW)
        box.append([form_mail("second@alingsas.se", 1)])
        second = bot.poll(now=LATER)

        assert first.stderr.count(FALLBACK) == 1 and second.stderr.count(FALLBACK) == 0, first.stderr
        assert box.folders_by_message_id() == dict.fromkeys(
            ["<first@ale.se>", "<question@lerum.se>", "<second@alingsas.se>"], "INBOX")
        assert set(map(frozenset, box.flags_by_message_id().values())) == {frozenset({"\\Flagged"})}
        assert [row["mailbox_action"] for row in inbound(bot)] == ["done", "done", "done"]
        ((code, detail),) = notices(bot)
        assert code == "move_unsupported" and "neither MOVE nor UIDPLUS" in detail and "flag" in detail
        assert len(sent(bot)) == 3
        status = bot.run("status", "--now", LATER, check=False).stdout
        assert f"OBS: {credentials.username}@" in status and "mailbox.action är move, men servern har varken MOVE " \
            "eller UIDPLUS, så behandlade meddelanden flaggas i stället för att flyttas (sedan 2025" in status


def test_move_on_a_server_that_can_move_notes_nothing(bot: Bot) -> None:
    bot.extra_env.update(INTAKE_MAILBOX_ACTION="move", INTAKE_MAILBOX_MOVE_TO="Intake/Behandlat")
    bot.mailbox.append([form_mail("first@ale.se", 0)])
    result = bot.poll(now=NOW)
    assert FALLBACK not in result.stderr and notices(bot) == []
    assert bot.mailbox.folders_by_message_id() == {"<first@ale.se>": "Intake/Behandlat"}


def test_an_empty_authserv_id_is_one_warning_at_start_up(bot: Bot, tmp_path: Path) -> None:
    bot.mailbox.append([mail("q1@lerum.se", sender="kim@lerum.se"), mail("q2@ale.se", sender="eva@ale.se")])
    unchecked = bot.poll(now=NOW)
    assert unchecked.stderr.count(UNCHECKED) == 1, unchecked.stderr
    assert "docs/operator-guide.md" in unchecked.stderr

    config = tmp_path / "policy.toml"
    config.write_text('[policy]\nauthserv_id = "mx.lansstyrelsen.se"\n', encoding="utf-8")
    checked = bot.poll(now=LATER, INTAKE_CONFIG=str(config))
    assert UNCHECKED not in checked.stderr
    said = "OBS: avsändare kontrolleras inte mot myndighetens eget e-postsystem (policy.authserv_id är tom)"
    assert said in bot.run("status", "--now", LATER, check=False).stdout
    assert said not in bot.run("status", "--now", LATER, check=False, INTAKE_CONFIG=str(config)).stdout
    assert "NOTE: senders are not checked" in bot.run("status", "--now", LATER, check=False, INTAKE_LANGUAGE="en").stdout

    settings = tmp_path / "worker.toml"
    settings.write_text("[worker]\npoll_interval_seconds = 1\n", encoding="utf-8")
    # -v: each pass logs a debug line, so the passes can be counted (idle passes print nothing).
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "-v", "run"], cwd=bot.workdir,
                              env=bot.env(INTAKE_CONFIG=str(settings)), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stderr is not None
        while UNCHECKED not in (line := worker.stderr.readline()):  # said as the worker starts
            assert line, f"worker exited: {worker.wait()}"
        passes = 0
        while passes < 2:  # the warning comes once at start-up, not once per pass
            line = worker.stderr.readline()
            assert line, f"worker exited: {worker.wait()}"
            assert UNCHECKED not in line
            passes += "pass over INBOX" in line
    finally:
        # SIGKILL, not SIGTERM: how the worker stops is not what this test is about (see the
        # worker tests in test_cli.py), and a SIGTERM can land inside APScheduler's loop.
        worker.kill()
        _, rest = worker.communicate(timeout=30)
    assert UNCHECKED not in rest, rest
