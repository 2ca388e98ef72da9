"""The worker's JOBS table: which jobs run with which settings."""

from __future__ import annotations

from dataclasses import replace

from bot.settings import RetentionSettings, Settings
from bot.worker import JOBS, _Wakes


def scheduled(settings: Settings) -> list[str]:
    return [job.name for job in JOBS if job.when(settings)]


def test_purge_is_scheduled_only_when_retention_is_set() -> None:
    always = ["poll", "send_outbox", "sessions", "remind", "digest"]
    assert scheduled(Settings()) == always
    assert scheduled(replace(Settings(), retention=RetentionSettings(days=365))) == [*always, "purge"]


def test_the_digest_wakes_the_outbox() -> None:
    assert next(job for job in JOBS if job.name == "digest").wakes == ("send_outbox",)


def test_a_job_woken_while_it_runs_runs_once_more_at_once() -> None:
    wakes, runs, started = _Wakes(), [], []

    def once() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            wakes.wake("send_outbox", lambda: started.append("now"))  # woken mid-run

    wakes.run("send_outbox", once)
    assert runs == [0, 1] and started == []  # the second run followed the first; the scheduler was not asked
    wakes.wake("send_outbox", lambda: started.append("now"))
    assert started == ["now"]  # an idle job starts at once
