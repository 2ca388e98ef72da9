"""Child processes measured from outside: wall time from spawn to exit, and the child's own
peak RSS, both taken by bench/launch.py (``os.wait4`` on the command, forked from a small
process so that its peak RSS is its own, not the benchmark's).

Output goes to files, never pipes: nothing would read a pipe while the child runs. The child
runs in the benchmark's work directory (the environment gives it PYTHONPATH).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

LAUNCHER = Path(__file__).with_name("launch.py")


@dataclass(frozen=True)
class Finished:
    argv: tuple[str, ...]
    returncode: int
    seconds: float
    peak_rss_mib: float
    stdout: str
    stderr: str

    def check(self) -> Finished:
        if self.returncode != 0:
            raise RuntimeError(f"{' '.join(self.argv)} exited {self.returncode}\n"
                               f"stdout:\n{self.stdout[-3000:]}\nstderr:\n{self.stderr[-3000:]}")
        return self


def intake_argv(*args: str) -> list[str]:
    """The `intake` console script of this interpreter's environment (as a user runs it)."""
    script = Path(sys.executable).with_name("intake")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "bot.cli", *args]


class Child:
    """A started process; ``finish()`` waits (or stops it with SIGTERM) and measures it."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], workdir: Path, name: str) -> None:
        self.argv = tuple(argv)
        self.out, self.err = workdir / f"{name}.stdout", workdir / f"{name}.stderr"
        self.result = workdir / f"{name}.result.json"
        self.result.unlink(missing_ok=True)
        launcher = [sys.executable, "-I", "-S", str(LAUNCHER), str(self.result), "--", *self.argv]
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(launcher, env=dict(env), cwd=workdir, stdin=subprocess.DEVNULL,
                                            stdout=out, stderr=err)

    def finish(self, timeout: float, terminate: bool = False) -> Finished:
        if terminate:
            self.process.send_signal(signal.SIGTERM)
        killer = threading.Timer(timeout, self._kill)
        killer.start()
        try:
            self.process.wait()
        finally:
            killer.cancel()
        measured = json.loads(self.result.read_text()) if self.result.exists() else \
            {"seconds": 0.0, "peak_rss_kib": 0, "returncode": self.process.returncode}
        return Finished(self.argv, measured["returncode"], measured["seconds"], measured["peak_rss_kib"] / 1024,
                        self.out.read_text(errors="replace"), self.err.read_text(errors="replace"))

    def _kill(self) -> None:
        """Over time: TERM to the launcher (which passes it on), then KILL."""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run(argv: Sequence[str], env: Mapping[str, str], workdir: Path, name: str, timeout: float = 3600) -> Finished:
    """Run to the end and measure."""
    return Child(argv, env, workdir, name).finish(timeout)
