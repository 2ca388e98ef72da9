"""Fault points for the tests: crash points, which prove a restart finishes the work without
repeating it, and raise points, which prove one message never stops the mailbox.

Off unless INTAKE_FAULT_KILL_AT names a crash point; then the process dies as a power cut
would (SIGKILL: no cleanup, no commit, no logout). Off unless INTAKE_FAULT_RAISE_AT is
``<point>:<text>``; then the code raises InjectedFault at that point for every message whose
raw headers contain ``text``. Never set either in production.
"""

from __future__ import annotations

import os
import signal

# The points the code passes through (bot/inbound/handle.py, bot/outbox/send.py).
POINTS = ("after_commit", "after_smtp_send")
# route: routing a message (bot/inbound/routing.py); step: the first pipeline step
# (bot/inbound/pipeline.py); record: the first try at storing a quarantine record
# (bot/inbound/quarantine.py).
RAISE_POINTS = ("route", "step", "record")


class InjectedFault(Exception):
    """Raised at a raise point for the tests; deliberately not an IntakeError."""


def crash_point(name: str, kill_at: str) -> None:
    if name not in POINTS:
        raise ValueError(f"unknown crash point {name!r}")
    if kill_at and kill_at == name:
        os.kill(os.getpid(), signal.SIGKILL)


def fault_point(name: str, raise_at: str, headers: bytes) -> None:
    if name not in RAISE_POINTS:
        raise ValueError(f"unknown raise point {name!r}")
    point, _, text = raise_at.partition(":")
    if point == name and text and text.encode() in headers:
        raise InjectedFault(f"fault injected at {name}")
