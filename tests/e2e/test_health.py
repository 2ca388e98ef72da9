"""The worker's health endpoint (bot/health.py) against a running `intake run`: /healthz
follows the last successful pass and refused logins; /metrics serves `intake status`'s figures
in Prometheus' text format."""

from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.bot_process import Bot
from tests.support.workers import Worker

pytestmark = pytest.mark.slow
SAMPLE = "<ad1334dac80fc8d9221b.1793@lansstyrelsen.se>"


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def wait_for_health(url: str, code: int, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        got, _, body = get(url)
        if got == code:
            return body
        assert time.monotonic() < deadline, f"{url} still {got}: {body}"
        time.sleep(0.2)


def started(bot: Bot, tmp_path: Path, **env: str) -> tuple[Worker, str]:
    port = free_port()
    config = tmp_path / "worker.toml"
    config.write_text(f'[worker]\npoll_interval_seconds = 1\n[policy]\nauthserv_id = "mx.test"\n'
                      f'[imap]\ntimeout_seconds = 5.0\n[health]\nlisten = "127.0.0.1:{port}"\n', encoding="utf-8")
    worker = Worker.start(bot, config, **env)
    worker.wait_for_line(f"health endpoint on http://127.0.0.1:{port}/healthz")
    return worker, f"http://127.0.0.1:{port}"


def sample(metrics: str, name: str) -> float:
    (value,) = re.findall(rf"^{re.escape(name)} (\S+)$", metrics, re.M)
    return float(value)


def test_healthy_while_the_passes_succeed_and_the_figures_as_metrics(bot: Bot, samples_dir: Path,
                                                                    tmp_path: Path) -> None:
    bot.mailbox.append([samples_dir / "vg-004-glyph-sv-prefix.eml"])
    worker, base = started(bot, tmp_path)
    try:
        assert wait_for_health(f"{base}/healthz", 200) == "ok\n"
        bot.smtp.wait_for(1, timeout=60)
        deadline = time.monotonic() + 30
        while sample(metrics := get(f"{base}/metrics")[2], 'intake_outbox_messages{status="sent"}') < 1:
            assert time.monotonic() < deadline, metrics
            time.sleep(0.2)
        code, kind, _ = get(f"{base}/metrics")
        assert code == 200 and kind.startswith("text/plain; version=0.0.4")
        assert sample(metrics, 'intake_messages{outcome="registered"}') == 1
        assert sample(metrics, "intake_database_up") == 1 and sample(metrics, "intake_mailbox_lease_held") == 1
        assert sample(metrics, "intake_pass_duration_seconds_count") >= 1
        assert sample(metrics, "intake_pass_stale") == 0
        assert abs(sample(metrics, "intake_last_pass_success_timestamp_seconds") - time.time()) < 60
        assert sample(metrics, 'intake_login_refused{server="imap"}') == 0
        for line in metrics.splitlines():  # the exposition format, line by line
            assert re.fullmatch(r"# (HELP|TYPE) intake_\w+ .+|intake_\w+(\{\w+=\"[^\"]*\"\})? [0-9.e+-]+", line), line
        assert get(f"{base}/nothing")[0] == 404
    finally:
        assert worker.stop() == 0, worker.log()


def test_unhealthy_while_the_imap_server_refuses_the_login(bot: Bot, tmp_path: Path) -> None:
    worker, base = started(bot, tmp_path, INTAKE_IMAP_PASSWORD="not-the-password")
    try:
        worker.wait_for_line("pass failed: cannot log in")
        body = wait_for_health(f"{base}/healthz", 503)
        assert body.startswith("unhealthy: stale: no successful pass yet; imap login refused: ")
        assert sample(get(f"{base}/metrics")[2], 'intake_login_refused{server="imap"}') == 1
    finally:
        assert worker.stop() == 0, worker.log()
