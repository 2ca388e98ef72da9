"""Run the real `intake` command as a subprocess, pointed at the test servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.demo.imap import EmbeddedSmtp
from tests.support.paths import REPO
from tests.support.servers import Mailbox



@dataclass
class Bot:
    """The bot as staff run it: one process per command, configured by the environment."""

    mailbox: Mailbox
    smtp: EmbeddedSmtp
    database_url: str
    workdir: Path
    extra_env: dict[str, str]

    def env(self, **overrides: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
        env.update(self.mailbox.env())
        env.update({
            "INTAKE_SMTP_HOST": self.smtp.host,
            "INTAKE_SMTP_PORT": str(self.smtp.port),
            "INTAKE_SMTP_STARTTLS": "false",
            "INTAKE_DATABASE_URL": self.database_url,
            "INTAKE_CAMPAIGNS_DIR": str(REPO / "config" / "campaigns"),
            "PYTHONPATH": str(REPO),
        })
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def run(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=self.workdir,
                                env=self.env(**env), capture_output=True, text=True, timeout=180)
        if check and result.returncode != 0:
            raise AssertionError(f"intake {' '.join(args)} exited {result.returncode}\n"
                                 f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result

    def poll(self, now: str = "2025-06-02T09:00:00+02:00", **env: str) -> subprocess.CompletedProcess[str]:
        return self.run("poll", "--once", "--now", now, **env)

    def export(self) -> list[dict]:
        return json.loads(self.run("export", "--format", "json").stdout)
