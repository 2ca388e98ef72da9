"""Load and validate campaign files (config/campaigns/*.toml) and their rosters.

A bad file stops the command with a ConfigError naming the file, the key and the fault.
Paths inside a campaign file are relative to that file.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.campaign_checks import address, require_known_keys
from bot.toml_fault import toml_fault
from bot.errors import ConfigError, os_reason
from bot.roster_csv import read_roster_rows
from parsers.casenumber import normalise_case_number
from parsers.model import (DEFAULT_REMINDERS, Campaign, DigestSchedule, Goal, InfoSession, ReminderOffset,
                           RemindPolicy, RosterEntry)

_REQUIRED_TEXT = ("key", "name", "board", "case_number", "reply_from", "questions_to", "privacy_url")
_LANGUAGES = ("sv", "en")
_OFFSET = re.compile(r"(\d{1,4})([dhm])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DOMAIN_SEPARATORS = re.compile(r"[;,\s]+")  # "a.se;b.se", or "a.se, b.se" in a semicolon file
_CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")


def load_campaigns(directory: Path) -> tuple[Campaign, ...]:
    """Every *.toml in ``directory``, sorted by file name; keys and case numbers unique."""
    if not directory.is_dir():
        raise ConfigError(str(directory), None, "campaign directory does not exist (set campaigns_dir in the "
                          "settings file or INTAKE_CAMPAIGNS_DIR)")
    campaigns = tuple(load_campaign(path) for path in sorted(directory.glob("*.toml")))
    if not campaigns:
        raise ConfigError(str(directory), None, "no campaign files (*.toml) found")
    _unique_across_files(campaigns, "key")
    _unique_across_files(campaigns, "case_number")
    return campaigns


def _unique_across_files(campaigns: tuple[Campaign, ...], attribute: str) -> None:
    """Two files with one key or case number: the error names both files."""
    seen: dict[str, Campaign] = {}
    for campaign in campaigns:
        value = getattr(campaign, attribute)
        if value in seen:
            raise ConfigError(str(campaign.source_path), attribute, "duplicate value {value!r}: {other} has it too",
                              value=value, other=str(seen[value].source_path))
        seen[value] = campaign


def load_campaign(path: Path) -> Campaign:
    where = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # Notepad may write a byte-order mark
    except OSError as exc:
        raise ConfigError(where, None, "cannot read the file: {reason}", reason=os_reason(exc)) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(where, None, "not UTF-8 text (save the file as UTF-8)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise toml_fault(where, exc) from exc
    require_known_keys(raw, where)
    for key in _REQUIRED_TEXT:
        _text(raw, key, where)
    case_number = normalise_case_number(raw["case_number"])
    if case_number is None:
        raise ConfigError(where, "case_number", "not a case number like 801-9838-2024: {value!r}",
                          value=raw["case_number"])
    language = raw.get("language", "sv")
    if language not in _LANGUAGES:
        raise ConfigError(where, "language", "must be one of {choices}, not {value!r}",
                          choices=", ".join(_LANGUAGES), value=language)
    staff = raw.get("staff", [])
    if not isinstance(staff, list):
        raise ConfigError(where, "staff", "must be a list of email addresses")
    staff = [address(item, where, f"staff[{i}]") for i, item in enumerate(staff)]
    base = path.parent
    roster_path = _optional_path(raw, "roster", base, where)
    form_path = _optional_path(raw, "form", base, where)
    return Campaign(
        key=raw["key"],
        name=raw["name"],
        board=raw["board"],
        case_number=case_number,
        reply_from=address(raw["reply_from"], where, "reply_from"),
        language=language,
        staff=tuple(staff),
        questions_to=address(raw["questions_to"], where, "questions_to"),
        privacy_url=raw["privacy_url"],
        goals=_goals(raw, where),
        sessions=_sessions(raw, where),
        roster=load_roster(roster_path) if roster_path else (),
        form_path=form_path,
        source_path=path,
        roster_path=roster_path,
        reminders=_reminders(raw, where),
        remind=_remind(raw, where),
        digest=_digest(raw, where),
    )


def load_roster(path: Path) -> tuple[RosterEntry, ...]:
    """CSV with columns organisation, org_number, type, domains (';'-separated); as Excel
    saves it (bot/roster_csv.py: encodings, separators, the line of a fault)."""
    where = str(path)
    entries = []
    for line, row in read_roster_rows(path):
        name = (row.get("organisation") or "").strip()
        if not name:
            raise ConfigError(where, None, "line {line}: organisation is empty", line=line)
        domains = tuple(d.lower() for d in _DOMAIN_SEPARATORS.split(row.get("domains") or "") if d)
        entries.append(RosterEntry(name, (row.get("org_number") or "").strip(), (row.get("type") or "").strip(), domains))
    return tuple(entries)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if value is None:
        raise ConfigError(where, key, "required key is missing")
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(where, key, "must be a non-empty string")
    return value


def _optional_path(raw: dict[str, Any], key: str, base: Path, where: str) -> Path | None:
    if key not in raw:
        return None
    path = (base / _text(raw, key, where)).resolve()
    if not path.is_file():
        raise ConfigError(where, key, "file not found: {path}", path=path)
    return path


def _goals(raw: dict[str, Any], where: str) -> tuple[Goal, ...]:
    items = raw.get("goals")
    if not isinstance(items, list) or not items:
        raise ConfigError(where, "goals", "at least one [[goals]] entry is required")
    goals = []
    for i, item in enumerate(items):
        key = f"goals[{i}]"
        number = item.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ConfigError(where, f"{key}.number", "must be a positive integer")
        goals.append(Goal(number, _text(item, "area", f"{where}: {key}"), _text(item, "title", f"{where}: {key}")))
    _require_unique(goals, "goals.number", lambda g: g.number, where)
    return tuple(sorted(goals, key=lambda g: g.number))


def _sessions(raw: dict[str, Any], where: str) -> tuple[InfoSession, ...]:
    sessions = []
    for i, item in enumerate(raw.get("sessions", [])):
        key = f"sessions[{i}]"
        starts_at = _aware_datetime(item, "starts_at", where, key)
        ends_at = _aware_datetime(item, "ends_at", where, key)
        if ends_at <= starts_at:
            raise ConfigError(where, f"{key}.ends_at", "must be after starts_at")
        item_where = f"{where}: {key}"
        sessions.append(InfoSession(
            id=_text(item, "id", item_where),
            title=_text(item, "title", item_where),
            starts_at=starts_at,
            ends_at=ends_at,
            join_url=_text(item, "join_url", item_where),
            form_label=_text(item, "form_label", item_where),
        ))
    _require_unique(sessions, "sessions.id", lambda s: s.id, where)
    return tuple(sorted(sessions, key=lambda s: s.starts_at))


def _reminders(raw: dict[str, Any], where: str) -> tuple[ReminderOffset, ...]:
    """``reminders = ["7d", "1d"]``: days, hours or minutes before each session; [] for none."""
    items = raw.get("reminders")
    if items is None:
        return DEFAULT_REMINDERS
    if not isinstance(items, list):
        raise ConfigError(where, "reminders", 'must be a list like ["7d", "1d"]')
    offsets = [_offset(item, where) for item in items]
    _require_unique(offsets, "reminders", lambda o: o.label, where)
    return tuple(sorted(offsets, key=lambda o: o.before, reverse=True))


def _offset(item: object, where: str) -> ReminderOffset:
    match = _OFFSET.fullmatch(item) if isinstance(item, str) else None
    if match is None or int(match.group(1)) == 0:
        raise ConfigError(where, "reminders", 'each offset is a number and d, h or m, e.g. "7d" or "2h", not {item!r}',
                          item=item)
    return ReminderOffset(item, timedelta(**{_UNITS[match.group(2)]: int(match.group(1))}))


def _remind(raw: dict[str, Any], where: str) -> RemindPolicy:
    value = raw.get("remind", RemindPolicy.NOT_DECLINED.value)
    try:
        return RemindPolicy(value)
    except ValueError:
        choices = ", ".join(p.value for p in RemindPolicy)
        raise ConfigError(where, "remind", "must be one of {choices}, not {value!r}", choices=choices,
                          value=value) from None
def _digest(raw: dict[str, Any], where: str) -> DigestSchedule:
    """``[digest] days = "mon-fri", time = "07:30"`` (Swedish local time); both optional."""
    table = raw.get("digest", {})
    if not isinstance(table, dict):
        raise ConfigError(where, "digest", 'must be a table, e.g. [digest] days = "mon-fri"')
    unknown = sorted(set(table) - {"days", "time"})
    if unknown:
        raise ConfigError(where, f"digest.{unknown[0]}", "unknown key (use days and time)")
    default = DigestSchedule()
    weekdays = _weekdays(table["days"], where) if "days" in table else default.weekdays
    at = _clock(table["time"], where) if "time" in table else default.at
    return DigestSchedule(weekdays, at)


def _weekdays(value: Any, where: str) -> frozenset[int]:
    """"mon-fri", "mon,wed,fri", "daily": the weekdays a digest is sent on (0 = Monday)."""
    text = value.strip().lower() if isinstance(value, str) else ""
    if text == "daily":
        return frozenset(range(7))
    days: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        first, _, last = part.partition("-")
        if first not in _WEEKDAYS or (last and last not in _WEEKDAYS):
            days.clear()
            break
        start, end = _WEEKDAYS.index(first), _WEEKDAYS.index(last or first)
        days.update(range(start, end + 1) if start <= end else (*range(start, 7), *range(0, end + 1)))
    if not days:
        raise ConfigError(where, "digest.days", 'must be weekdays like "mon-fri", "mon,thu" or "daily", not {value!r}',
                          value=value)
    return frozenset(days)


def _clock(value: Any, where: str) -> time:
    match = _CLOCK.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(where, "digest.time", 'must be a local time like "07:30", not {value!r}', value=value)
    return time(int(match.group(1)), int(match.group(2)))


def _aware_datetime(item: dict[str, Any], name: str, where: str, key: str) -> datetime:
    value = item.get(name)
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(where, f"{key}.{name}", "not an ISO date-time: {value!r}", value=value) from exc
    if value is None or parsed.tzinfo is None:
        raise ConfigError(where, f"{key}.{name}", "must be an ISO date-time with a UTC offset, e.g. 2025-04-17T10:00:00+02:00")
    return parsed


def _require_unique(items, what: str, key, where: str = "campaigns") -> None:
    seen = set()
    for item in items:
        value = key(item)
        if value in seen:
            raise ConfigError(where, what, "duplicate value {value!r}", value=value)
        seen.add(value)
