"""`intake registrar --format csv|xlsx [--campaign KEY] [--since DATE] [--output PATH]`:
every inbound document under a campaign's case number, for the registrar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import App
from bot.cli.arguments import chosen_campaign, parse_day
from bot.cli.export import write_output
from bot.cli.texts import Texts, counted
from bot.db.engine import SchemaNeed
from bot.staff.registrar import registrar_entries, to_csv, to_xlsx

NAME = "registrar"
SCHEMA = SchemaNeed.REQUIRE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["registrar"], description=t["registrar_description"])
    parser.add_argument("--format", choices=("csv", "xlsx"), required=True, help=t["format"])
    parser.add_argument("--campaign", metavar="KEY", help=t["campaign"])
    parser.add_argument("--since", type=parse_day, metavar="DATE", help=t["since"])
    parser.add_argument("--output", type=Path, help=t["output"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    key = chosen_campaign(app.campaigns, args.campaign)
    with app.db_session() as session:
        entries = registrar_entries(session, app.campaigns, key, args.since)
    write_output(to_xlsx(entries) if args.format == "xlsx" else to_csv(entries).encode("utf-8"), args.output, t)
    if args.output is not None:
        print(counted(t, "registrar_written", len(entries), count=len(entries), path=args.output), file=sys.stderr)
    return 0
