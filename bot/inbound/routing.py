"""Which messages of a batch are ours, decided before any is fetched whole, in this order:

    subject     a campaign's case number in the subject (the headers are already here)
    thread      In-Reply-To/References name a reply we sent (the subject may have lost the number)
    body        a case number in the body text (text parts only, fetched with BODY.PEEK)
    attachment  a case number inside a .docx (only for messages whose structure shows one,
                and only those parts, from their start as far as the main document:
                bot.inbound.docx_peek)

A subject that names another matter's case number settles it: not ours, nothing fetched.
Messages that are not ours are never fetched beyond these parts and never marked.

A message that cannot be routed (its summary incomplete, an exception while reading it, its
parts' FETCH failing even alone) is ``unreadable``, with what failed: the pass records it for
staff and leaves it as it is in the mailbox, since whether it is ours cannot be told.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import OutboxMessage
from bot.errors import FetchError
from bot.faults import fault_point
from bot.inbound.docx_peek import peek_docx_parts
from bot.inbound.quarantine import failure
from bot.mail.imap import Mailbox, Summary
from parsers.mime.message import POLICY, header_text, thread_ids
from parsers.mime.structure import Structure
from parsers.model import Campaign
from parsers.route import route_by_subject, route_structure

TEXT_PART_LIMIT = 1024 * 1024  # a body text larger than this is not read for routing
_IDS_PER_QUERY = 500


@dataclass
class Routed:
    ours: dict[int, Campaign] = field(default_factory=dict)   # UID -> campaign
    unreadable: dict[int, str] = field(default_factory=dict)  # UID -> what failed


def headers_of(summary: Summary) -> EmailMessage:
    return BytesHeaderParser(policy=POLICY).parsebytes(summary.headers)  # type: ignore[return-value]


def route_batch(batch: Sequence[Summary], campaigns: Sequence[Campaign], session: Session,
                mailbox: Mailbox, max_part_bytes: int, raise_at: str = "") -> Routed:
    """Which messages of ``batch`` are ours, and which could not be told (``raise_at``: a
    test's fault point, bot/faults.py)."""
    routed = Routed()
    undecided: list[tuple[Summary, str]] = []
    threads: dict[int, tuple[str, ...]] = {}
    for summary in batch:
        try:
            fault_point("route", raise_at, summary.headers)
            _by_headers(summary, campaigns, routed, undecided, threads)
        except Exception as exc:  # noqa: BLE001 - one message's headers must not stop the batch
            routed.unreadable[summary.uid] = failure("routing by its headers failed", exc)
    by_thread = _by_thread(threads, campaigns, session)
    routed.ours.update(by_thread)
    for uid in by_thread:
        routed.unreadable.pop(uid, None)  # an incomplete summary, but an answer to a reply of ours
    content = _Content(mailbox, campaigns, max_part_bytes, routed)
    content.route([(s, subject) for s, subject in undecided if s.uid not in by_thread])
    return routed


def _by_headers(summary: Summary, campaigns: Sequence[Campaign], routed: Routed,
                undecided: list[tuple[Summary, str]], threads: dict[int, tuple[str, ...]]) -> None:
    headers = headers_of(summary)
    subject = header_text(headers, "Subject")
    found = route_by_subject(subject, campaigns)
    if found.campaign is not None:
        routed.ours[summary.uid] = found.campaign
    elif summary.fault and not found.case_numbers:
        threads[summary.uid] = thread_ids(headers)
        routed.unreadable[summary.uid] = summary.fault  # unless a reply of ours ties it to a campaign
    elif not found.case_numbers:
        threads[summary.uid] = thread_ids(headers)
        undecided.append((summary, subject))


def _by_thread(threads: dict[int, tuple[str, ...]], campaigns: Sequence[Campaign],
               session: Session) -> dict[int, Campaign]:
    wanted = sorted({mid for ids in threads.values() for mid in ids})
    rows = []
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        with session.begin():
            rows += session.execute(select(OutboxMessage.message_id, OutboxMessage.campaign_key).where(
                OutboxMessage.message_id.in_(wanted[start:start + _IDS_PER_QUERY]))).all()
    by_key = {c.key: c for c in campaigns}
    campaign_of_reply = {mid: by_key[key] for mid, key in rows if key in by_key}
    return {uid: campaign_of_reply[mid] for uid, ids in threads.items() for mid in ids if mid in campaign_of_reply}


@dataclass
class _Content:
    """Routing by the text parts, then the .docx parts, each fetched in as few FETCHes as
    the batch allows, and message by message when a shared FETCH fails."""

    mailbox: Mailbox
    campaigns: Sequence[Campaign]
    max_part_bytes: int
    routed: Routed

    def route(self, undecided: list[tuple[Summary, str]]) -> None:
        structures = self._structures(undecided)
        undecided = [(s, subject) for s, subject in undecided if s.uid in structures]
        texts = self._fetch({uid: _sections(st, st.text_sections(), TEXT_PART_LIMIT) for uid, st in structures.items()})
        with_docx = [(s, subject) for s, subject in undecided
                     if self._decide(s, subject, structures[s.uid], texts.get(s.uid, {}), last=False)]
        peeked = peek_docx_parts(self.mailbox, structures, {
            s.uid: _sections(structures[s.uid], structures[s.uid].docx_sections(), self.max_part_bytes)
            for s, _ in with_docx})
        docx = self._fetch(peeked.whole)
        for summary, subject in with_docx:
            parts = {**texts.get(summary.uid, {}), **docx.get(summary.uid, {})}
            self._decide(summary, subject, structures[summary.uid], parts, last=True,
                         docx_texts=peeked.texts.get(summary.uid, {}))

    def _structures(self, undecided: list[tuple[Summary, str]]) -> dict[int, Structure]:
        structures = {}
        for summary, _ in undecided:
            try:
                structures[summary.uid] = Structure.of(summary.bodystructure)  # type: ignore[arg-type]
            except Exception as exc:  # noqa: BLE001 - a structure that cannot be walked: this message only
                self.routed.unreadable[summary.uid] = failure("its BODYSTRUCTURE could not be read", exc)
        return structures

    def _decide(self, summary: Summary, subject: str, structure: Structure, parts: dict[str, bytes],
                *, last: bool, docx_texts: dict[str, str] | None = None) -> bool:
        """Route by what is fetched; True when the .docx parts must be looked at as well."""
        if summary.uid in self.routed.unreadable:
            return False
        try:
            found = route_structure(subject, structure, parts, self.campaigns, docx_texts)
        except Exception as exc:  # noqa: BLE001 - a part that breaks the reading: this message only
            self.routed.unreadable[summary.uid] = failure("routing by its parts failed", exc)
            return False
        if found.campaign is not None:
            self.routed.ours[summary.uid] = found.campaign
            return False
        return not last and not found.case_numbers and bool(
            _sections(structure, structure.docx_sections(), self.max_part_bytes))

    def _fetch(self, wanted: dict[int, tuple[str, ...]]) -> dict[int, dict[str, bytes]]:
        """One FETCH per distinct set of sections (most messages share "1" or "1.1"); a set
        whose FETCH fails is fetched again message by message."""
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for uid, sections in wanted.items():
            if sections:
                groups[sections].append(uid)
        fetched: dict[int, dict[str, bytes]] = {}
        for sections, uids in groups.items():
            try:
                fetched.update(self.mailbox.fetch_sections(uids, sections))
            except FetchError:
                for uid in uids:
                    fetched.update(self._fetch_one(uid, sections))
        return fetched

    def _fetch_one(self, uid: int, sections: tuple[str, ...]) -> dict[int, dict[str, bytes]]:
        try:
            return self.mailbox.fetch_sections([uid], sections)
        except FetchError as exc:
            self.routed.unreadable[uid] = f"its parts {', '.join(sections)} could not be fetched ({exc})"
            return {}


def _sections(structure: Structure, sections: list[str], limit: int) -> tuple[str, ...]:
    sizes = {p.section: p.size for p in structure.parts}
    return tuple(s for s in sections if sizes.get(s, 0) <= limit)
