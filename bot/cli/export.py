"""`intake export --format json|csv [--output PATH]`: the affiliations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import App
from bot.cli.texts import Texts
from bot.staff.export import affiliation_records, to_csv, to_json
from bot.db.engine import SchemaNeed

NAME = "export"
SCHEMA = SchemaNeed.REQUIRE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["export"], description=t["export"])
    parser.add_argument("--format", choices=("json", "csv"), default="json", help=t["format"])
    parser.add_argument("--output", type=Path, help=t["output"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    with app.db_session() as session:
        records = affiliation_records(session, app.campaigns)
    text = to_json(records) if args.format == "json" else to_csv(records)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(t["exported"].format(count=len(records), path=args.output), file=sys.stderr)
    return 0
