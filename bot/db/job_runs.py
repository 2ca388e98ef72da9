"""When each job last succeeded and last failed: written by the worker and by the one-shot
commands that run a job (`intake poll --once`, `intake digest`, `intake purge`), read by
`intake status`. One row per job name; a second writer racing to create it updates instead.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.faults import database_fault
from bot.db.tables import JobRun
from bot.errors import IntakeError, LoginRefused

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("intake.jobs")
# Begins job_run.last_error when the server refused the login: `intake status` is then unhealthy
# at once, not only once the last good pass has grown old (an account locked, a password changed).
LOGIN_REFUSED = "login refused: "


def record_success(sessions: sessionmaker[Session], job: str, now: datetime, seen: str | None = None) -> None:
    """``seen``: what the run saw, kept for the next quick look (bot/quick_look.py); None keeps it."""
    def succeeded(row: JobRun) -> None:
        row.last_success_at = now
        if seen is not None:
            row.seen = seen
    _record(sessions, job, succeeded)


def record_failure(sessions: sessionmaker[Session], job: str, now: datetime, error: str) -> None:
    def failed(row: JobRun) -> None:
        row.last_failure_at, row.last_error = now, error[:2000]
    _record(sessions, job, failed)


def job_runs(session: Session) -> dict[str, JobRun]:
    return {row.job: row for row in session.scalars(select(JobRun))}


def _record(sessions: sessionmaker[Session], job: str, change) -> None:
    for _ in range(2):  # the second round finds the row a concurrent writer created
        try:
            with sessions() as session, session.begin():
                row = session.scalars(select(JobRun).where(JobRun.job == job)).first()
                if row is None:
                    row = JobRun(job=job, last_error="")
                    session.add(row)
                change(row)
            return
        except IntegrityError:
            continue


def run_recorded(app: App, name: str, run: Callable[[App, datetime], object], now: datetime) -> object:
    """Run one job at ``now`` and record how it went; the worker and the one-shot commands
    (`intake poll --once`, `intake digest`, ...) both run their jobs through this."""
    try:
        report = run(app, now)
    except IntakeError as exc:
        error = (LOGIN_REFUSED if isinstance(exc, LoginRefused) else "") + str(exc)
        _try_to_record(lambda: record_failure(app.db_session, name, now, error))
        raise
    except SQLAlchemyError as exc:  # the database went away under a job: worded, as every fault
        fault = database_fault(exc, app.settings.database_url)
        _try_to_record(lambda: record_failure(app.db_session, name, now, str(fault)))
        raise fault from exc
    seen = getattr(report, "seen", None)  # a report may say what its run saw (the sessions job)
    _try_to_record(lambda: record_success(app.db_session, name, now, seen))
    return report


def _try_to_record(write: Callable[[], None]) -> None:
    # The record is for monitoring; a database that is away must not hide the job's own outcome.
    try:
        write()
    except SQLAlchemyError as exc:
        log.warning("could not record the job's run: %s", exc, extra={"step": "job_run"})
