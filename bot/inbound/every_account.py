"""The mailbox pass over every account's mailbox (bot/accounts.py), one after the other."""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from datetime import datetime

from bot.accounts import account_views
from bot.app import App
from bot.errors import LoginRefused, MailboxError
from bot.inbound.poll import PassReport, poll_once

log = logging.getLogger("intake.accounts")


def poll_every_account(app: App, now: datetime) -> PassReport:
    """The mailbox pass over each account in turn. A mailbox that cannot be read does not hold
    up the others; the pass then fails as a whole, after them, so the job records the fault."""
    reports, faults = [], []
    for view in account_views(app):
        try:
            reports.append(poll_once(view, now))
        except MailboxError as exc:
            if len(account_views(app)) == 1:
                raise
            log.error("account %s: %s", view.account, exc, extra={"step": "scan"})
            faults.append((view.account, exc))
    report = merged(reports)
    if faults:
        name, first = faults[0]
        refused = any(isinstance(fault, LoginRefused) for _, fault in faults)
        raise (LoginRefused if refused else MailboxError)("account {name}: {fault} ({failed} of {accounts} accounts could not be read)", name=name,
                           fault=first.phrase, failed=len(faults), accounts=len(account_views(app)))
    return report


def merged(reports: list[PassReport]) -> PassReport:
    total = PassReport()
    for report in reports:
        for f in dataclasses.fields(PassReport):
            mine, theirs = getattr(total, f.name), getattr(report, f.name)
            if isinstance(mine, Counter):
                mine.update(theirs)
            elif isinstance(mine, set):
                mine |= theirs
            else:
                setattr(total, f.name, mine + theirs)
    return total
