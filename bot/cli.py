"""The `intake` command. Errors are one line on stderr and a non-zero exit:
2 for configuration, 1 for everything else that stops a command."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Callable, Mapping, Sequence
from zoneinfo import ZoneInfo

from bot.errors import ConfigError, IntakeError
from bot.texts import texts_for

LOCAL_ZONE = ZoneInfo("Europe/Stockholm")


def parse_now(text: str) -> datetime:
    """ISO 8601; a time without offset is Swedish local time (what staff mean)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=LOCAL_ZONE)


def build_parser(t: dict[str, str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description=t["description"], epilog=t["epilog"])
    parser.add_argument("--config", type=Path, help=t["config"])
    parser.add_argument("-v", "--verbose", action="store_true", help=t["verbose"])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    poll = commands.add_parser("poll", help=t["poll"], description=t["poll"])
    poll.add_argument("--once", action="store_true", required=True, help=t["once"])
    poll.add_argument("--now", type=parse_now, help=t["now"])

    commands.add_parser("run", help=t["run"], description=t["run"])

    export = commands.add_parser("export", help=t["export"], description=t["export"])
    export.add_argument("--format", choices=("json", "csv"), default="json", help=t["format"])
    export.add_argument("--output", type=Path, help=t["output"])

    db = commands.add_parser("db", help=t["db"], description=t["db"])
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    db_commands.add_parser("upgrade", help=t["upgrade"], description=t["upgrade"])

    review = commands.add_parser("review", help=t["review"], description=t["review"])
    review.add_argument("--days", type=int, default=30, help=t["days"])
    review.add_argument("--now", type=parse_now, help=t["now"])

    demo = commands.add_parser("demo", help=t["demo"], description=t["demo"])
    demo.add_argument("--samples", type=Path, help=t["samples"])
    demo.add_argument("--now", type=parse_now, help=t["now"])
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    t = texts_for(environ.get("INTAKE_LANGUAGE", "sv"))
    args = build_parser(t).parse_args(argv)
    from bot.app import setup_logging
    setup_logging(args.verbose)
    handler = _handler(args)
    try:
        return handler(args, environ, t)
    except ConfigError as exc:
        print(f"intake: {t['error']}: {exc}", file=sys.stderr)
        return 2
    except IntakeError as exc:
        print(f"intake: {t['error']}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _handler(args: argparse.Namespace) -> Callable[[argparse.Namespace, Mapping[str, str], dict[str, str]], int]:
    from bot import commands
    if args.command == "poll":
        return commands.poll
    if args.command == "run":
        return commands.run
    if args.command == "export":
        return commands.export
    if args.command == "db" and args.db_command == "upgrade":
        return commands.db_upgrade
    if args.command == "review":
        return commands.review
    if args.command == "demo":
        return commands.demo
    raise ValueError(f"no handler for command {args.command!r}")


if __name__ == "__main__":
    sys.exit(main())
