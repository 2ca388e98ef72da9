"""Who sent the form: the campaign's roster matched by org number, name, then sender domain.

Names are compared as senders write them, which is rarely as the roster does:

- case, spacing, punctuation and Swedish letters typed without their dots ("Alingsas");
- the word for the organisation or its body: "kommun", "Stad", "kommunstyrelsen",
  "Regionstyrelsen", and any unit ("Stadsledningskontoret", "Socialförvaltningen");
  "i" between them ("Kommunstyrelsen i Borås" is Borås Stad);
- a genitive s left when that word goes ("Göteborgs Stad" is "Göteborg");
- a region written as a compound or not ("Västra Götalandsregionen", "Region Västra
  Götaland"), or by its initials ("VGR", "GU") when the roster has exactly one name with them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from parsers.model import RosterEntry

# Words that name the organisation's body rather than the organisation.
_NOISE_WORDS = frozenset({"kommun", "kommuns", "stad", "stads", "kommunstyrelsen", "kommunstyrelse",
                          "kommunstyrelsens", "staden"})
# For matching only: also the region's words and "i" ("Kommunstyrelsen i Borås").
_MATCH_NOISE = _NOISE_WORDS | {"region", "regionen", "regionens", "regionstyrelsen", "i"}
# Endings of words that name a unit inside the organisation.
_UNIT_ENDINGS = ("forvaltningen", "forvaltning", "kontoret", "kontor", "namnden", "namnd", "styrelsen",
                 "utskott", "utskottet", "avdelningen", "enheten", "sektorn")
_COMPOUND_ENDINGS = ("regionen", "region")  # "götalandsregionen" -> "götalands regionen"
_INITIALS = re.compile(r"^[A-ZÅÄÖ]{2,5}$")


@dataclass(frozen=True)
class Identification:
    entry: RosterEntry | None
    matched_by: str  # org_number | name | sender_domain | ""


def org_number_digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def normalised_name(text: str) -> str:
    """A stable key for an organisation's name (register.py keys affiliations by it):
    lower case, punctuation and the words "kommun", "stad", "kommunstyrelsen" left out."""
    words = re.sub(r"[^\w]+", " ", (text or "").lower()).split()
    return " ".join(w for w in words if w not in _NOISE_WORDS)


def name_key(text: str) -> str:
    """The organisation's own name for matching: also without accents, region words,
    units ("Socialförvaltningen") and "i"."""
    return " ".join(word for word in _words(text)
                    if word not in _MATCH_NOISE and not word.endswith(_UNIT_ENDINGS))


def match_organisation(roster: tuple[RosterEntry, ...], org_number: str, organisation: str, sender: str) -> Identification:
    digits = org_number_digits(org_number)
    if len(digits) == 10:
        for entry in roster:
            if org_number_digits(entry.org_number) == digits:
                return Identification(entry, "org_number")
    by_name = _by_name(roster, organisation)
    if by_name is not None:
        return Identification(by_name, "name")
    for entry in roster:
        if in_domains(sender, entry.domains):
            return Identification(entry, "sender_domain")
    return Identification(None, "")


def by_sender_domain(roster: tuple[RosterEntry, ...], sender: str) -> RosterEntry | None:
    """The roster entry whose domains the sender's address is in (a file that could not be
    read names no organisation: the sender's domain is all there is)."""
    return next((entry for entry in roster if in_domains(sender, entry.domains)), None)


def in_domains(address: str, domains: tuple[str, ...]) -> bool:
    """Is ``address`` in one of ``domains`` or a subdomain of one ("x@educ.goteborg.se" is in goteborg.se)?"""
    domain = address.rsplit("@", 1)[-1].strip().lower().rstrip(".") if "@" in (address or "") else ""
    return bool(domain) and any(domain == d or domain.endswith("." + d) for d in domains if d)


def names_match(written: str, entry: RosterEntry) -> bool:
    """Does the name as written name ``entry``, as match_organisation compares names?"""
    return _by_name((entry,), written) is not None


def _by_name(roster: tuple[RosterEntry, ...], organisation: str) -> RosterEntry | None:
    wanted = _name_variants(organisation) - {""}
    if wanted:
        for entry in roster:
            if wanted & _name_variants(entry.organisation):
                return entry
    written = (organisation or "").strip()
    if _INITIALS.match(written):
        found = [entry for entry in roster if _initials(entry.organisation) == _fold(written.lower())]
        return found[0] if len(found) == 1 else None
    return None


def _name_variants(text: str) -> set[str]:
    name = name_key(text)
    # "Mölndals stad" vs "Mölndal": a genitive s is dropped once the noise word goes.
    return {name, name[:-1]} if name.endswith("s") else {name}


def _words(text: str) -> list[str]:
    words: list[str] = []
    for word in re.sub(r"[^\w]+", " ", _fold((text or "").lower())).split():
        ending = next((e for e in _COMPOUND_ENDINGS if word.endswith(e) and len(word) > len(e) + 2), None)
        words.extend([word[:-len(ending)], ending] if ending else [word])
    return words


def _initials(name: str) -> str:
    return "".join(word[0] for word in _words(name))


def _fold(text: str) -> str:
    """Without accents and dots: "ö" as "o", "å" as "a" (typed on a keyboard without them)."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
