"""Typed settings: a TOML file overridden by INTAKE_* environment variables.

Built once at start-up by ``load_settings`` and passed in; nothing reads the
environment anywhere else. Every key is documented in config/intake.example.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from bot.errors import ConfigError

DEFAULT_CONFIG = Path("config/intake.toml")
MAILBOX_ACTIONS = ("none", "flag", "move")


@dataclass(frozen=True)
class ImapSettings:
    host: str = "127.0.0.1"
    port: int = 143
    ssl: bool = False
    username: str = ""
    password: str = field(default="", repr=False)
    folder: str = "INBOX"
    batch_size: int = 200
    max_message_bytes: int = 25 * 1024 * 1024
    timeout_seconds: float = 60.0


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    username: str = ""
    password: str = field(default="", repr=False)
    timeout_seconds: float = 60.0


@dataclass(frozen=True)
class MailboxActionSettings:
    action: str = "flag"          # none | flag | move
    flag: str = "\\Flagged"       # what `flag` sets
    move_to: str = "INBOX/Intake"  # where `move` puts processed messages


@dataclass(frozen=True)
class OutboxSettings:
    max_attempts: int = 8
    backoff_seconds: int = 60     # doubled on every failed attempt
    interval_seconds: int = 30    # how often `intake run` looks for due rows (a pass that queues mail wakes it)
    sent_folder: str = ""         # IMAP folder for a copy of each sent reply; empty: no copy


@dataclass(frozen=True)
class ParsingSettings:
    seconds: float = 5.0           # a form's parse is stopped after this long (parse_timeout)
    memory_mb: int = 512           # ...or when it needs more memory than this (parse_memory)
    check_deliverability: bool = False  # look the contact email's domain up in DNS


@dataclass(frozen=True)
class PolicySettings:
    # RFC 3834: at most one automatic reply per sender and reason within this many hours.
    reply_window_hours: int = 24
    # The authserv-id of the board's own mail system. Only Authentication-Results headers
    # with this id are trusted (others can be written by anyone); empty: DMARC is not read.
    authserv_id: str = ""


@dataclass(frozen=True)
class WorkerSettings:
    poll_interval_seconds: int = 60
    idle: bool = True             # also wake up when the server announces new mail (IMAP IDLE)
    message_id_domain: str = ""   # domain of our Message-IDs; default: the campaign's reply_from domain


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///var/intake.db"
    campaigns_dir: Path = Path("config/campaigns")
    templates_dir: Path | None = None
    language: str = "sv"
    imap: ImapSettings = field(default_factory=ImapSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    mailbox: MailboxActionSettings = field(default_factory=MailboxActionSettings)
    outbox: OutboxSettings = field(default_factory=OutboxSettings)
    policy: PolicySettings = field(default_factory=PolicySettings)
    parsing: ParsingSettings = field(default_factory=ParsingSettings)
    worker: WorkerSettings = field(default_factory=WorkerSettings)
    source: str = "defaults"  # where the settings came from, for error messages
    # Test hooks (bot/faults.py): the process kills itself with SIGKILL at this named point;
    # an exception is raised at "<point>:<text>" for messages whose headers contain text.
    fault_kill_at: str = ""
    fault_raise_at: str = ""


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a boolean: {text!r} (use true or false)")


def parse_port(text: str) -> int:
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError(f"port out of range: {port}")
    return port


# environment variable -> (section or None, key, parser)
ENVIRONMENT: dict[str, tuple[str | None, str, Callable[[str], Any]]] = {
    "INTAKE_DATABASE_URL": (None, "database_url", str),
    "INTAKE_CAMPAIGNS_DIR": (None, "campaigns_dir", Path),
    "INTAKE_TEMPLATES_DIR": (None, "templates_dir", Path),
    "INTAKE_LANGUAGE": (None, "language", str),
    "INTAKE_IMAP_HOST": ("imap", "host", str),
    "INTAKE_IMAP_PORT": ("imap", "port", parse_port),
    "INTAKE_IMAP_SSL": ("imap", "ssl", parse_bool),
    "INTAKE_IMAP_USERNAME": ("imap", "username", str),
    "INTAKE_IMAP_PASSWORD": ("imap", "password", str),
    "INTAKE_IMAP_FOLDER": ("imap", "folder", str),
    "INTAKE_SMTP_HOST": ("smtp", "host", str),
    "INTAKE_SMTP_PORT": ("smtp", "port", parse_port),
    "INTAKE_SMTP_STARTTLS": ("smtp", "starttls", parse_bool),
    "INTAKE_SMTP_USERNAME": ("smtp", "username", str),
    "INTAKE_SMTP_PASSWORD": ("smtp", "password", str),
    "INTAKE_MAILBOX_ACTION": ("mailbox", "action", str),
    "INTAKE_MAILBOX_MOVE_TO": ("mailbox", "move_to", str),
    "INTAKE_FAULT_KILL_AT": (None, "fault_kill_at", str),
    "INTAKE_FAULT_RAISE_AT": (None, "fault_raise_at", str),
}

_SECTIONS = {"imap": ImapSettings, "smtp": SmtpSettings, "mailbox": MailboxActionSettings,
             "outbox": OutboxSettings, "policy": PolicySettings, "parsing": ParsingSettings,
             "worker": WorkerSettings}


def load_settings(environ: Mapping[str, str], config_path: Path | None = None) -> Settings:
    """Settings from ``config_path`` (or INTAKE_CONFIG, or config/intake.toml when present),
    then the environment. Raises ConfigError naming the file or variable and the key."""
    path = config_path or (Path(environ["INTAKE_CONFIG"]) if environ.get("INTAKE_CONFIG") else None)
    if path is None and DEFAULT_CONFIG.is_file():
        path = DEFAULT_CONFIG
    raw = _read_toml(path) if path else {}
    settings = _from_mapping(raw, str(path) if path else "defaults")
    settings = _apply_environment(settings, environ)
    _validate(settings)
    return settings


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(str(path), None, "settings file not found") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), None, f"not valid TOML: {exc}") from exc


def _from_mapping(raw: dict[str, Any], source: str) -> Settings:
    top: dict[str, Any] = {"source": source}
    known_top = {f.name for f in fields(Settings)} - {"source"}
    for key, value in raw.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(source, key, "must be a table, e.g. [imap]")
            top[key] = _section(_SECTIONS[key], value, source, key)
        elif key in known_top:
            top[key] = _coerce(Settings, key, value, source, key)
        else:
            raise ConfigError(source, key, "unknown setting")
    return Settings(**top)


def _section(cls: type, values: dict[str, Any], source: str, section: str) -> Any:
    known = {f.name for f in fields(cls)}
    for key in values:
        if key not in known:
            raise ConfigError(source, f"{section}.{key}", "unknown setting")
    return cls(**{k: _coerce(cls, k, v, source, f"{section}.{k}") for k, v in values.items()})


def _coerce(cls: type, name: str, value: Any, source: str, key: str) -> Any:
    default = next(f for f in fields(cls) if f.name == name).default
    expected = {"database_url": str, "language": str, "campaigns_dir": Path, "templates_dir": Path}.get(name, type(default))
    if expected is Path:
        if not isinstance(value, str):
            raise ConfigError(source, key, "must be a path (string)")
        return Path(value)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(source, key, f"must be {expected.__name__}, not {type(value).__name__}")
    return value


def _apply_environment(settings: Settings, environ: Mapping[str, str]) -> Settings:
    for variable, (section, key, parse) in ENVIRONMENT.items():
        if variable not in environ:
            continue
        try:
            value = parse(environ[variable])
        except ValueError as exc:
            raise ConfigError(f"environment {variable}", None, str(exc)) from exc
        if section is None:
            settings = replace(settings, **{key: value})
        else:
            settings = replace(settings, **{section: replace(getattr(settings, section), **{key: value})})
    return settings


def _validate(settings: Settings) -> None:
    where = settings.source
    if settings.mailbox.action not in MAILBOX_ACTIONS:
        raise ConfigError(where, "mailbox.action", f"must be one of {', '.join(MAILBOX_ACTIONS)}, not {settings.mailbox.action!r}")
    if settings.mailbox.action == "move" and not settings.mailbox.move_to:
        raise ConfigError(where, "mailbox.move_to", "required when mailbox.action is move")
    if settings.language not in ("sv", "en"):
        raise ConfigError(where, "language", f"must be sv or en, not {settings.language!r}")
    for section, key in (("imap", "batch_size"), ("imap", "max_message_bytes"), ("outbox", "max_attempts"), ("outbox", "interval_seconds"),
                         ("policy", "reply_window_hours"), ("parsing", "seconds"), ("parsing", "memory_mb")):
        if getattr(getattr(settings, section), key) < 1:
            raise ConfigError(where, f"{section}.{key}", "must be at least 1")


def require_mail_servers(settings: Settings) -> None:
    """Commands that talk to the mailbox need credentials; say which one is missing."""
    for variable, (section, key, _) in ENVIRONMENT.items():
        if section == "imap" and key in ("host", "username", "password") and not getattr(settings.imap, key):
            raise ConfigError(settings.source, f"imap.{key}", f"required (or set {variable})")
    if not settings.smtp.host:
        raise ConfigError(settings.source, "smtp.host", "required (or set INTAKE_SMTP_HOST)")
