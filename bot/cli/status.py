"""`intake status [--now T]`: where the bot stands. Exit 1 when the last successful mailbox
pass is older than `[status] stale_after_minutes` (or there has been none), for monitoring."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

from bot.app import App
from bot.cli.arguments import parse_now
from bot.cli.table import local, pairs, table
from bot.cli.texts import Texts
from bot.db.engine import SchemaNeed
from bot.db.job_runs import LOGIN_REFUSED
from bot.staff.status import Status, status

NAME = "status"
SCHEMA = SchemaNeed.REQUIRE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["status"], description=t["status_description"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    now = args.now or datetime.now(timezone.utc)
    with app.db_session() as session:
        figures = status(session, app, now)
    print(t["status_heading"].format(now=local(now)))
    print()
    print(pairs(_lines(figures, t)))
    for line in _warnings(figures, t):
        print()
        print(line)
    if figures.jobs:
        print()
        print(table((t["col_job"], t["col_last_success"], t["col_last_failure"], t["col_error"]),
                    [(j.name, local(j.last_success), local(j.last_failure),
                      j.last_error.removeprefix(LOGIN_REFUSED) or "-") for j in figures.jobs]))
    print()
    minutes = int(figures.stale_after.total_seconds() // 60)
    if figures.login_refused:
        print(t["status_login_refused"].format(error=figures.login_refused))
    if figures.stale:
        print(t["status_stale"].format(minutes=minutes))
    elif figures.healthy:
        print(t["status_ok"])
    return 0 if figures.healthy else 1


def _lines(figures: Status, t: Texts) -> list[tuple[str, object]]:
    last_pass = (f"{local(figures.last_pass)} ({age(figures.pass_age, t)})" if figures.pass_age is not None
                 else t["never"])
    outbox = t["status_outbox_counts"].format(due=figures.outbox_due, **figures.outbox)
    lines = [(t["status_last_pass"], last_pass), (t["status_received_today"], figures.received_today),
             (t["status_outbox"], outbox), (t["status_failed"], figures.failed_waiting),
             (t["status_review"], figures.review_waiting)]
    lines += [(t["status_holder"], t["status_holder_until"].format(holder=holder, until=local(until)))
              for holder, until in figures.holders] or [(t["status_holder"], t["status_holder_none"])]
    lines += [(t["status_next_digest"], f"{local(when)}{t['due_now'] if when <= figures.now else ''}  {name}")
              for name, when in figures.next_digests]
    lines += [(t["status_next_reminder"], f"{local(when)}{t['due_now'] if when <= figures.now else ''}  {name}")
              for name, when in figures.next_reminders]
    return lines


def _warnings(figures: Status, t: Texts) -> list[str]:
    """What the operator should know although nothing is failing: these do not change the exit code."""
    lines = [] if figures.senders_checked else [t["status_senders_unchecked"]]
    lines += [t.get(f"status_notice_{n.code}", t["status_notice"]).format(
                  account=n.account, folder=n.folder, code=n.code, detail=n.detail, since=local(n.since))
              for n in figures.notices]
    return lines


def age(delta: timedelta, t: Texts) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 0:
        return t["age_future"]
    if minutes < 120:
        return t["age_minutes"].format(n=minutes)
    if minutes < 48 * 60:
        return t["age_hours"].format(n=minutes // 60)
    return t["age_days"].format(n=minutes // (24 * 60))
