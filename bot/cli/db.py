"""`intake db upgrade`: create the tables, or migrate them to this version."""

from __future__ import annotations

import argparse

from bot.app import App
from bot.cli.texts import Texts
from bot.db.engine import upgrade
from bot.db.engine import SchemaNeed

NAME = "db"
SCHEMA = SchemaNeed.NONE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["db"], description=t["db"])
    db_commands = parser.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    db_commands.add_parser("upgrade", help=t["upgrade"], description=t["upgrade"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    if args.db_command != "upgrade":
        raise ValueError(f"no db command {args.db_command!r}")
    print(t["upgraded"].format(revision=upgrade(app.engine)))
    return 0
