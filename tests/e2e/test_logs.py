"""Structured logs: `--log-format json` (or log_format = "json") gives one JSON object per
event, with the run id, the step, the Message-ID and the campaign."""

from __future__ import annotations

import json
from email.parser import BytesHeaderParser
from pathlib import Path

import pytest

from tests.support.bot_process import Bot
from tests.support.campaigns import VG_KEY

pytestmark = pytest.mark.slow
SAMPLE = "vg-004-glyph-sv-prefix.eml"


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


@pytest.mark.parametrize("how", ["option", "setting"])
def test_json_lines_carry_run_step_message_id_and_campaign(bot: Bot, samples_dir: Path, how: str) -> None:
    bot.mailbox.append([samples_dir / SAMPLE])
    mid = BytesHeaderParser().parsebytes((samples_dir / SAMPLE).read_bytes())["Message-ID"].strip()
    if how == "option":
        result = bot.run("--log-format", "json", "poll", "--once", "--now", "2025-06-02T09:00:00+02:00")
    else:
        result = bot.poll(INTAKE_LOG_FORMAT="json")
    events = [json.loads(line) for line in result.stderr.splitlines()]  # every line is one JSON object
    assert events
    assert {e["run"] for e in events} == {events[0]["run"]} and len(events[0]["run"]) == 8
    commit = next(e for e in events if e["step"] == "commit")
    assert (commit["message_id"], commit["campaign"], commit["level"]) == (mid, VG_KEY, "INFO")
    assert commit["message"].startswith("outcome registered")
    send = next(e for e in events if e["step"] == "send")
    assert send["campaign"] == VG_KEY and send["message_id"].startswith("<")
    warning = next(e for e in events if e["step"] == "start")  # authserv_id is not set
    assert warning["message_id"] is None and warning["campaign"] is None
    assert result.stdout.startswith("Läste 1 nytt meddelande")  # what staff read is not JSON
