"""Several boards' mailboxes in one deployment: one App view per account.

A view is the App as one mailbox sees it: that account's [imap] and [oauth], and only the
campaigns it receives; the database, the outbox, the templates and who "we" are (own_mail)
stay shared. Everything that reads a mailbox (the pass, the IDLE watcher, the Sent-folder
copies) runs once per view, so bot/inbound needs no notion of accounts. Without [[accounts]],
the one view is the App itself.
"""

from __future__ import annotations

import dataclasses

from bot.app import App
from bot.settings import AccountSettings

_SHARED = ("own_mail",)  # cached on the App and the same for every view: who "we" are, all boards


def account_views(app: App) -> tuple[App, ...]:
    """One App per mailbox, made once per App (each keeps its own IMAP token cache)."""
    cached = app.__dict__.get("_account_views")
    if cached is None or cached[0] is not app.campaigns:
        cached = (app.campaigns, _views(app))
        app.__dict__["_account_views"] = cached
    return cached[1]


def _views(app: App) -> tuple[App, ...]:
    accounts = app.settings.accounts
    if not accounts:
        return (app,)
    return tuple(_view(app, account) for account in accounts)


def _view(app: App, account: AccountSettings) -> App:
    settings = dataclasses.replace(app.settings, imap=account.imap, oauth=account.oauth, accounts=())
    view = App(settings, tuple(c for c in app.campaigns if c.key in account.campaigns), app.engine, account.name)
    for name in _SHARED:
        view.__dict__[name] = getattr(app, name)
    return view
