"""The `intake` command: a parser built from COMMANDS, the App built and the schema checked
in one place, and errors as one line on stderr, in the staff's language, with a non-zero
exit: 2 for configuration, 75 when another process holds the mailbox (EX_TEMPFAIL: try again
later), 1 for everything else that stops a command.

Each command is a module here with NAME, SCHEMA (what it needs of the database),
``add_parser(commands, t)`` and ``run(args, app, t) -> int``; it only parses and prints, the
work is done in bot/. Only the command that is run is imported (with ``--help`` or a command
that is not there, all of them): an idle ``intake poll --once`` must not pay for the exports'
spreadsheets or the digest's templates.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Protocol, Sequence

from bot.cli.argparse_words import speaking
from bot.cli.texts import Texts, texts_for
from bot.errors import ConfigError, IntakeError, MailboxBusy, Worded, os_reason
from bot.logs import FORMATS, setup_logging

if TYPE_CHECKING:
    from bot.app import App
    from bot.db.revision import SchemaNeed


class Command(Protocol):
    NAME: str
    SCHEMA: SchemaNeed  # what the database must be before run() is called

    def add_parser(self, commands: argparse._SubParsersAction, t: Texts) -> None: ...

    def run(self, args: argparse.Namespace, app: App, t: Texts) -> int: ...


COMMANDS: tuple[str, ...] = (  # the modules bot.cli.<name>, in the order of --help
    "poll",     # one pass: read new mail, process it, send what is due
    "run",      # the worker: the scheduler and its jobs, until SIGTERM
    "remind",   # session changes and the reminders due, then the outbox
    "sessions",  # the information sessions: invited and answers, per session
    "digest",   # the staff digest of each campaign whose turn it is
    "export",   # affiliations as JSON, CSV or .xlsx
    "registrar",  # every inbound document under the case numbers, for the registrar
    "review",   # the review queue: list, show, approve, reject, edit, resend, handled
    "status",   # where things stand; exit 1 when the mailbox pass is stale
    "purge",    # retention: the bot's own copies of settled mail
    "db",       # db upgrade: create or migrate the tables
    "demo",     # the whole flow on embedded servers with the sample mail
)
BUSY = 75  # exit status when another process holds the mailbox (sysexits.h EX_TEMPFAIL)
_GLOBAL_FLAGS = {"-v", "--verbose"}
_GLOBAL_VALUED = {"--config", "--log-format"}


def command_module(name: str) -> Command:
    if name not in COMMANDS:
        raise ValueError(f"no command {name!r}")
    return importlib.import_module(f"bot.cli.{name}")  # type: ignore[return-value]


def build_parser(t: Texts, names: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description=t["description"], epilog=t["epilog"])
    parser.add_argument("--config", type=Path, help=t["config"])
    parser.add_argument("-v", "--verbose", action="store_true", help=t["verbose"])
    parser.add_argument("--log-format", choices=FORMATS, help=t["log_format"])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in names:
        command_module(name).add_parser(commands, t)
    return parser


def named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, when it names one before anything argparse would have to
    explain (help, an unknown option): then only that command's parser is needed."""
    args = iter(argv)
    for arg in args:
        if arg in _GLOBAL_FLAGS or arg.startswith(("--config=", "--log-format=")):
            continue
        if arg in _GLOBAL_VALUED:
            next(args, None)
            continue
        return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    language = environ.get("INTAKE_LANGUAGE", "sv")
    language = language if language in ("sv", "en") else "sv"  # an unknown one is itself a fault, said in Swedish
    t = texts_for(language)
    argv = sys.argv[1:] if argv is None else list(argv)
    named = named_command(argv)
    with speaking(language):
        args = build_parser(t, (named,) if named else COMMANDS).parse_args(argv)
    run_id = setup_logging(args.verbose, args.log_format or "text")
    command = command_module(args.command)
    from bot.settings_load import load_settings

    app: App | None = None
    try:
        settings = load_settings(environ, args.config)
        if args.log_format is None and settings.log_format != "text":  # the setting, when no option
            setup_logging(args.verbose, settings.log_format, run_id)
        quick = getattr(command, "quick", None)  # a command may first see whether there is anything to do
        if quick is not None and (code := quick(args, settings, t)) is not None:
            return code
        from bot.app import build_app
        from bot.db.engine import ensure_schema

        app = build_app(environ, args.config, settings)
        ensure_schema(app.engine, command.SCHEMA)
        return command.run(args, app, t)
    except IntakeError as exc:
        return _fail(exc, language, t)
    except OSError as exc:  # a file or directory no module turned into words
        return _fail(Worded("{path}: {reason}", path=exc.filename or "?", reason=os_reason(exc)), language, t)
    except KeyboardInterrupt:
        return 130
    except _database_errors() as exc:  # a database fault no module turned into words
        from bot.db.faults import database_fault

        return _fail(database_fault(exc, app.settings.database_url if app else "?"), language, t)


def _database_errors() -> type[Exception]:
    # Evaluated only when an exception reaches this clause: SQLAlchemy is not imported before a
    # command needs it (an idle `intake poll --once` never does).
    from sqlalchemy.exc import SQLAlchemyError

    return SQLAlchemyError


def _fail(exc: IntakeError, language: str, t: Texts) -> int:
    """One line on stderr; 2 for configuration, 75 for a busy mailbox, 1 for anything else."""
    from bot.cli.fault_words import swedish

    text = exc.text(swedish if language == "sv" else str) if isinstance(exc, Worded) else str(exc)
    print(f"intake: {t['error']}: {text}", file=sys.stderr)
    return 2 if isinstance(exc, ConfigError) else BUSY if isinstance(exc, MailboxBusy) else 1
