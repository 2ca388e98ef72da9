"""Calendar replies to our invitations: who answered what.

Never answered automatically. Until invitations are sent (and stored), the answer is kept
on the inbound message's detail, where `intake review` shows it.
"""

from __future__ import annotations

from bot.inbound.context import MessageContext, Services
from parsers.calendar_reply import CalendarReply


def record_reply(ctx: MessageContext, services: Services, answer: CalendarReply | None) -> None:
    if answer is not None:
        ctx.detail = f"calendar reply: {answer.attendee} {answer.partstat} (UID {answer.uid})"
