"""What each `intake` command does, given parsed arguments."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime, timedelta, timezone
from typing import Mapping

from bot.app import build_app, ensure_schema
from bot.cli import LOCAL_ZONE
from bot.db.engine import upgrade
from bot.staff.export import affiliation_records, to_csv, to_json
from bot.inbound.poll import PassReport, poll_once
from bot.staff.review import review_items
from bot.settings import require_mail_servers


def db_upgrade(args: argparse.Namespace, environ: Mapping[str, str], t: dict[str, str]) -> int:
    app = build_app(environ, args.config)
    print(t["upgraded"].format(revision=upgrade(app.engine)))
    return 0


def poll(args: argparse.Namespace, environ: Mapping[str, str], t: dict[str, str]) -> int:
    app = build_app(environ, args.config)
    require_mail_servers(app.settings)
    ensure_schema(app.engine, t["schema_behind"])
    now = args.now or datetime.now(timezone.utc)
    report = poll_once(app, now)
    print(summary(report, t))
    return 0


def run(args: argparse.Namespace, environ: Mapping[str, str], t: dict[str, str]) -> int:
    from bot.worker import run_worker

    app = build_app(environ, args.config)
    require_mail_servers(app.settings)
    ensure_schema(app.engine, t["schema_behind"])
    run_worker(app, on_pass=lambda report: print(summary(report, t), flush=True),
               on_start=lambda: print(t["run_started"].format(seconds=app.settings.worker.poll_interval_seconds),
                                      flush=True))
    return 0


def export(args: argparse.Namespace, environ: Mapping[str, str], t: dict[str, str]) -> int:
    app = build_app(environ, args.config)
    ensure_schema(app.engine, t["schema_behind"])
    with app.sessions() as session:
        records = affiliation_records(session, app.campaigns)
    text = to_json(records) if args.format == "json" else to_csv(records)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(t["exported"].format(count=len(records), path=args.output), file=sys.stderr)
    return 0


def review(args: argparse.Namespace, environ: Mapping[str, str], t: dict[str, str]) -> int:
    app = build_app(environ, args.config)
    ensure_schema(app.engine, t["schema_behind"])
    since = (args.now or datetime.now(timezone.utc)) - timedelta(days=args.days)
    with app.sessions() as session:
        items = review_items(session, since)
    if not items:
        print(t["review_empty"].format(days=args.days))
        return 0
    print(t["review_heading"].format(count=len(items), days=args.days))
    for item in items:
        print(f"{item.when.astimezone(LOCAL_ZONE):%Y-%m-%d %H:%M}  {t['review_' + item.what]:<10} "
              f"{item.status:<15} {item.who}")
        print(f"    {item.about}")
        if item.detail:
            print(f"    {item.detail}")
    return 0


def demo(args: argparse.Namespace, environ: Mapping[str, str], t: dict[str, str]) -> int:
    from bot.demo.run import run_demo
    if not args.verbose:
        # The demo shows its own progress; the log would only repeat it between the lines.
        logging.getLogger("intake").setLevel(logging.WARNING)
    return run_demo(environ, args.samples, args.now, args.config)


def summary(report: PassReport, t: dict[str, str]) -> str:
    outcomes = ", ".join(f"{name} {count}" for name, count in sorted(report.outcomes.items())) or "-"
    return t["poll_summary"].format(scanned=report.scanned, ours=report.ours, outcomes=outcomes,
                                    sent=report.sent.sent, deferred=report.sent.deferred,
                                    failed=report.sent.failed)
