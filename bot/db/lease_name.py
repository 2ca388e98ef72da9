"""The name of a mailbox's lease (bot/db/lease.py), apart so that a command can ask for it
without importing the database layer (bot/quick_look.py)."""

from __future__ import annotations

import hashlib

from bot.settings import ImapSettings


def mailbox_lease_name(imap: ImapSettings) -> str:
    """The lease of one folder of one account (its account as ImapSettings.account names it)."""
    name = f"mailbox:{imap.account}/{imap.folder}"
    return name if len(name) <= 600 else "mailbox:sha256:" + hashlib.sha256(name.encode()).hexdigest()
