"""The `intake` command: a parser built from COMMANDS, the App built and the schema checked
in one place, and errors as one line on stderr, in the staff's language, with a non-zero
exit: 2 for configuration, 75 when another process holds the mailbox (EX_TEMPFAIL: try again
later), 1 for everything else that stops a command.

Each command is a module here with NAME, SCHEMA (what it needs of the database),
``add_parser(commands, t)`` and ``run(args, app, t) -> int``; it only parses and prints, the
work is done in bot/.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Mapping, Protocol, Sequence

from sqlalchemy.exc import SQLAlchemyError

from bot.app import App, build_app
from bot.cli import db, demo, digest, export, poll, purge, registrar, remind, review, run, sessions, status
from bot.cli.argparse_words import speaking
from bot.cli.fault_words import swedish
from bot.cli.texts import Texts, texts_for
from bot.db.engine import SchemaNeed, ensure_schema
from bot.db.faults import database_fault
from bot.errors import ConfigError, IntakeError, MailboxBusy, Worded
from bot.logs import FORMATS, setup_logging


class Command(Protocol):
    NAME: str
    SCHEMA: SchemaNeed  # what the database must be before run() is called

    def add_parser(self, commands: argparse._SubParsersAction, t: Texts) -> None: ...

    def run(self, args: argparse.Namespace, app: App, t: Texts) -> int: ...


COMMANDS: tuple[Command, ...] = (
    poll,     # one pass: read new mail, process it, send what is due
    run,      # the worker: the scheduler and its jobs, until SIGTERM
    remind,   # session changes and the reminders due, then the outbox
    sessions,  # the information sessions: invited and answers, per session
    digest,   # the staff digest of each campaign whose turn it is
    export,   # affiliations as JSON, CSV or .xlsx
    registrar,  # every inbound document under the case numbers, for the registrar
    review,   # the review queue: list, show, approve, reject, edit, resend, handled
    status,   # where things stand; exit 1 when the mailbox pass is stale
    purge,    # retention: the bot's own copies of settled mail
    db,       # db upgrade: create or migrate the tables
    demo,     # the whole flow on embedded servers with the sample mail
)
BUSY = 75  # exit status when another process holds the mailbox (sysexits.h EX_TEMPFAIL)
_BY_NAME = {command.NAME: command for command in COMMANDS}


def build_parser(t: Texts) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description=t["description"], epilog=t["epilog"])
    parser.add_argument("--config", type=Path, help=t["config"])
    parser.add_argument("-v", "--verbose", action="store_true", help=t["verbose"])
    parser.add_argument("--log-format", choices=FORMATS, help=t["log_format"])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands, t)
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    language = environ.get("INTAKE_LANGUAGE", "sv")
    t = texts_for(language)
    with speaking(language):
        args = build_parser(t).parse_args(argv)
    run_id = setup_logging(args.verbose, args.log_format or "text")
    command = _BY_NAME[args.command]
    app: App | None = None
    try:
        app = build_app(environ, args.config)
        if args.log_format is None and app.settings.log_format != "text":  # the setting, when no option
            setup_logging(args.verbose, app.settings.log_format, run_id)
        ensure_schema(app.engine, command.SCHEMA)
        return command.run(args, app, t)
    except SQLAlchemyError as exc:  # a database fault no module turned into words
        return _fail(database_fault(exc, app.settings.database_url if app else "?"), language, t)
    except IntakeError as exc:
        return _fail(exc, language, t)
    except KeyboardInterrupt:
        return 130


def _fail(exc: IntakeError, language: str, t: Texts) -> int:
    """One line on stderr; 2 for configuration, 75 for a busy mailbox, 1 for anything else."""
    text = exc.text(swedish if language == "sv" else str) if isinstance(exc, Worded) else str(exc)
    print(f"intake: {t['error']}: {text}", file=sys.stderr)
    return 2 if isinstance(exc, ConfigError) else BUSY if isinstance(exc, MailboxBusy) else 1
