"""`intake export --format json|csv|xlsx [--campaign KEY] [--output PATH]`: the affiliations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import App
from bot.cli.arguments import chosen_campaign
from bot.cli.texts import Texts, counted
from bot.db.engine import SchemaNeed
from bot.errors import ConfigError, os_reason
from bot.staff.export import affiliation_records, to_csv, to_json, to_xlsx

NAME = "export"
SCHEMA = SchemaNeed.REQUIRE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["export"], description=t["export"])
    parser.add_argument("--format", choices=("json", "csv", "xlsx"), default="json", help=t["format"])
    parser.add_argument("--campaign", metavar="KEY", help=t["campaign"])
    parser.add_argument("--output", type=Path, help=t["output"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    key = chosen_campaign(app.campaigns, args.campaign)
    with app.db_session() as session:
        records = affiliation_records(session, app.campaigns, key)
        data = to_xlsx(session, app.campaigns, key) if args.format == "xlsx" else None
    if data is None:
        data = (to_json(records) if args.format == "json" else to_csv(records)).encode("utf-8")
    write_output(data, args.output, t)
    if args.output is not None:
        print(counted(t, "exported", len(records), count=len(records), path=args.output), file=sys.stderr)
    return 0


def write_output(data: bytes, output: Path | None, t: Texts) -> None:
    """To ``output``, or to stdout; a workbook is not written to a terminal. A path that cannot
    be written (a missing directory, a directory) is a ConfigError naming the argument."""
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise ConfigError("argument:--output", None, "cannot write {path}: {reason}", path=str(output),
                              reason=os_reason(exc)) from exc
    elif data.startswith(b"PK") and sys.stdout.isatty():
        raise SystemExit(f"intake: {t['error']}: {t['binary_to_terminal']}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
