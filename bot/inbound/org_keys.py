"""What makes two submissions the same organisation's: the key of an affiliation
(unique per campaign), and the placeholder an unreadable attempt made (version 0)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation
from parsers.model import FormData, RosterEntry
from parsers.roster import normalised_name, org_number_digits


def organisation_key(entry: RosterEntry | None, form: FormData | None, sender: str) -> str:
    """Roster number (or name), else the form's number, then its name; else the sender's address,
    so that repeated attempts of an organisation nobody can name make one affiliation, not many."""
    if entry is not None and len(org_number_digits(entry.org_number)) == 10:
        return "org:" + org_number_digits(entry.org_number)
    if form is not None and len(org_number_digits(form.org_number)) == 10:
        return "org:" + org_number_digits(form.org_number)
    name = normalised_name(form.organisation if form is not None else entry.organisation if entry else "")
    return "name:" + name if name else sender_key(sender)


def sender_key(sender: str) -> str:
    return "sender:" + (sender or "").strip().lower()


def find_affiliation(session: Session, campaign_key: str, key: str) -> Affiliation | None:
    return session.scalars(select(Affiliation).where(
        Affiliation.campaign_key == campaign_key, Affiliation.org_key == key)).first()


def is_placeholder(affiliation: Affiliation) -> bool:
    """Made by an attempt that could not be read (bot.inbound.attempt): no form read yet."""
    return affiliation.current_version == 0
