"""`intake demo`: the whole flow on embedded servers, with its own SQLite database."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.app import App
from bot.cli.arguments import parse_now
from bot.cli.texts import Texts
from bot.db.engine import SchemaNeed

NAME = "demo"
SCHEMA = SchemaNeed.NONE  # the demo makes its own database under var/demo


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["demo"], description=t["demo"])
    parser.add_argument("--samples", type=Path, help=t["samples"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    from bot.demo.run import run_demo  # pymap and aiosmtpd are loaded only for the demo

    if not args.verbose:
        # The demo shows its own progress; the log would only repeat it between the lines.
        logging.getLogger("intake").setLevel(logging.WARNING)
    return run_demo(app.settings, args.samples, args.now)
