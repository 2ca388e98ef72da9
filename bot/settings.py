"""Typed settings: a TOML file overridden by INTAKE_* environment variables.

Built once at start-up by ``load_settings`` (bot/settings_load.py) and passed in; nothing
reads the environment anywhere else. Every key is documented in config/intake.example.toml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping


DEFAULT_CONFIG = Path("config/intake.toml")
MAILBOX_ACTIONS = ("none", "flag", "move")
# The outcomes a message of ours can have (bot.inbound.context.Outcome, checked by a test), for
# [mailbox.outcomes]; a quarantined message is never acknowledged, so it has no action.
OUTCOMES = ("registered", "needs_review", "incomplete", "duplicate_form", "duplicate_message", "automatic",
            "bounce", "correspondence", "calendar_reply", "answered")


@dataclass(frozen=True)
class ImapSettings:
    host: str = "127.0.0.1"
    port: int = 143
    ssl: bool = False             # TLS from the start (IMAPS, usually port 993)
    starttls: bool = False        # plain connection upgraded with STARTTLS before login (port 143)
    username: str = ""
    password: str = field(default="", repr=False)
    folder: str = "INBOX"
    batch_size: int = 200
    max_message_bytes: int = 25 * 1024 * 1024
    timeout_seconds: float = 60.0
    auth: str = "password"        # password | xoauth2 (Microsoft 365: a token from [oauth] instead)
    server_search: bool = True    # one UID SEARCH names the candidates (bot/inbound/candidates.py)

    @property
    def account(self) -> str:
        """How the checkpoint, the inbound rows and the lease name this account."""
        return f"{self.username}@{self.host}:{self.port}"


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    username: str = ""
    password: str = field(default="", repr=False)
    timeout_seconds: float = 60.0
    auth: str = "password"        # password | xoauth2; with a username, SMTP AUTH is used


@dataclass(frozen=True)
class OAuthSettings:
    """Sign-in with XOAUTH2 (imap.auth / smtp.auth = "xoauth2"): an app registered in
    Microsoft Entra ID, tokens from the client-credentials flow (docs/operator-guide.md)."""

    tenant_id: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    # Where tokens come from; empty: https://login.microsoftonline.com/<tenant_id>.
    authority: str = ""
    scope: str = "https://outlook.office365.com/.default"
    # A CA bundle to trust for the authority (a private authority or an inspecting proxy).
    ca_file: str = ""

    @property
    def authority_url(self) -> str:
        return self.authority.rstrip("/") or f"https://login.microsoftonline.com/{self.tenant_id}"


AUTH_METHODS = ("password", "xoauth2")


@dataclass(frozen=True)
class MailboxActionSettings:
    action: str = "flag"          # none | flag | move
    flag: str = "\\Flagged"       # what `flag` sets
    move_to: str = "INBOX/Intake"  # where `move` puts processed messages
    # Per outcome, instead of `action`: [mailbox.outcomes] registered = "move:Intake/Registrerat",
    # needs_review = "flag", correspondence = "none"; values none | flag | flag:<flag> | move | move:<folder>.
    outcomes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OutboxSettings:
    max_attempts: int = 8
    backoff_seconds: int = 60     # doubled on every failed attempt
    interval_seconds: int = 30    # how often `intake run` looks for due rows (a pass that queues mail wakes it)
    # IMAP folder for a copy of each sent message (\Seen), so staff see it in Outlook; "auto": the
    # folder the server marks \Sent (RFC 6154); empty: no copy.
    sent_folder: str = "auto"


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
    # Two processes on one mailbox (bot/db/lease.py): a lease held this long, renewed while a job
    # runs; a holder that dies is taken over after it (at once on the same machine).
    lease_seconds: int = 60
    lease_wait_seconds: int = 30  # how long `intake poll --once` and the like wait for a busy mailbox
    # A job that failed (server or database away, login refused) waits its interval, doubled per
    # failure, up to this long (bot/backoff.py); the IDLE watcher's reconnection alike.
    backoff_max_seconds: int = 900
    idle_renew_seconds: int = 300  # IDLE is renewed this often, so a half-open connection is found


@dataclass(frozen=True)
class CalendarSettings:
    interval_seconds: int = 300   # how often `intake run` looks for session changes and reminders due
    attach_ics: bool = True       # also attach each calendar object as invite.ics (beside the inline part)


@dataclass(frozen=True)
class DigestSettings:
    send_empty: bool = False      # also send a digest when nothing is new and nothing waits for a person


@dataclass(frozen=True)
class RetentionSettings:
    days: int = 0                 # the purge job empties stored raw mail of settled cases older than this; 0: off


@dataclass(frozen=True)
class StatusSettings:
    stale_after_minutes: int = 15  # `intake status` exits 1 when the last successful mailbox pass is older


@dataclass(frozen=True)
class HealthSettings:
    # `intake run` serves /healthz and /metrics here (bot/health.py), e.g. "127.0.0.1:8080"; empty: off
    listen: str = ""


@dataclass(frozen=True)
class AccountSettings:
    """One board's mailbox in a deployment that serves several ([[accounts]] in the settings
    file): the campaigns it receives, and its IMAP and sign-in settings ([imap] and [oauth] with
    this account's keys written over them)."""

    name: str
    campaigns: tuple[str, ...]
    imap: ImapSettings
    oauth: OAuthSettings


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///var/intake.db"
    campaigns_dir: Path = Path("config/campaigns")
    templates_dir: Path | None = None
    language: str = "sv"
    log_format: str = "text"  # text | json (one JSON line per event); `--log-format` overrides it
    imap: ImapSettings = field(default_factory=ImapSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    oauth: OAuthSettings = field(default_factory=OAuthSettings)
    mailbox: MailboxActionSettings = field(default_factory=MailboxActionSettings)
    outbox: OutboxSettings = field(default_factory=OutboxSettings)
    policy: PolicySettings = field(default_factory=PolicySettings)
    parsing: ParsingSettings = field(default_factory=ParsingSettings)
    worker: WorkerSettings = field(default_factory=WorkerSettings)
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    status: StatusSettings = field(default_factory=StatusSettings)
    health: HealthSettings = field(default_factory=HealthSettings)
    accounts: tuple[AccountSettings, ...] = ()  # empty: one mailbox, [imap], for every campaign
    source: str = "defaults"  # the settings file, for error messages ("defaults" without one)
    # Where a key's value came from when not from ``source``: "imap.port" -> "environment:INTAKE_IMAP_PORT".
    origins: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
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
    raise ValueError("must be true or false, not {value!r}")


def action_fault(spec: str) -> bool:
    """True when ``spec`` is not none | flag | flag:<flag> | move | move:<folder>."""
    name, colon, argument = spec.partition(":")
    return name not in MAILBOX_ACTIONS or (name == "none" and bool(colon)) or (bool(colon) and not argument.strip())


def parse_outcomes(text: str) -> tuple[tuple[str, str], ...]:
    """``registered=move:Intake/Registrerat, needs_review=flag``: outcome=action pairs."""
    pairs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        outcome, sign, action = part.partition("=")
        if not sign or not outcome.strip() or not action.strip():
            raise ValueError("must be outcome=action pairs separated by commas, not {value!r}")
        pairs.append((outcome.strip(), action.strip()))
    return tuple(pairs)


def parse_port(text: str) -> int:
    try:
        port = int(text.strip())
    except ValueError:
        raise ValueError("must be a port number (1–65535), not {value!r}") from None
    if not 0 < port < 65536:
        raise ValueError("must be a port number (1–65535), not {value!r}")
    return port


# environment variable -> (section or None, key, parser); a parser's ValueError is a template
# with {value} (bot/settings_load.py words it for the variable).
ENVIRONMENT: dict[str, tuple[str | None, str, Callable[[str], Any]]] = {
    "INTAKE_DATABASE_URL": (None, "database_url", str),
    "INTAKE_CAMPAIGNS_DIR": (None, "campaigns_dir", Path),
    "INTAKE_TEMPLATES_DIR": (None, "templates_dir", Path),
    "INTAKE_LANGUAGE": (None, "language", str),
    "INTAKE_LOG_FORMAT": (None, "log_format", str),
    "INTAKE_IMAP_HOST": ("imap", "host", str),
    "INTAKE_IMAP_PORT": ("imap", "port", parse_port),
    "INTAKE_IMAP_SSL": ("imap", "ssl", parse_bool),
    "INTAKE_IMAP_STARTTLS": ("imap", "starttls", parse_bool),
    "INTAKE_IMAP_USERNAME": ("imap", "username", str),
    "INTAKE_IMAP_PASSWORD": ("imap", "password", str),
    "INTAKE_IMAP_FOLDER": ("imap", "folder", str),
    "INTAKE_IMAP_AUTH": ("imap", "auth", str),
    "INTAKE_SMTP_HOST": ("smtp", "host", str),
    "INTAKE_SMTP_PORT": ("smtp", "port", parse_port),
    "INTAKE_SMTP_STARTTLS": ("smtp", "starttls", parse_bool),
    "INTAKE_SMTP_USERNAME": ("smtp", "username", str),
    "INTAKE_SMTP_PASSWORD": ("smtp", "password", str),
    "INTAKE_SMTP_AUTH": ("smtp", "auth", str),
    "INTAKE_OAUTH_TENANT_ID": ("oauth", "tenant_id", str),
    "INTAKE_OAUTH_CLIENT_ID": ("oauth", "client_id", str),
    "INTAKE_OAUTH_CLIENT_SECRET": ("oauth", "client_secret", str),
    "INTAKE_OAUTH_AUTHORITY": ("oauth", "authority", str),
    "INTAKE_OAUTH_CA_FILE": ("oauth", "ca_file", str),
    "INTAKE_MAILBOX_ACTION": ("mailbox", "action", str),
    "INTAKE_MAILBOX_MOVE_TO": ("mailbox", "move_to", str),
    "INTAKE_MAILBOX_OUTCOMES": ("mailbox", "outcomes", parse_outcomes),
    "INTAKE_HEALTH_LISTEN": ("health", "listen", str),
    "INTAKE_FAULT_KILL_AT": (None, "fault_kill_at", str),
    "INTAKE_FAULT_RAISE_AT": (None, "fault_raise_at", str),
}

SECTIONS = {"imap": ImapSettings, "smtp": SmtpSettings, "oauth": OAuthSettings, "mailbox": MailboxActionSettings,
            "outbox": OutboxSettings, "policy": PolicySettings, "parsing": ParsingSettings,
            "worker": WorkerSettings, "calendar": CalendarSettings, "digest": DigestSettings,
            "retention": RetentionSettings, "status": StatusSettings, "health": HealthSettings}

# The smallest value each number may take (and the largest, where there is one).
RANGES: dict[str, tuple[float, float | None]] = {
    "imap.port": (1, 65535), "smtp.port": (1, 65535),
    "imap.batch_size": (1, 10_000), "imap.max_message_bytes": (1024, None), "imap.timeout_seconds": (0.1, None),
    "smtp.timeout_seconds": (0.1, None),
    "outbox.max_attempts": (1, None), "outbox.backoff_seconds": (1, None), "outbox.interval_seconds": (1, None),
    "policy.reply_window_hours": (1, None),
    "parsing.seconds": (0.1, None), "parsing.memory_mb": (16, None),
    "worker.poll_interval_seconds": (1, None), "calendar.interval_seconds": (1, None),
    "worker.lease_seconds": (3, None), "worker.lease_wait_seconds": (0, None),
    "worker.backoff_max_seconds": (1, None), "worker.idle_renew_seconds": (1, 1740),
    "status.stale_after_minutes": (1, None), "retention.days": (0, None),
}
CHOICES: dict[str, tuple[str, ...]] = {"mailbox.action": MAILBOX_ACTIONS, "language": ("sv", "en"),
                                       "imap.auth": AUTH_METHODS, "smtp.auth": AUTH_METHODS, "log_format": ("text", "json")}
