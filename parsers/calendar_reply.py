"""Calendar replies to our invitations (iTIP METHOD:REPLY, RFC 5546): who answered what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage

from parsers.mime.reports import decoded_text
from parsers.mime.walk import own_leaves

CALENDAR_TYPES = frozenset({"text/calendar", "application/ics"})


@dataclass(frozen=True)
class CalendarReply:
    attendee: str  # the address that answered, lower-case
    partstat: str  # ACCEPTED | DECLINED | TENTATIVE | DELEGATED | NEEDS-ACTION
    uid: str       # the UID of the invitation answered


def calendar_reply(message: EmailMessage) -> CalendarReply | None:
    """The answer in a METHOD:REPLY calendar part of the message itself, if there is one."""
    for part in own_leaves(message):
        if part.get_content_type() in CALENDAR_TYPES:
            found = _reply_in(decoded_text(part))
            if found is not None:
                return found
    return None


# --- iCalendar, just enough for a REPLY ---------------------------------------------------

_FOLD = re.compile(r"\r?\n[ \t]")
_CONTENT_LINE = re.compile(r'^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$')
_PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)')


def _reply_in(text: str) -> CalendarReply | None:
    lines = [_CONTENT_LINE.match(line) for line in _FOLD.sub("", text).splitlines()]
    props = [(m.group(1).upper(), m.group(2), m.group(3).strip()) for m in lines if m]
    if not any(name == "METHOD" and value.upper() == "REPLY" for name, _, value in props):
        return None
    uid = next((v for n, _, v in props if n == "UID"), "")
    attendee = next(((p, v) for n, p, v in props if n == "ATTENDEE"), None)
    if attendee is None:
        return None
    params = {k.upper(): v.strip('"') for k, v in _PARAM.findall(attendee[0])}
    address = re.sub(r"^mailto:", "", attendee[1], flags=re.IGNORECASE).strip().lower()
    return CalendarReply(address, params.get("PARTSTAT", "NEEDS-ACTION").upper(), uid)
