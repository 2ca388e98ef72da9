"""Faults of the worker's surroundings against real servers (issue 12): a refused login, the
IMAP server stopped mid-pass and mid-IDLE, a connection gone silent, PostgreSQL away. The
worker waits with backoff, says so once per change of state, and afterwards has lost nothing
and repeated nothing. Servers are cut by a TCP proxy in front of them (tests/support/tcp_proxy.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from bot.db.tables import InboundMessage
from tests.support.bot_process import Bot
from tests.support.servers.postgres import server_url as postgres_server_url
from tests.support.servers.postgres import temporary_database
from tests.support.tcp_proxy import TcpProxy
from tests.support.workers import Worker, generated_forms, tally, wait_until_settled

pytestmark = pytest.mark.slow


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


@pytest.fixture
def imap_proxy(bot: Bot):
    with TcpProxy(bot.mailbox.host, bot.mailbox.port) as proxy:
        yield proxy


def config(tmp_path: Path, poll: int = 1, backoff_max: int = 4, timeout: float = 3.0, renew: int = 300) -> Path:
    path = tmp_path / "worker.toml"
    path.write_text(f'[worker]\npoll_interval_seconds = {poll}\nbackoff_max_seconds = {backoff_max}\n'
                    f'idle_renew_seconds = {renew}\n[policy]\nauthserv_id = "mx.test"\n'
                    f'[imap]\ntimeout_seconds = {timeout}\n[outbox]\ninterval_seconds = 1\n', encoding="utf-8")
    return path


def lines(worker: Worker, level: str, text: str) -> list[str]:
    return [line for line in worker.lines if f" {level} " in line and text in line]


def flagged_ids(bot: Bot) -> set[str]:
    return {mid for mid, flags in bot.mailbox.flags_by_message_id().items() if "\\Flagged" in flags}


def test_a_refused_login_is_tried_ever_less_often_and_said_once(bot: Bot, tmp_path: Path) -> None:
    worker = Worker.start(bot, config(tmp_path, timeout=15.0), verbose=True, INTAKE_IMAP_PASSWORD="not-the-password")
    try:
        worker.wait_for_line("pass failed again (4 times)", timeout=60)
    finally:
        assert worker.stop() == 0, worker.log()
    assert len(lines(worker, "ERROR", "pass failed: cannot log in")) == 1, worker.log()
    waits = [int(w) for w in re.findall(r"pass failed again \(\d+ times\): next try in (\d+) s", worker.log())]
    assert waits[:3] == sorted(waits[:3]) and waits[0] >= 2 and max(waits) <= 5, waits  # 2, 4, then the cap
    # The IDLE watcher retries no faster than the passes: one try in this time, one line.
    assert len([line for line in worker.lines if "IDLE watcher lost the server" in line]) == 1, worker.log()
    assert "Traceback" not in worker.log()


def test_the_imap_server_stopped_mid_pass_and_mid_idle_loses_and_repeats_nothing(
        bot: Bot, imap_proxy: TcpProxy, tmp_path: Path) -> None:
    forms = generated_forms(15)
    bot.mailbox.append(forms[:12])
    worker = Worker.start(bot, config(tmp_path, poll=2), INTAKE_IMAP_PORT=str(imap_proxy.port))
    try:
        bot.smtp.wait_for(1, timeout=120)  # the first pass is under way
        imap_proxy.down()  # mid-pass, and the IDLE connection with it
        worker.wait_for_line("pass failed:")
        worker.wait_for_line("IDLE watcher lost the server")
        bot.mailbox.append(forms[12:])  # arrives while the server is away for the bot
        time.sleep(3)
        imap_proxy.up()
        worker.wait_for_line("pass works again", timeout=60)
        wait_until_settled(bot, 15)
        worker.wait_for_line("IDLE watcher reconnected", timeout=60)
    finally:
        assert worker.stop() == 0, worker.log()
    counted = tally(bot)
    assert counted.inbound == 15 and counted.quarantined == 0 and counted.repeated == {}
    stored = {row["message_id"] for row in _inbound(bot)}
    assert flagged_ids(bot) == stored  # every message acknowledged, once it was committed
    assert len(lines(worker, "ERROR", "pass failed:")) <= 2  # one per change of state, not per try
    assert "Traceback" not in worker.log()


def test_a_connection_gone_silent_is_found_by_its_timeout(bot: Bot, imap_proxy: TcpProxy, tmp_path: Path) -> None:
    worker = Worker.start(bot, config(tmp_path, poll=2, timeout=2.0, renew=2), INTAKE_IMAP_PORT=str(imap_proxy.port))
    try:
        worker.wait_for_line("watching INBOX for new mail (IDLE)")
        imap_proxy.silent()  # TCP stays up; nothing comes back
        worker.wait_for_line("IDLE watcher lost the server", timeout=30)
        bot.mailbox.append(generated_forms(2))
        imap_proxy.up()
        wait_until_settled(bot, 2, timeout=120)
        worker.wait_for_line("IDLE watcher reconnected", timeout=60)
    finally:
        assert worker.stop() == 0, worker.log()
    counted = tally(bot)
    assert counted.inbound == 2 and counted.repeated == {}
    assert "timed out" in next(line for line in worker.lines if "IDLE watcher lost the server" in line)


@pytest.fixture
def postgres_bot(mailbox, smtp_server, tmp_path):
    """PostgreSQL only (SQLite has no server to stop): as database_url's postgres run."""
    with temporary_database(postgres_server_url()) as url:
        yield Bot(mailbox, smtp_server, url, tmp_path, {})


@pytest.mark.postgres
def test_postgres_away_for_a_while_is_waited_for_and_nothing_is_acknowledged_before_commit(
        postgres_bot: Bot, tmp_path: Path) -> None:
    bot = postgres_bot
    url = make_url(bot.database_url)
    forms = generated_forms(10)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as db_proxy:
        through = url.set(host=db_proxy.host, port=db_proxy.port).render_as_string(hide_password=False)
        worker = Worker.start(bot, config(tmp_path, poll=1), INTAKE_DATABASE_URL=through)
        try:
            bot.mailbox.append(forms[:5])
            wait_until_settled(bot, 5)
            db_proxy.down()
            bot.mailbox.append(forms[5:])
            worker.wait_for_line("pass failed: database", timeout=60)
            time.sleep(6)  # a while: many slots of every job
            committed = {row["message_id"] for row in _inbound(bot)}  # read past the proxy
            assert flagged_ids(bot) <= committed  # nothing acknowledged that is not committed
            db_proxy.up()
            worker.wait_for_line("pass works again", timeout=60)
            wait_until_settled(bot, 10)
        finally:
            assert worker.stop() == 0, worker.log()
    counted = tally(bot)
    assert counted.inbound == 10 and counted.quarantined == 0 and counted.repeated == {}
    assert len(lines(worker, "ERROR", "pass failed:")) == 1, worker.log()  # one line for the outage
    for job in ("send_outbox", "sessions", "remind", "digest"):
        assert len(lines(worker, "ERROR", f"{job} failed:")) <= 1, worker.log()
    assert "Traceback" not in worker.log()


def _inbound(bot: Bot) -> list[dict]:
    engine = create_engine(bot.database_url)
    try:
        with engine.connect() as db:
            return [{"message_id": mid} for mid in db.execute(select(InboundMessage.message_id)).scalars()]
    finally:
        engine.dispose()
