"""Which messages of a batch are ours, decided before any is fetched whole, in this order:

    subject     a campaign's case number in the subject (the headers are already here)
    thread      In-Reply-To/References name a reply we sent (the subject may have lost the number)
    body        a case number in the body text (text parts only, fetched with BODY.PEEK)
    attachment  a case number inside a .docx (only for messages whose structure shows one,
                and only those parts are fetched)

A subject that names another matter's case number settles it: not ours, nothing fetched.
Messages that are not ours are never fetched beyond these parts and never marked.
"""

from __future__ import annotations

from collections import defaultdict
from email import policy as email_policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.mail.imap import Mailbox, Summary
from bot.db.tables import OutboxMessage
from parsers.mime.message import header_text, thread_ids
from parsers.mime.structure import Structure
from parsers.model import Campaign
from parsers.route import route_by_subject, route_structure

TEXT_PART_LIMIT = 1024 * 1024  # a body text larger than this is not read for routing


def headers_of(summary: Summary) -> EmailMessage:
    return BytesHeaderParser(policy=email_policy.default).parsebytes(summary.headers)  # type: ignore[return-value]


def route_batch(batch: Sequence[Summary], campaigns: Sequence[Campaign], session: Session,
                mailbox: Mailbox, max_part_bytes: int) -> dict[int, Campaign]:
    """UID -> campaign for the messages of ``batch`` that are ours."""
    ours: dict[int, Campaign] = {}
    undecided: list[tuple[Summary, str]] = []
    threads: dict[int, tuple[str, ...]] = {}
    for summary in batch:
        headers = headers_of(summary)
        subject = header_text(headers, "Subject")
        found = route_by_subject(subject, campaigns)
        if found.campaign is not None:
            ours[summary.uid] = found.campaign
        elif not found.case_numbers:
            threads[summary.uid] = thread_ids(headers)
            undecided.append((summary, subject))
    by_thread = _by_thread(threads, campaigns, session)
    ours.update(by_thread)
    undecided = [(s, subject) for s, subject in undecided if s.uid not in by_thread]
    ours.update(_by_content(undecided, campaigns, mailbox, max_part_bytes))
    return ours


def _by_thread(threads: dict[int, tuple[str, ...]], campaigns: Sequence[Campaign],
               session: Session) -> dict[int, Campaign]:
    wanted = {mid for ids in threads.values() for mid in ids}
    if not wanted:
        return {}
    with session.begin():
        rows = session.execute(select(OutboxMessage.message_id, OutboxMessage.campaign_key)
                               .where(OutboxMessage.message_id.in_(wanted))).all()
    by_key = {c.key: c for c in campaigns}
    campaign_of_reply = {mid: by_key[key] for mid, key in rows if key in by_key}
    return {uid: campaign_of_reply[mid] for uid, ids in threads.items() for mid in ids if mid in campaign_of_reply}


def _by_content(undecided: list[tuple[Summary, str]], campaigns: Sequence[Campaign], mailbox: Mailbox,
                max_part_bytes: int) -> dict[int, Campaign]:
    ours: dict[int, Campaign] = {}
    structures = {s.uid: Structure.of(s.bodystructure) for s, _ in undecided}
    fetched = _fetch(mailbox, {uid: _sections(st, st.text_sections(), TEXT_PART_LIMIT)
                               for uid, st in structures.items()})
    with_docx = []
    for summary, subject in undecided:
        structure = structures[summary.uid]
        found = route_structure(subject, structure, fetched.get(summary.uid, {}), campaigns)
        if found.campaign is not None:
            ours[summary.uid] = found.campaign
        elif not found.case_numbers and _sections(structure, structure.docx_sections(), max_part_bytes):
            with_docx.append((summary, subject))
    more = _fetch(mailbox, {s.uid: _sections(structures[s.uid], structures[s.uid].docx_sections(), max_part_bytes)
                            for s, _ in with_docx})
    for summary, subject in with_docx:
        parts = {**fetched.get(summary.uid, {}), **more.get(summary.uid, {})}
        found = route_structure(subject, structures[summary.uid], parts, campaigns)
        if found.campaign is not None:
            ours[summary.uid] = found.campaign
    return ours


def _sections(structure: Structure, sections: list[str], limit: int) -> tuple[str, ...]:
    sizes = {p.section: p.size for p in structure.parts}
    return tuple(s for s in sections if sizes.get(s, 0) <= limit)


def _fetch(mailbox: Mailbox, wanted: dict[int, tuple[str, ...]]) -> dict[int, dict[str, bytes]]:
    """One FETCH per distinct set of sections (most messages share "1" or "1.1")."""
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for uid, sections in wanted.items():
        if sections:
            groups[sections].append(uid)
    fetched: dict[int, dict[str, bytes]] = {}
    for sections, uids in groups.items():
        fetched.update(mailbox.fetch_sections(uids, sections))
    return fetched

