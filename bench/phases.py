"""Bytes by phase: the proxy's counts, with every BODY[n] literal named body text or attachment.

The proxy only sees section numbers go by. Afterwards the benchmark asks the server itself
(directly, not through the proxy) for the BODYSTRUCTURE of the messages whose sections were
fetched, and reads each section's type with the parser the bot routes with: a text part
that is not a file is body text; anything else (a .docx, winmail.dat, a PDF) an attachment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from imapclient import IMAPClient

from bench.imapstream import Counts
from parsers.mime.structure import Structure

PHASES = ("search", "headers", "bodies", "attachments", "messages", "other")
LABELS = {"search": "search", "headers": "headers/structure", "bodies": "bodies (text parts)",
          "attachments": "attachments (parts)", "messages": "whole messages", "other": "login, select, flags, logout"}


@dataclass(frozen=True)
class Traffic:
    """What the server sent during one measured run, by phase, and the commands it answered."""

    phases: dict[str, int]
    commands: dict[str, int]
    connections: int
    by_kind: dict[tuple[str, str], int] = field(default_factory=dict)  # (phase, kind of message) -> section bytes

    @property
    def total(self) -> int:
        return sum(self.phases.values())

    @property
    def round_trips(self) -> int:
        return sum(self.commands.values())


def traffic(counts: Counts, client: IMAPClient | None, kind_of_uid: Mapping[int, str] | None = None) -> Traffic:
    """``client`` (a direct connection with the folder selected) names the sections; without
    one, sections count as attachments (only a run that fetched no sections may pass None).
    With ``kind_of_uid``, section bytes are also told by the kind of message they came from."""
    phases = Counter({phase: counts.phases.get(phase, 0) for phase in PHASES})
    literal_sections = counts.phases.get("sections", 0)
    kinds = _section_kinds(client, {uid for uid, _ in counts.sections}) if counts.sections else {}
    by_kind: Counter[tuple[str, str]] = Counter()
    for (uid, section), size in counts.sections.items():
        phase = kinds.get((uid, section), "attachments")
        phases[phase] += size
        if kind_of_uid is not None:
            by_kind[(phase, kind_of_uid.get(uid, "?"))] += size
    # The header line that announced each section literal was counted as the FETCH's headers;
    # the literals themselves are exactly what counts.sections holds.
    assert literal_sections == sum(counts.sections.values()), "every section literal is named"
    return Traffic(dict(phases), dict(counts.commands), counts.connections, dict(by_kind))


def _section_kinds(client: IMAPClient | None, uids: set[int]) -> dict[tuple[int, str], str]:
    if client is None:
        return {}
    kinds: dict[tuple[int, str], str] = {}
    ordered = sorted(uids)
    for start in range(0, len(ordered), 500):
        fetched = client.fetch(ordered[start:start + 500], ["BODYSTRUCTURE"])
        for uid, data in fetched.items():
            structure = Structure.of(data[b"BODYSTRUCTURE"])
            texts = set(structure.text_sections())
            for part in structure.parts:
                kinds[(uid, part.section)] = "bodies" if part.section in texts else "attachments"
    return kinds
