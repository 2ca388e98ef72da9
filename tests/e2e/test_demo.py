"""`intake demo`: the sample mail at the moment it fits, with the invitations among what it sent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

pytestmark = pytest.mark.slow


def demo(tmp_path: Path, *args: str) -> str:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "INTAKE_CAMPAIGNS_DIR": str(REPO / "config" / "campaigns")}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "demo", *args], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result.stdout


def test_the_demo_runs_when_the_samples_were_sent_and_shows_the_invitations(tmp_path: Path) -> None:
    out = demo(tmp_path)
    assert "Kör som om klockan vore 2025-05-21 16.16 (strax efter det senaste exempelmeddelandet" in out
    assert "varav 5 inbjudningar till informationsträffar med kalenderhändelse" in out
    assert out.count(": Inbjudan: Digital informationsträff om Jämställt Västra Götaland 2024–2027, "
                     "tisdag 7 oktober 2025 kl. 09.00–10.00") == 5
    assert "skickade 11 meddelanden (0 väntar, 0 misslyckades); 11 kopior sparade i brevlådans mapp Skickat" in out
    saved = [p.read_bytes() for p in sorted((tmp_path / "var" / "demo" / "sent").glob("*.eml"))]
    assert sum(b"Content-Type: text/calendar" in raw for raw in saved) == 5


def test_with_now_after_every_session_nobody_is_invited(tmp_path: Path) -> None:
    out = demo(tmp_path, "--now", "2026-12-01T09:00:00+01:00")
    assert "Kör som om klockan vore 2026-12-01 09.00 (--now)" in out
    assert "varav 0 inbjudningar" in out
