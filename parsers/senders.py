"""Who a sender is, by address alone: a robot, or the board's intake itself. Pure.

``ROBOT_LOCAL_PARTS`` is the table of local parts that list servers, bounce handlers and
notification systems send from (RFC 2142, and the conventions of Mailman, Majordomo, LISTSERV
and the bulk senders); mail from them is never answered. The "+detail" of a sub-address is
ignored: ``bounces+x=lerum.se@`` is ``bounces``.

``OwnMail`` knows the board's own intake: the addresses it sends from and names (each
campaign's reply address, questions address and staff), and the Message-IDs it mints
(``<intake.<kind>.<32 hex>@<domain>>`` on its Message-ID domains). Nothing is answered that
comes from one of those addresses or carries such a Message-ID, and no answer goes to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# (what the table row says, the local part it matches in full, lower-cased)
ROBOT_LOCAL_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("owner-*", re.compile(r"owner-.+")),                     # Majordomo, Mailman 2: owner-<list>
    ("*-owner", re.compile(r".+-owner")),                     # Mailman: <list>-owner
    ("*-request", re.compile(r".+-request")),                 # <list>-request (RFC 2142)
    ("bounce*", re.compile(r"bounces?.*")),                   # VERP and bulk senders: bounces, bounce-123
    ("mailer-daemon", re.compile(r"mailer[-_]?daemon")),
    ("postmaster", re.compile(r"postmaster")),
    ("noreply", re.compile(r"no[-_.]?reply.*")),              # noreply, no-reply, no_reply, noreply.e-tjanst
    ("do-not-reply", re.compile(r"do[-_.]?not[-_.]?reply.*")),  # do-not-reply, donotreply
    ("listserv", re.compile(r"listserv")),
    ("majordomo", re.compile(r"majordomo")),
)
_MINTED = re.compile(r"<intake\.[a-z0-9_-]+\.[0-9a-f]{32}@([^<>@\s]+)>", re.IGNORECASE)


def robot_sender(address: str) -> str:
    """The ROBOT_LOCAL_PARTS row ``address`` matches, or '' for an ordinary sender."""
    local = address.rpartition("@")[0].lower().split("+", 1)[0]
    return next((name for name, pattern in ROBOT_LOCAL_PARTS if local and pattern.fullmatch(local)), "")


@dataclass(frozen=True)
class OwnMail:
    """The board's own intake: addresses (lower-case) and the domains of its Message-IDs."""

    addresses: frozenset[str] = frozenset()
    message_id_domains: frozenset[str] = frozenset()

    @classmethod
    def of(cls, addresses: Iterable[str], message_id_domains: Iterable[str]) -> OwnMail:
        return cls(frozenset(a.strip().lower() for a in addresses if "@" in a),
                   frozenset(d.strip().lower() for d in message_id_domains if d.strip()))

    def is_ours(self, address: str) -> bool:
        return address.strip().lower() in self.addresses

    def minted(self, message_id: str) -> bool:
        """A Message-ID of the form the outbox mints, on one of our Message-ID domains."""
        match = _MINTED.fullmatch(message_id.strip())
        return match is not None and match.group(1).lower() in self.message_id_domains


NOBODY = OwnMail()
