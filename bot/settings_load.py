"""Reading the settings: the TOML file, then the INTAKE_* environment, then the checks.

Every fault is a ConfigError that names its real source: the settings file and key, or the
environment variable. Paths written in the settings file are relative to that file; paths
from the environment or the defaults are relative to the working directory.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, Mapping

from bot.toml_fault import toml_fault
from bot.errors import ConfigError, Phrase
from bot.health_address import parse_listen
from bot.settings import CHOICES, DEFAULT_CONFIG, ENVIRONMENT, OUTCOMES, RANGES, SECTIONS, Settings, action_fault
from bot.settings_accounts import with_accounts

_PATH_KEYS = frozenset({"campaigns_dir", "templates_dir"})
_TOP_TYPES = {"database_url": str, "language": str, "log_format": str, "campaigns_dir": Path, "templates_dir": Path}


def load_settings(environ: Mapping[str, str], config_path: Path | None = None) -> Settings:
    """Settings from ``config_path`` (or INTAKE_CONFIG, or config/intake.toml when present),
    then the environment. Raises ConfigError naming the file or variable and the key."""
    path = config_path or (Path(environ["INTAKE_CONFIG"]) if environ.get("INTAKE_CONFIG") else None)
    if path is None and DEFAULT_CONFIG.is_file():
        path = DEFAULT_CONFIG
    raw = _read_toml(path) if path else {}
    accounts = raw.pop("accounts", [])
    settings = _from_mapping(raw, path)
    settings = _apply_environment(settings, environ)
    settings = with_accounts(settings, accounts, environ, _coerce)
    _validate(settings)
    return settings


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise ConfigError(str(path), None, "settings file not found") from exc
    except IsADirectoryError as exc:
        raise ConfigError(str(path), None, "is a directory, not a settings file") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), None, "not UTF-8 text (save the file as UTF-8)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise toml_fault(str(path), exc) from exc


def _from_mapping(raw: dict[str, Any], path: Path | None) -> Settings:
    source = str(path) if path else "defaults"
    top: dict[str, Any] = {"source": source}
    known_top = {f.name for f in fields(Settings)} - {"source", "origins"}
    for key, value in raw.items():
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(source, key, "must be a table, e.g. [{section}]", section=key)
            top[key] = _section(SECTIONS[key], value, source, key)
        elif key in known_top:
            top[key] = _relative_to_file(key, _coerce(Settings, key, value, source, key), path)
        else:
            raise ConfigError(source, key, "unknown setting")
    return Settings(**top)


def _section(cls: type, values: dict[str, Any], source: str, section: str) -> Any:
    known = {f.name for f in fields(cls)}
    for key in values:
        if key not in known:
            raise ConfigError(source, f"{section}.{key}", "unknown setting")
    return cls(**{k: _pairs(v, source, f"{section}.{k}") if k in _PAIR_TABLES else _coerce(cls, k, v, source, f"{section}.{k}")
                  for k, v in values.items()})


_PAIR_TABLES = frozenset({"outcomes"})  # [mailbox.outcomes]: a table of strings, kept as sorted pairs


def _pairs(value: Any, source: str, key: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise ConfigError(source, key, "must be a table, e.g. [{section}]", section=key)
    for name, item in value.items():
        if not isinstance(item, str):
            raise ConfigError(source, f"{key}.{name}", "must be {expected}, not {actual}", expected=Phrase("a string"),
                              actual=Phrase(_TYPE_WORDS.get(type(item), type(item).__name__)))
    return tuple(sorted(value.items()))


def _coerce(cls: type, name: str, value: Any, source: str, key: str) -> Any:
    default = next(f for f in fields(cls) if f.name == name).default
    expected = _TOP_TYPES.get(name, type(default)) if cls is Settings else type(default)
    if expected is Path:
        if not isinstance(value, str):
            raise ConfigError(source, key, "must be a path (a string)")
        return Path(value)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(source, key, "must be {expected}, not {actual}", expected=Phrase(_TYPE_WORDS[expected]),
                          actual=Phrase(_TYPE_WORDS.get(type(value), type(value).__name__)))
    return value


_TYPE_WORDS = {int: "a whole number", float: "a number", str: "a string", bool: "true or false",
               list: "a list", dict: "a table"}


def _relative_to_file(key: str, value: Any, path: Path | None) -> Any:
    if path is None:
        return value
    base = path.resolve().parent
    if key in _PATH_KEYS and not value.is_absolute():
        return base / value
    if key == "database_url" and value.startswith("sqlite:///") and not value.startswith(("sqlite:////", "sqlite:///:")):
        return f"sqlite:///{base / value.removeprefix('sqlite:///')}"
    return value


def _apply_environment(settings: Settings, environ: Mapping[str, str]) -> Settings:
    origins: dict[str, str] = {}
    for variable, (section, key, parse) in ENVIRONMENT.items():
        if variable not in environ:
            continue
        try:
            value = parse(environ[variable])
        except ValueError as exc:
            raise ConfigError(f"environment:{variable}", None, str(exc), value=environ[variable]) from exc
        if section is None:
            settings = replace(settings, **{key: value})
            origins[key] = f"environment:{variable}"
        else:
            settings = replace(settings, **{section: replace(getattr(settings, section), **{key: value})})
            origins[f"{section}.{key}"] = f"environment:{variable}"
    return replace(settings, origins=origins)


def _validate(settings: Settings) -> None:
    def fault(key: str, what: str, **values: object) -> ConfigError:
        where = settings.origins.get(key, settings.source)
        return ConfigError(where, None if where.startswith("environment:") else key, what, **values)

    for key, choices in CHOICES.items():
        value = _value(settings, key)
        if value not in choices:
            raise fault(key, "must be one of {choices}, not {value!r}", choices=", ".join(choices), value=value)
    for account in settings.accounts:
        if account.imap.auth not in CHOICES["imap.auth"]:
            raise ConfigError(settings.source, f"accounts.{account.name}.imap.auth", "must be one of {choices}, not "
                              "{value!r}", choices=", ".join(CHOICES["imap.auth"]), value=account.imap.auth)
    if settings.imap.ssl and settings.imap.starttls:
        raise fault("imap.starttls", "cannot be used together with imap.ssl (choose one)")
    if settings.smtp.ssl and settings.smtp.starttls:
        raise fault("smtp.starttls", "cannot be used together with smtp.ssl (choose one)")
    if settings.mailbox.action == "move" and not settings.mailbox.move_to:
        raise fault("mailbox.move_to", "required when mailbox.action is move")
    for outcome, action in settings.mailbox.outcomes:
        where = settings.origins.get("mailbox.outcomes", settings.source)
        key = None if where.startswith("environment:") else f"mailbox.outcomes.{outcome}"
        if outcome not in OUTCOMES:
            raise ConfigError(where, key, "unknown outcome {outcome!r}; the outcomes are {choices}", outcome=outcome,
                              choices=", ".join(OUTCOMES))
        if action_fault(action):
            raise ConfigError(where, key, "{action!r} is not an action (none, flag, flag:<flag>, move or move:<folder>)",
                              action=action)
    if settings.health.listen:
        try:
            parse_listen(settings.health.listen)
        except ValueError as exc:
            raise fault("health.listen", str(exc), value=settings.health.listen) from exc
    for key, (low, high) in RANGES.items():
        value = _value(settings, key)
        if value < low or (high is not None and value > high):
            raise fault(key, "must be between {low} and {high}, not {value}" if high is not None
                        else "must be at least {low}, not {value}", low=low, high=high, value=value)


def _value(settings: Settings, dotted: str) -> Any:
    section, _, key = dotted.rpartition(".")
    return getattr(getattr(settings, section) if section else settings, key)
