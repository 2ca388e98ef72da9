"""What the benchmark ran on, for the report: CPU, cores, memory, Python, Dovecot, load."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from tests.support.servers.dovecot import find_program


def describe() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) // 1024 for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal")), 0)
    dovecot = find_program("dovecot")
    version = subprocess.run([dovecot, "--version"], capture_output=True, text=True, check=False).stdout.strip() \
        if dovecot else "?"
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} × {cpu}, {memory:,} MiB RAM; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}; Dovecot {version}; "
            f"SQLite; {load()}")


def load() -> str:
    """The load averages, which say whether the cores were shared while measuring."""
    parts = _read("/proc/loadavg").split()
    return f"load average {' '.join(parts[:3])}" if parts else "load average ?"


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""
