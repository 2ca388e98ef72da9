"""Backoff after failures (bot/backoff.py): doubling from the job's interval to the cap, with
jitter that only ever lengthens the wait, and one log line per change of state."""

from __future__ import annotations

import logging

import pytest

from bot.backoff import Backoff, kind_of, report_failure, report_success
from bot.errors import LoginRefused, MailboxError, Phrase, StorageError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_waits_double_from_the_interval_up_to_the_cap() -> None:
    backoff = Backoff(60, 900, clock=Clock(), jitter=lambda: 1.0)
    assert [backoff.failed("x") for _ in range(7)] == [60, 120, 240, 480, 900, 900, 900]
    assert backoff.recovered()[0] == 7 and backoff.delay() == 0


@pytest.mark.parametrize("draw", [1.0, 1.1, 1.25])
def test_jitter_never_makes_a_retry_sooner_than_the_interval(draw: float) -> None:
    clock = Clock()
    backoff = Backoff(60, 900, clock=clock, jitter=lambda: draw)
    assert backoff.failed("x") == 60 * draw
    assert not backoff.due()
    clock.now += 60 * draw
    assert backoff.due()


def test_a_kind_of_failure_is_its_wording_not_its_changing_details() -> None:
    away = [StorageError("database unavailable: {reason}", reason=r) for r in ("closed", "refused")]
    assert kind_of(away[0]) == kind_of(away[1])
    refused = MailboxError("cannot log in to IMAP {server} as {user}: {fault}", server="s", user="u",
                           fault=Phrase("login refused ({answer})", {"answer": "no"}))
    silent = LoginRefused("cannot log in to IMAP {server} as {user}: {fault}", server="s", user="u",
                          fault=Phrase("no answer in time"))
    assert kind_of(refused) != kind_of(silent)


def test_one_line_per_change_of_state(caplog: pytest.LogCaptureFixture) -> None:
    log, clock = logging.getLogger("intake.test"), Clock()
    backoff = Backoff(1, 8, clock=clock, jitter=lambda: 1.0)
    with caplog.at_level(logging.DEBUG, logger="intake.test"):
        for reason in ("closed", "refused", "closed"):
            report_failure(log, "pass", backoff, StorageError("database unavailable: {reason}", reason=reason), "poll")
        report_failure(log, "pass", backoff, MailboxError("not connected to the IMAP server"), "poll")
        clock.now += 30
        report_success(log, "pass", backoff, "poll")
        report_success(log, "pass", backoff, "poll")
    said = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in said] == ["ERROR", "DEBUG", "DEBUG", "ERROR", "INFO"]
    assert said[0][1] == "pass failed: database unavailable: closed (next try in 1 s, then less often, up to 8 s)"
    assert said[2][1] == "pass failed again (3 times): next try in 4 s"
    assert said[4][1] == "pass works again, after 4 failed tries over 30 s"
