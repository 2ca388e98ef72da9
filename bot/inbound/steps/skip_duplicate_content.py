"""skip_duplicate_content: the same content already came under another Message-ID."""

from __future__ import annotations

from sqlalchemy import select

from bot.inbound.context import MessageContext, Outcome, Services
from bot.db.tables import InboundMessage


def skip_duplicate_content(ctx: MessageContext, services: Services) -> Outcome | None:
    earlier = services.session.scalars(
        select(InboundMessage)
        .where(InboundMessage.content_hash == ctx.record.content_hash, InboundMessage.id != ctx.record.id)
        .order_by(InboundMessage.id).limit(1)).first()
    if earlier is None:
        return None
    ctx.record.duplicate_of_id = earlier.id
    ctx.detail = f"same content as {earlier.message_id}"
    return Outcome.DUPLICATE_MESSAGE
