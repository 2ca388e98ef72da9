"""Which new messages could be ours, asked of the server before anything is fetched.

One ``UID SEARCH`` over the new UIDs names every message that any way of routing
(bot.inbound.routing) could find to be ours; only those get a summary (headers and
BODYSTRUCTURE) and are routed on our side, exactly as before. The rest cost no bytes beyond
the search's answer. A message is a candidate when the server finds:

    case digits   a campaign's distinctive digits in the subject or the body text
                  (``SUBJECT``/``BODY``, which servers match as substrings of the decoded
                  text: any dash, any spacing, "Dnr" or not, RFC 2047 subjects, base64 and
                  quoted-printable bodies); the exact case number is confirmed by routing
    thread        an In-Reply-To or References header (an answer to a reply of ours may
                  have lost the number; the outbox decides)
    attachment    a part that could hold the form or a forwarded message. By the message's
                  own Content-Type header: ``multipart/mixed`` (where mail clients put
                  attachments), an ``application/`` or ``message/`` message, or a single part
                  named ``.doc…`` (also by its Content-Disposition). Inside any other multipart
                  (Apple Mail nests attachments in multipart/alternative and related), by what
                  its parts' MIME headers say (``TEXT``): an ``application/`` type (a .docx by
                  its own type, octet-stream, winmail.dat's ms-tnef, PDFs and the like too), a
                  name with ``.doc`` (.docx, .docm, whatever the type), or ``rfc822`` (a
                  forwarded message); the .docx itself is compressed: no search sees inside

Each key that reads the text costs the server a scan of every message it is asked of (Dovecot:
0.05–0.09 ms per message and key on a quiet 2-core machine, whatever the message's size), so
there are few of them: one BODY per campaign, and the three words above asked only of the
multiparts whose own type does not settle it (a header key in front of a text key spares the
scan where it fails; measured on the benchmark's 10,000 messages: 2.85 s -> 1.85 s, the same
1,183 candidates). A few new messages at a time, as the worker sees mail, this is nothing; a
first pass over a backlog pays it once.

A search key is deliberately wider than the case number it stands for: a message the server
names in error costs its summary, a message it missed would be a form never answered. With
``imap.server_search = false`` (a server whose SEARCH is not a substring search) every new
message is a candidate, as routing alone would have it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.mail.imap import Mailbox
from parsers.casenumber import find_case_numbers
from parsers.model import Campaign

ATTACHMENT_WORDS = ("application/", ".doc", "rfc822")
# The message's own header that says it carries attachments (or is one), without a text scan.
ATTACHMENT_HEADERS = (("Content-Type", "multipart/mixed"), ("Content-Type", "application/"),
                      ("Content-Type", "message/"), ("Content-Type", ".doc"), ("Content-Disposition", ".doc"))
THREAD_HEADERS = ("In-Reply-To", "References")
_DISTINCTIVE = 4  # a middle group shorter than this is searched together with the other two


def case_keys(case_number: str) -> list[list[str]]:
    """The digit runs a case number is searched by: its middle group, and with a short one
    the first group and the year as well (all must appear, in any order)."""
    normalised = find_case_numbers(case_number)
    if not normalised:
        return []
    first, middle, year = normalised[0].split("-")
    return [[middle]] if len(middle) >= _DISTINCTIVE else [[first, middle, year]]


def search_criteria(campaigns: Sequence[Campaign]) -> list[object]:
    """The one SEARCH key any candidate matches: nested lists are parenthesised (imapclient)."""
    keys: list[list[str]] = []
    for campaign in campaigns:
        for digits in case_keys(campaign.case_number):
            keys.append([word for d in digits for word in ("SUBJECT", d)])
            keys.append([word for d in digits for word in ("BODY", d)])
    keys += [["HEADER", name, ""] for name in THREAD_HEADERS]
    keys += [["HEADER", name, value] for name, value in ATTACHMENT_HEADERS]
    # Other multiparts only (a header key first spares the scan): their parts' MIME headers.
    keys.append(["HEADER", "Content-Type", "multipart/", "NOT", ["HEADER", "Content-Type", "multipart/mixed"],
                 _any([["TEXT", word] for word in ATTACHMENT_WORDS])])
    return _any(keys)


def candidate_uids(mailbox: Mailbox, uids: Sequence[int], campaigns: Sequence[Campaign], server_search: bool) -> list[int]:
    """The UIDs among ``uids`` (new, ascending) that routing must look at."""
    if not server_search or not uids:
        return list(uids)
    found = mailbox.search_uids(uids[0], search_criteria(campaigns))
    return [uid for uid in uids if uid in found]


def _any(keys: list[list[str]]) -> list[object]:
    """OR k1 (OR k2 (... kn)): IMAP's OR takes two keys at a time."""
    if len(keys) == 1:
        return list(keys[0])
    return ["OR", keys[0], _any(keys[1:])]
