"""What a command needs of the settings before it talks to the mail servers: one line naming
the missing key and the variable that would set it (never a failure half-way through a pass)."""

from __future__ import annotations

import logging

from bot.errors import ConfigError
from bot.settings import AccountSettings, Settings
from bot.settings_accounts import account_variable


def require_mail_servers(settings: Settings) -> None:
    """Commands that talk to the mailbox need credentials; say which one is missing."""
    if settings.accounts:
        for account in settings.accounts:
            _require_account(settings, account)
    else:
        keys = ("host", "username") + (("password",) if settings.imap.auth == "password" else ())
        for key in keys:
            _require(settings, "imap", key, f"INTAKE_IMAP_{key.upper()}")
        if settings.imap.auth == "xoauth2":
            _require_oauth(settings)
    require_smtp(settings)


def _require_account(settings: Settings, account: AccountSettings) -> None:
    imap, oauth = account.imap, account.oauth
    needed = [("imap.host", imap.host, ""), ("imap.username", imap.username, "")]
    if imap.auth == "password":
        needed.append(("imap.password", imap.password, account_variable(account.name, "imap_password")))
    else:
        needed += [("oauth.client_id", oauth.client_id, ""),
                   ("oauth.client_secret", oauth.client_secret, account_variable(account.name, "oauth_client_secret"))]
        if not oauth.authority:
            needed.append(("oauth.tenant_id", oauth.tenant_id, ""))
    for key, value, variable in needed:
        if not value:
            raise ConfigError(settings.source, f"accounts.{account.name}.{key}",
                              "required (or set {variable})" if variable else "required", variable=variable)


def require_smtp(settings: Settings) -> None:
    """Commands that only send (intake digest, intake remind) need the SMTP server and nothing else."""
    _require(settings, "smtp", "host", "INTAKE_SMTP_HOST")
    if settings.smtp.auth == "xoauth2":
        _require(settings, "smtp", "username", "INTAKE_SMTP_USERNAME")
        _require_oauth(settings)


def _require_oauth(settings: Settings) -> None:
    """XOAUTH2 needs the app's id and secret, and a tenant unless the authority is given whole."""
    keys = ("client_id", "client_secret") + (() if settings.oauth.authority else ("tenant_id",))
    for key in keys:
        _require(settings, "oauth", key, f"INTAKE_OAUTH_{key.upper()}")


def _require(settings: Settings, section: str, key: str, variable: str) -> None:
    if not getattr(getattr(settings, section), key):
        where = settings.origins.get(f"{section}.{key}", settings.source)
        if where.startswith("environment:"):
            raise ConfigError(where, None, "is empty, but a value is required")
        raise ConfigError(where, f"{section}.{key}", "required (or set {variable})", variable=variable)


UNCHECKED = ("policy.authserv_id is empty: senders are not checked against the board's own mail system "
             "(DMARC), so a form from a forged address is confirmed like any other; set it to that system's "
             "authserv-id (docs/operator-guide.md, first steps)")


def warn_if_unchecked(settings: Settings) -> bool:
    """Log one warning when spoofing protection is off; True when it was logged."""
    if settings.policy.authserv_id.strip():
        return False
    logging.getLogger("intake.settings").warning(UNCHECKED, extra={"step": "start"})
    return True
