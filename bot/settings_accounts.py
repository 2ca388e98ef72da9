"""[[accounts]] in the settings file: several boards' mailboxes served by one deployment.

Each account names the campaigns it receives and the [imap] and [oauth] keys that differ for
it; everything else is shared ([smtp], [outbox], the database). An account's secrets may come
from the environment: INTAKE_ACCOUNT_<NAME>_IMAP_PASSWORD, INTAKE_ACCOUNT_<NAME>_OAUTH_CLIENT_SECRET.
Whether the campaigns exist is checked once the campaign files are loaded (check_account_campaigns).
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from bot.errors import ConfigError
from bot.settings import AccountSettings, ImapSettings, OAuthSettings, Settings

if TYPE_CHECKING:
    from parsers.model import Campaign

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_SECTIONS = {"imap": ImapSettings, "oauth": OAuthSettings}
Coerce = Callable[[type, str, Any, str, str], Any]  # (section class, key, value, source, dotted key) -> value


def account_variable(name: str, key: str) -> str:
    """The environment variable for an account's secret: INTAKE_ACCOUNT_VG_IMAP_PASSWORD."""
    return f"INTAKE_ACCOUNT_{''.join(c if c.isalnum() else '_' for c in name).upper()}_{key.upper()}"


def with_accounts(settings: Settings, raw: Any, environ: Mapping[str, str], coerce: Coerce) -> Settings:
    """``settings`` with its accounts; ``coerce`` checks a value's type as for the other sections."""
    source = settings.source
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise ConfigError(source, "accounts", "must be tables, each written [[accounts]]")
    accounts: list[AccountSettings] = []
    for number, entry in enumerate(raw, start=1):
        account = _account(settings, entry, number, environ, coerce)
        if any(a.name == account.name for a in accounts):
            raise ConfigError(source, f"accounts.{account.name}", "the name is given to two accounts")
        accounts.append(account)
    return replace(settings, accounts=tuple(accounts))


def _account(settings: Settings, entry: dict[str, Any], number: int, environ: Mapping[str, str],
             coerce: Coerce) -> AccountSettings:
    source = settings.source
    name = entry.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ConfigError(source, f"accounts[{number}].name", "required: a short name of lower-case letters, digits, "
                          "- or _ (e.g. \"vg\"), not {value!r}", value=name)
    where = f"accounts.{name}"
    for key in entry:
        if key not in ("name", "campaigns", *_SECTIONS):
            raise ConfigError(source, f"{where}.{key}", "unknown setting")
    campaigns = entry.get("campaigns")
    if not isinstance(campaigns, list) or not campaigns or not all(isinstance(c, str) and c for c in campaigns):
        raise ConfigError(source, f"{where}.campaigns", "required: a list of campaign keys, e.g. [\"jamstallt-vg-2024-2027\"]")
    sections = {key: _overrides(cls, entry.get(key, {}), source, f"{where}.{key}", coerce)
                for key, cls in _SECTIONS.items()}
    imap = replace(settings.imap, **sections["imap"])
    oauth = replace(settings.oauth, **sections["oauth"])
    if (password := environ.get(account_variable(name, "imap_password"))) is not None:
        imap = replace(imap, password=password)
    if (secret := environ.get(account_variable(name, "oauth_client_secret"))) is not None:
        oauth = replace(oauth, client_secret=secret)
    return AccountSettings(name, tuple(campaigns), imap, oauth)


def _overrides(cls: type, values: Any, source: str, where: str, coerce: Coerce) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise ConfigError(source, where, "must be a table, e.g. [{section}]", section=where)
    known = {f.name for f in fields(cls)}
    for key in values:
        if key not in known:
            raise ConfigError(source, f"{where}.{key}", "unknown setting")
    return {key: coerce(cls, key, value, source, f"{where}.{key}") for key, value in values.items()}


def check_account_campaigns(settings: Settings, campaigns: Iterable[Campaign]) -> None:
    """Every account's campaigns exist and every campaign is received by exactly one account."""
    if not settings.accounts:
        return
    source, known = settings.source, {c.key for c in campaigns}
    owner: dict[str, str] = {}
    for account in settings.accounts:
        for key in account.campaigns:
            if key not in known:
                raise ConfigError(source, f"accounts.{account.name}.campaigns", "no campaign has the key {wanted!r} "
                                  "(the campaign files have: {known})", wanted=key, known=", ".join(sorted(known)))
            if key in owner:
                raise ConfigError(source, f"accounts.{account.name}.campaigns", "{wanted!r} is received by the "
                                  "account {other!r} already", wanted=key, other=owner[key])
            owner[key] = account.name
    if missing := sorted(known - owner.keys()):
        raise ConfigError(source, "accounts", "no account receives the campaign(s) {keys}", keys=", ".join(missing))
