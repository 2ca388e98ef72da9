"""The .docx parts routing must look into, read from their start only (parsers.docx.peek):
``BODY.PEEK[section]<0.n>`` of the base64 text, one FETCH for every message of the batch that
has the part at the same section, then as much more as each zip's local headers say its main
document needs. A part that cannot be read that way (not base64, a winmail.dat, lines of an
odd length, a zip whose start does not tell) is left to be fetched whole, as before.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from bot.errors import FetchError
from bot.mail.imap import Mailbox
from parsers.docx.peek import MAX_PEEK, peek_document
from parsers.mime.structure import Structure
from parsers.mime.walk import is_tnef

HEAD = 2048        # encoded bytes first read of every part: enough for most documents' text
_MAX_ROUNDS = 6    # further reads of one part before it is fetched whole
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")


@dataclass
class Peeked:
    texts: dict[int, dict[str, str]] = field(default_factory=dict)       # uid -> section -> text
    whole: dict[int, tuple[str, ...]] = field(default_factory=dict)      # uid -> sections to fetch whole


def peek_docx_parts(mailbox: Mailbox, structures: dict[int, Structure],
                    wanted: dict[int, tuple[str, ...]]) -> Peeked:
    """The main-document text of each wanted part that its start gives, the rest to fetch whole."""
    found = Peeked()
    by_section: dict[str, list[int]] = defaultdict(list)
    for uid, sections in wanted.items():
        for section in sections:
            part = structures[uid].part(section)
            if part is not None and part.encoding == "base64" and not is_tnef(part.content_type, part.filename):
                by_section[section].append(uid)
            else:
                _fetch_whole(found, uid, section)
    for section, uids in by_section.items():
        try:
            heads = mailbox.fetch_partial(uids, section, 0, HEAD)
        except FetchError:
            heads = {}
        for uid in uids:
            text = _read_on(mailbox, uid, section, heads.get(uid))
            if text is None:
                _fetch_whole(found, uid, section)
            else:
                found.texts.setdefault(uid, {})[section] = text
    return found


def _read_on(mailbox: Mailbox, uid: int, section: str, encoded: bytes | None) -> str | None:
    """The text from ``encoded`` (the part's first bytes) and what more the zip needs; None: whole."""
    length = HEAD
    for _ in range(_MAX_ROUNDS):
        if encoded is None:
            return None
        complete = len(encoded) < length  # the server had no more: this is the whole part
        peek = peek_document(_decoded(encoded, complete))
        if peek.text is not None or peek.whole or complete:
            return peek.text
        wanted = _encoded_length(encoded, min(peek.need, MAX_PEEK))
        if wanted is None or wanted <= len(encoded):
            return None
        try:
            more = mailbox.fetch_partial([uid], section, len(encoded), wanted - len(encoded)).get(uid)
        except FetchError:
            return None
        encoded, length = (encoded + more if more is not None else None), wanted
    return None


def _decoded(encoded: bytes, complete: bool) -> bytes:
    """The bytes the whole lines of base64 text carry (all of it when the part is complete)."""
    if not complete:
        encoded = encoded[:encoded.rfind(b"\n") + 1]
    cleaned = _NOT_BASE64.sub(b"", encoded)
    cleaned = cleaned[:len(cleaned) - len(cleaned) % 4]
    try:
        return base64.b64decode(cleaned)
    except (binascii.Error, ValueError):
        return b""


def _encoded_length(encoded: bytes, decoded: int) -> int | None:
    """How many encoded bytes from the start carry ``decoded`` bytes, by the first line's
    length; None when the lines are not whole base64 quanta (then the part is read whole)."""
    line_end = encoded.find(b"\n")
    if line_end <= 0:
        return None
    separator = 2 if encoded[line_end - 1:line_end] == b"\r" else 1
    width = line_end + 1 - separator
    if width % 4 or _NOT_BASE64.search(encoded[:width]):
        return None
    characters = math.ceil(decoded / 3) * 4
    return characters + math.ceil(characters / width) * separator


def _fetch_whole(found: Peeked, uid: int, section: str) -> None:
    found.whole[uid] = (*found.whole.get(uid, ()), section)
