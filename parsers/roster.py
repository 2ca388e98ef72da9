"""Who sent the form: the campaign's roster matched by org number, name, then sender domain."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.model import RosterEntry

# Words that name the organisation's body rather than the organisation.
_NOISE_WORDS = frozenset({"kommun", "kommuns", "stad", "stads", "kommunstyrelsen", "kommunstyrelse",
                          "kommunstyrelsens", "staden"})


@dataclass(frozen=True)
class Identification:
    entry: RosterEntry | None
    matched_by: str  # org_number | name | sender_domain | ""


def org_number_digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def normalised_name(text: str) -> str:
    words = re.sub(r"[^\w]+", " ", (text or "").lower()).split()
    return " ".join(w for w in words if w not in _NOISE_WORDS)


def _name_variants(text: str) -> set[str]:
    name = normalised_name(text)
    # "Mölndals stad" vs "Mölndal": a genitive s is dropped once the noise word goes.
    return {name, name[:-1]} if name.endswith("s") else {name}


def identify(roster: tuple[RosterEntry, ...], org_number: str, organisation: str, sender: str) -> Identification:
    digits = org_number_digits(org_number)
    if len(digits) == 10:
        for entry in roster:
            if org_number_digits(entry.org_number) == digits:
                return Identification(entry, "org_number")
    wanted = _name_variants(organisation) - {""}
    if wanted:
        for entry in roster:
            if wanted & _name_variants(entry.organisation):
                return Identification(entry, "name")
    domain = sender.rsplit("@", 1)[-1].lower() if "@" in sender else ""
    if domain:
        for entry in roster:
            if any(domain == d or domain.endswith("." + d) for d in entry.domains):
                return Identification(entry, "sender_domain")
    return Identification(None, "")
