"""Waiting after a failure: exponential backoff with jitter, and one log line per change of
state rather than one per attempt.

A job of the worker that fails (the mail server away or refusing our login, the database
away) is not run again at its next slot but after ``base × 2^(failures-1)``, at most
``cap``, stretched by a random 0–25 % so that replicas and restarts do not retry in step; never
sooner than ``base`` (the job's own interval), so the IDLE watcher, which wakes the pass, does
not make it retry faster either. Exchange locks accounts that retry a refused login every
minute: at the defaults a refused login is tried after 1, 2, 4, 8 and then every 15 minutes.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field
from typing import Callable

from bot.errors import Phrase, Worded


@dataclass
class Backoff:
    base: float                      # seconds before the first retry (the job's interval)
    cap: float                       # the longest wait (worker.backoff_max_seconds)
    failures: int = 0
    not_before: float = 0.0          # time.monotonic() before which the next try is not made
    down_since: float = 0.0
    last_error: str = ""            # the kind of the last failure (kind_of)
    clock: Callable[[], float] = time.monotonic
    jitter: Callable[[], float] = field(default=lambda: random.uniform(1.0, 1.25))

    def due(self) -> bool:
        return self.clock() >= self.not_before

    def delay(self) -> float:
        """The wait after the failures so far (0 when there were none)."""
        if not self.failures:
            return 0.0
        return min(self.cap, max(self.base, self.base * 2 ** (self.failures - 1)) * self.jitter())

    def failed(self, error: str) -> float:
        """Count a failure; returns the wait until the next try."""
        now = self.clock()
        if not self.failures:
            self.down_since = now
        self.failures += 1
        wait = self.delay()
        self.not_before = now + wait
        self.last_error = error
        return wait

    def recovered(self) -> tuple[int, float]:
        """Back to normal; returns (failures, seconds it was down) before the reset."""
        was = (self.failures, self.clock() - self.down_since if self.failures else 0.0)
        self.failures, self.not_before, self.last_error = 0, 0.0, ""
        return was


def kind_of(exc: BaseException) -> str:
    """What kind of failure ``exc`` is, for "is this news?": a worded error's template and
    those of its worded parts (so "login refused" differs from "no answer in time", while
    the database's changing reasons during one outage do not); else its type and text."""
    if isinstance(exc, Worded):
        parts = [v.template for v in exc.phrase.values.values() if isinstance(v, Phrase)]
        return "|".join([exc.template, *parts])
    return f"{type(exc).__name__}: {exc}"


def report_failure(log: logging.Logger, what: str, backoff: Backoff, exc: BaseException, step: str) -> None:
    """A failure, logged when it is news (the first, or another kind than the last) and
    otherwise only at debug; the wait it starts is part of the line."""
    error, kind = str(exc), kind_of(exc)
    news = backoff.failures == 0 or kind != backoff.last_error
    wait = backoff.failed(kind)
    if news:
        log.error("%s failed: %s (next try in %d s, then less often, up to %d s)", what, error, wait,
                  backoff.cap, extra={"step": step})
    else:
        log.debug("%s failed again (%d times): next try in %d s", what, backoff.failures, wait,
                  extra={"step": step})


def report_success(log: logging.Logger, what: str, backoff: Backoff, step: str) -> None:
    if backoff.failures:
        failures, seconds = backoff.recovered()
        log.info("%s works again, after %d failed tries over %d s", what, failures, seconds, extra={"step": step})
