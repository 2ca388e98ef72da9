"""A SQLite database the bot cannot write (issue 12): one clear line, exit 1, and nothing
acknowledged in the mailbox; the next pass on a writable database does the work."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.bot_process import Bot

pytestmark = pytest.mark.slow
SAMPLE = "vg-004-glyph-sv-prefix.eml"


def test_a_read_only_database_is_one_line_and_nothing_is_acknowledged(mailbox, smtp_server, tmp_path: Path,
                                                                      samples_dir: Path) -> None:
    path = tmp_path / "intake.db"
    bot = Bot(mailbox, smtp_server, f"sqlite:///{path}", tmp_path, {})
    bot.run("db", "upgrade")
    bot.mailbox.append([samples_dir / SAMPLE])
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    failed = bot.poll(check=False, INTAKE_DATABASE_URL=read_only)
    assert failed.returncode == 1
    (line,) = [line for line in failed.stderr.splitlines() if " WARNING " not in line]
    assert line.startswith("intake: fel: databasen ") and "skrivskyddad" in line, failed.stderr
    assert "Traceback" not in failed.stderr
    assert list(bot.mailbox.flags_by_message_id().values()) == [set()]  # not acknowledged
    assert bot.smtp.messages == []
    bot.poll()  # writable again: the message is done now
    assert list(bot.mailbox.flags_by_message_id().values()) == [{"\\Flagged"}]
