"""The `intake` command as staff and operators meet it: help, errors, export, the worker."""

from __future__ import annotations

import csv
import io
import time
from email import policy
from email.parser import BytesParser
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from bot.db.engine import head_revision
from bot.db.tables import InboundMessage
from parsers.model import LOCAL_ZONE
from tests.support.bot_process import Bot

pytestmark = pytest.mark.slow


@pytest.fixture
def bot(mailbox, smtp_server, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {})


def test_help_is_swedish_by_default_and_english_on_request(bot: Bot) -> None:
    assert "läs ny e-post en gång" in bot.run("--help").stdout
    assert "read new mail once" in bot.run("--help", INTAKE_LANGUAGE="en").stdout


def test_bad_setting_is_one_line_and_exit_2(bot: Bot, tmp_path: Path) -> None:
    config = tmp_path / "intake.toml"
    config.write_text('[mailbox]\naction = "radera"\n', encoding="utf-8")
    result = bot.run("poll", "--once", check=False, INTAKE_CONFIG=str(config))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"intake: fel: {config}: mailbox.action: måste vara en av none, flag, move, inte 'radera'"]
    english = bot.run("poll", "--once", check=False, INTAKE_CONFIG=str(config), INTAKE_LANGUAGE="en")
    assert english.stderr.strip().splitlines() == [
        f"intake: error: {config}: mailbox.action: must be one of none, flag, move, not 'radera'"]


def test_bad_campaign_file_is_one_line_and_exit_2(bot: Bot, tmp_path: Path) -> None:
    campaigns = tmp_path / "campaigns"
    campaigns.mkdir()
    (campaigns / "trasig.toml").write_text('key = "x"\n', encoding="utf-8")
    result = bot.run("export", check=False, INTAKE_CAMPAIGNS_DIR=str(campaigns))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"intake: fel: {campaigns / 'trasig.toml'}: name: nyckeln krävs men saknas"]


def test_refused_login_is_one_line_and_exit_1(bot: Bot) -> None:
    result = bot.run("poll", "--once", check=False, INTAKE_IMAP_PASSWORD="fel-lösenord")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("intake: fel: kan inte logga in på IMAP") and len([l for l in lines if "intake: fel" in l]) == 1
    assert lines[-1].endswith("inloggningen nekades ([AUTHENTICATIONFAILED] Authentication failed.)")


def test_missing_imap_user_names_the_variable(bot: Bot) -> None:
    result = bot.run("poll", "--once", check=False, INTAKE_IMAP_USERNAME="")
    assert result.returncode == 2
    assert result.stderr == "intake: fel: miljövariabeln INTAKE_IMAP_USERNAME: är tom, men ett värde krävs\n"
    env = {k: v for k, v in bot.env().items() if k != "INTAKE_IMAP_USERNAME"}
    unset = subprocess.run([sys.executable, "-m", "bot.cli", "poll", "--once"], cwd=bot.workdir, env=env,
                           capture_output=True, text=True, timeout=60)
    assert unset.returncode == 2
    assert unset.stderr == "intake: fel: (ingen inställningsfil): imap.username: krävs (eller sätt INTAKE_IMAP_USERNAME)\n"


def test_db_upgrade_then_export_csv_for_excel(bot: Bot, samples_dir: Path) -> None:
    assert f"Databasen är uppgraderad till version {head_revision()}." in bot.run("db", "upgrade").stdout
    bot.mailbox.append([samples_dir / "vg-002-legacy-octet-rfc2231.eml"])
    bot.poll()
    out = bot.workdir / "anslutningar.csv"
    bot.run("export", "--format", "csv", "--output", str(out))
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [(r["Organisation"], r["Mål"], r["E-post"]) for r in rows] == [
        ("Alingsås kommun", "3, 4, 6", "linnea.lindqvist@alingsas.se")]
    # Received is when the server took the message in (INTERNALDATE), not the pass's --now; local time.
    received = datetime.strptime(rows[0]["Inkom"], "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_ZONE)
    assert abs(received - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_oversized_message_is_kept_for_staff_not_fetched(bot: Bot, samples_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "small.toml"
    config.write_text("[imap]\nmax_message_bytes = 10000\n", encoding="utf-8")
    sample = samples_dir / "vg-002-legacy-octet-rfc2231.eml"
    bot.mailbox.append([sample])
    bot.poll(INTAKE_CONFIG=str(config))
    engine = create_engine(bot.database_url)
    with engine.connect() as db:
        outcome, detail = db.execute(select(InboundMessage.outcome, InboundMessage.detail)).one()
    engine.dispose()
    assert outcome == "quarantined" and "over the limit of 10000" in detail
    assert bot.smtp.messages == []
    assert bot.mailbox.flags_by_message_id() == {"<5ee6813bbd2b7db2b011.1644@alingsas.se>": set()}
    assert bot.export() == []


def test_worker_runs_passes_until_terminated(bot: Bot, samples_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "worker.toml"
    # An authserv-id, so the start-up warning about spoof protection is not among the lines.
    config.write_text('[worker]\npoll_interval_seconds = 1\n[policy]\nauthserv_id = "mx.test"\n', encoding="utf-8")
    with bot.mailbox.client() as client:
        client.create_folder("Sent")  # marked \\Sent by the server: where copies of what is sent go
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=bot.workdir,
                              env=bot.env(INTAKE_CONFIG=str(config)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        bot.mailbox.append([samples_dir / "vg-004-glyph-sv-prefix.eml"])
        (sent,) = bot.smtp.wait_for(1, timeout=30)
        assert sent.rcpt_tos == ("jorgen.oberg@boras.se",)
        sent_id = BytesParser(policy=policy.default).parsebytes(sent.original_content)["Message-ID"]
        deadline = time.monotonic() + 30
        while sent_id not in bot.mailbox.flags_by_message_id("Sent"):  # the copy follows the send
            assert time.monotonic() < deadline, "no copy in the Sent folder"
            time.sleep(0.2)
        assert bot.mailbox.flags_by_message_id("Sent")[sent_id] == {"\\Seen"}
    finally:
        worker.send_signal(signal.SIGTERM)
        stdout, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, stderr
    assert "Arbetaren läser brevlådan var 1:e sekund" in stdout
    # Passes that found nothing said nothing; the one that read the form did.
    assert "Läste 0 nya meddelanden" not in stdout
    assert "Läste 1 nytt meddelande, 1 gällde en kampanj (registered 1)." in stdout
    assert [line for line in stderr.splitlines() if " INFO " not in line] == []


def test_worker_survives_a_mail_server_that_is_away(bot: Bot, tmp_path: Path) -> None:
    config = tmp_path / "worker.toml"
    config.write_text("[worker]\npoll_interval_seconds = 1\n[imap]\ntimeout_seconds = 2.0\n", encoding="utf-8")
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "-v", "run"], cwd=bot.workdir,
                              env=bot.env(INTAKE_CONFIG=str(config), INTAKE_IMAP_PORT="1"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        assert worker.stderr is not None
        # Two passes, both survived: the first said so, the second only at debug (one line per state).
        while not any("pass failed again (2 times)" in line for line in lines):
            line = worker.stderr.readline()
            assert line, f"worker exited: {worker.wait()} {lines}"
            lines.append(line)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)
    assert worker.returncode == 0
    assert not any("Traceback" in line for line in lines)
    assert sum("pass failed: cannot log in" in line for line in lines) == 1


def test_worker_answers_new_mail_at_once_via_idle(bot: Bot, samples_dir: Path, tmp_path: Path) -> None:
    # A five-minute interval: only the IDLE announcement can bring the reply within seconds.
    config = tmp_path / "worker.toml"
    config.write_text("[worker]\npoll_interval_seconds = 300\nidle = true\n", encoding="utf-8")
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=bot.workdir,
                              env=bot.env(INTAKE_CONFIG=str(config)), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stderr is not None
        while "watching INBOX for new mail (IDLE)" not in (line := worker.stderr.readline()):
            assert line, f"worker exited: {worker.wait()}"
        bot.mailbox.append([samples_dir / "vg-004-glyph-sv-prefix.eml"])
        (sent,) = bot.smtp.wait_for(1, timeout=20)
        assert sent.rcpt_tos == ("jorgen.oberg@boras.se",)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)
    assert worker.returncode == 0
