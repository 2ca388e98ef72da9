"""Is a message a reply in a conversation? Pure.

A reply names the message it answers (In-Reply-To or References), or, written by a client that
does not say so, has a reply prefix in its subject ("SV:", "Re:", "AW:", ...) and quotes the
earlier message (lines starting with ">", or the header block Outlook, Gmail and Apple Mail put
above the quoted text). A forward ("VB:", "Fwd:") is not a reply: someone passes a message on.
Whether the earlier message was one the intake sent does not matter: staff write from Outlook too.
"""

from __future__ import annotations

import re
from email.message import EmailMessage

from parsers.mime.message import body_text, header_text, thread_ids

# Reply prefixes of the clients senders use, in Swedish, English, German, Danish/Norwegian,
# Finnish, Dutch, French; repeated and numbered ones ("SV: SV:", "Re[2]:") too.
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:sv|svar|re|aw|antw|vs|r)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+",
                           re.IGNORECASE)
_QUOTED = (
    re.compile(r"^\s*>", re.MULTILINE),                                              # > quoted lines
    re.compile(r"^\s*-{2,}\s*(?:original message|ursprungligt meddelande|originalmeddelande|"
               r"ursprüngliche nachricht|oprindelig meddelelse|opprinnelig melding)\s*-{2,}",
               re.IGNORECASE | re.MULTILINE),                                        # Outlook, plain
    re.compile(r"^\s*\**(?:från|from|von|fra)\s*:\**\s.+\n(?:.*\n){0,3}?\s*\**(?:skickat|sent|gesendet|sendt|"
               r"datum|date)\s*:", re.IGNORECASE | re.MULTILINE),                    # Outlook header block
    re.compile(r"^.{0,200}\b(?:skrev|wrote|schrieb|skrev følgende)\s*:?\s*$", re.IGNORECASE | re.MULTILINE),
)


def conversation_reason(message: EmailMessage) -> str:
    """Why ``message`` is a reply in a conversation, or '' when it is a fresh message."""
    named = thread_ids(message)
    if named:
        return f"answers {named[-1]}"
    subject = header_text(message, "Subject")
    if reply_subject(subject) and has_quoted_text(body_text(message)):
        return f"reply subject {subject[:40]!r} with quoted text"
    return ""


def reply_subject(subject: str) -> bool:
    return bool(_REPLY_PREFIX.match(subject or ""))


def has_quoted_text(text: str) -> bool:
    return any(pattern.search(text or "") for pattern in _QUOTED)
