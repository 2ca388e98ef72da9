"""The quick look of `intake poll --once` (bot/quick_look.py): with nothing to do, the command
ends without the database layer and prints and records what the whole pass would have; any
sign of work, on either database, and the whole pass runs and does it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, select, text, update

from bot.db.tables import InboundMessage, InvitationDecision, JobRun, MailboxCheckpoint, OutboxMessage
from tests.e2e.test_two_processes import hold_the_mailbox
from tests.support.bot_process import Bot
from tests.support.paths import REPO

pytestmark = pytest.mark.slow
FIRST = "2025-06-02T09:00:00+02:00"
LATER = "2025-06-02T10:00:00+02:00"
QUICK = "(quick look)"
SAMPLE = "vg-004-glyph-sv-prefix.eml"  # a form that registers: a confirmation and invitations


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    shutil.copytree(REPO / "config", tmp_path / "config")  # the campaign files, rosters and forms, to edit
    campaigns = tmp_path / "config" / "campaigns"
    return Bot(mailbox, smtp_server, database_url, tmp_path, {"INTAKE_CAMPAIGNS_DIR": str(campaigns)})


def verbose_poll(bot: Bot, now: str = LATER, check: bool = True) -> subprocess.CompletedProcess[str]:
    return bot.run("-v", "poll", "--once", "--now", now, check=check)


def said(stderr: str) -> list[str]:
    """The log's lines without their time and run id."""
    return [line.partition(" msg=")[2] for line in stderr.splitlines()]


def execute(bot: Bot, *statements) -> None:
    engine = create_engine(bot.database_url)
    try:
        with engine.begin() as db:
            for statement in statements:
                db.execute(statement)
    finally:
        engine.dispose()


def registered(bot: Bot, samples_dir: Path) -> subprocess.CompletedProcess[str]:
    bot.mailbox.append([samples_dir / SAMPLE])
    first = bot.poll(FIRST)
    assert "1" in first.stdout and len(bot.smtp.messages) >= 2, first.stdout
    return first


def test_an_idle_pass_ends_at_the_quick_look_and_says_what_the_whole_pass_says(bot: Bot, samples_dir: Path) -> None:
    registered(bot, samples_dir)
    whole = bot.poll(FIRST)  # the same moment again: the ordinary path would say the same
    sent = len(bot.smtp.messages)
    quick = bot.poll(LATER)
    assert quick.stdout == whole.stdout and said(quick.stderr) == said(whole.stderr)
    assert QUICK in verbose_poll(bot).stderr
    assert len(bot.smtp.messages) == sent
    engine = create_engine(bot.database_url)
    try:
        with engine.connect() as db:
            runs = dict(db.execute(select(JobRun.job, JobRun.last_success_at)).all())
    finally:
        engine.dispose()
    later = datetime.fromisoformat(LATER).astimezone(timezone.utc)
    assert {job: runs[job] for job in ("sessions", "poll", "send_outbox")} == dict.fromkeys(
        ("sessions", "poll", "send_outbox"), later)  # recorded for `intake status` as the whole pass records it


def test_the_quick_look_imports_no_sqlalchemy(bot: Bot, samples_dir: Path) -> None:
    registered(bot, samples_dir)
    traced = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot.cli", "poll", "--once", "--now", LATER],
                            cwd=bot.workdir, env=bot.env(), capture_output=True, text=True, timeout=120)
    assert traced.returncode == 0, traced.stderr
    imported = {line.split("|")[-1].strip() for line in traced.stderr.splitlines() if line.startswith("import time")}
    assert "bot.quick_look" in imported  # guards the check itself
    assert not {name for name in imported if name.split(".")[0] in ("sqlalchemy", "alembic", "jinja2", "docx")}


def _new_mail(bot: Bot, samples_dir: Path) -> None:
    bot.mailbox.append([samples_dir / "vg-005-deleted-plain.eml"])


def _reply_due(bot: Bot, samples_dir: Path) -> None:
    execute(bot, update(OutboxMessage).where(OutboxMessage.id == 1).values(status="pending"))


def _copy_due(bot: Bot, samples_dir: Path) -> None:
    execute(bot, update(OutboxMessage).where(OutboxMessage.id == 1).values(sent_copy="pending"))


def _campaign_edited(bot: Bot, samples_dir: Path) -> None:
    campaign = sorted(Path(bot.extra_env["INTAKE_CAMPAIGNS_DIR"]).glob("*.toml"))[0]
    campaign.write_text(campaign.read_text(encoding="utf-8") + "\n# edited by staff\n", encoding="utf-8")


def _campaign_added(bot: Bot, samples_dir: Path) -> None:
    directory = Path(bot.extra_env["INTAKE_CAMPAIGNS_DIR"])
    (directory / "jamstallt-vg-2024-2027.toml").rename(directory / "a-renamed.toml")


def _roster_edited(bot: Bot, samples_dir: Path) -> None:
    roster = next(p for p in Path(bot.extra_env["INTAKE_CAMPAIGNS_DIR"]).parent.rglob("*.csv"))
    roster.write_bytes(roster.read_bytes() + b"\n")


def _undecided(bot: Bot, samples_dir: Path) -> None:
    execute(bot, delete(InvitationDecision))  # as for a form approved by staff: invitations to decide


def _action_unfinished(bot: Bot, samples_dir: Path) -> None:
    execute(bot, update(InboundMessage).values(mailbox_action="failed"))


def _renumbered(bot: Bot, samples_dir: Path) -> None:
    execute(bot, update(MailboxCheckpoint).values(uidvalidity=MailboxCheckpoint.uidvalidity + 1))


def _no_checkpoint(bot: Bot, samples_dir: Path) -> None:
    execute(bot, delete(MailboxCheckpoint))


def _job_never_recorded(bot: Bot, samples_dir: Path) -> None:
    execute(bot, delete(JobRun).where(JobRun.job == "send_outbox"))


def _older_schema(bot: Bot, samples_dir: Path) -> None:
    execute(bot, text("UPDATE alembic_version SET version_num = '0008'"))


# What may mean work, and how the whole pass shows that it ran: (disturbance, exit code, said).
SIGNS_OF_WORK: dict[str, tuple[Callable[[Bot, Path], None], int, str]] = {
    "new mail": (_new_mail, 0, "step=commit"),
    "a reply due": (_reply_due, 0, "intake.outbox"),
    "a copy for the Sent folder due": (_copy_due, 0, "intake.poll"),
    "a campaign file edited": (_campaign_edited, 0, "intake.poll"),
    "a campaign file renamed": (_campaign_added, 0, "intake.poll"),
    "a roster edited": (_roster_edited, 0, "intake.poll"),
    "invitations to decide": (_undecided, 0, "intake.poll"),
    "a mailbox action unfinished": (_action_unfinished, 0, "intake.poll"),
    "UIDVALIDITY changed": (_renumbered, 0, "re-scanning"),
    "no checkpoint": (_no_checkpoint, 0, "intake.poll"),
    "a job never recorded": (_job_never_recorded, 0, "intake.poll"),
    "an older schema": (_older_schema, 1, "intake db upgrade"),
}


@pytest.mark.parametrize("sign", SIGNS_OF_WORK, ids=str)
def test_any_sign_of_work_runs_the_whole_pass(bot: Bot, samples_dir: Path, sign: str) -> None:
    disturb, code, said = SIGNS_OF_WORK[sign]
    registered(bot, samples_dir)
    assert QUICK in verbose_poll(bot).stderr  # quiet before
    disturb(bot, samples_dir)
    whole = verbose_poll(bot, check=False)
    assert whole.returncode == code, whole.stderr
    assert QUICK not in whole.stderr and said in whole.stderr, whole.stderr
    if code == 0:
        assert QUICK in verbose_poll(bot).stderr  # the whole pass put things in line: quiet again


def test_a_held_mailbox_is_still_said_when_nothing_is_new(bot: Bot, samples_dir: Path, tmp_path: Path) -> None:
    registered(bot, samples_dir)
    config = tmp_path / "wait.toml"
    config.write_text('[worker]\nlease_wait_seconds = 1\n', encoding="utf-8")
    with hold_the_mailbox(bot) as lease:
        busy = bot.run("poll", "--once", "--now", LATER, check=False, INTAKE_CONFIG=str(config))
    assert busy.returncode == 75 and lease.holder in busy.stderr, busy.stderr
