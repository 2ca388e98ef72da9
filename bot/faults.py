"""Crash points for the tests that prove a restart finishes the work without repeating it.

Off unless INTAKE_FAULT_KILL_AT names the point; then the process dies as a power cut
would (SIGKILL: no cleanup, no commit, no logout).
"""

from __future__ import annotations

import os
import signal

# The points the code passes through (bot/inbound/poll.py, bot/outbox/send.py).
POINTS = ("after_commit", "after_smtp_send")


def crash_point(name: str, kill_at: str) -> None:
    if name not in POINTS:
        raise ValueError(f"unknown crash point {name!r}")
    if kill_at and kill_at == name:
        os.kill(os.getpid(), signal.SIGKILL)
