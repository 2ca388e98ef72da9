"""`intake purge --older-than DAYS [--dry-run]`: empty the stored copies of settled mail."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone

from bot.app import App
from bot.cli.arguments import parse_now
from bot.cli.review_show import word
from bot.cli.texts import Texts, counted
from bot.db.engine import SchemaNeed
from bot.db.purge import PurgeReport, purge
from bot.db.job_runs import run_recorded

NAME = "purge"
SCHEMA = SchemaNeed.REQUIRE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["purge"], description=t["purge_description"])
    parser.add_argument("--older-than", type=_days, required=True, metavar="DAYS", help=t["older_than"])
    parser.add_argument("--dry-run", action="store_true", help=t["dry_run"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(argparse._("not a number of days: %r") % text)
    return int(text)


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    now = args.now or datetime.now(timezone.utc)

    def job(app: App, now: datetime) -> PurgeReport:
        with app.db_session() as session:
            return purge(session, now, args.older_than, dry_run=args.dry_run)

    report = job(app, now) if args.dry_run else run_recorded(app, "purge", job, now)
    assert isinstance(report, PurgeReport)
    print(purge_summary(report, t))
    return 0


def purge_summary(report: PurgeReport, t: Texts) -> str:
    days = counted(t, "n_days", report.older_than_days, n=report.older_than_days)
    head = counted(t, "purge_would" if report.dry_run else "purge_done", report.total, count=report.total, days=days,
                   kib=round(report.bytes_freed / 1024))
    kinds = [f"  {t['purge_inbound']} {word(t, 'mkind', kind)}: {n}" for kind, n in sorted(report.inbound.items())]
    kinds += [f"  {t['purge_outbox']} {word(t, 'rkind', kind)}: {n}" for kind, n in sorted(report.outbox.items())]
    return "\n".join([head, *kinds, t["purge_kept"]])
