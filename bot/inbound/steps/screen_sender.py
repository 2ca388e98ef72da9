"""screen_sender: a message nobody can be answered for goes to staff, never silently away.

- no readable From address: there is no one to answer, but a person sent something with our
  case number; staff look (the message goes on, with replies suppressed);
- From one of our own addresses (a campaign's reply address, questions address or staff,
  parsers.senders.OwnMail): never answered, so that our own mail can never start a loop;
  staff look at what came (a form a colleague passed on, a copy of our own reply).

Messages the intake itself sent are told by their Message-ID earlier, in classify_message
(parsers.automatic's own_message rule), and are automatic.
"""

from __future__ import annotations

from bot.inbound.context import MessageContext, Outcome, Services


def screen_sender(ctx: MessageContext, services: Services) -> Outcome | None:
    sender = ctx.record.from_address
    if not sender:
        _for_staff(ctx, "no usable From address: for staff, no reply")
    elif services.app.own_mail.is_ours(sender):
        _for_staff(ctx, f"from our own address {sender}: for staff, no reply")
    return None


def _for_staff(ctx: MessageContext, why: str) -> None:
    ctx.suppress_replies = True
    ctx.detail = "; ".join(filter(None, (ctx.detail, why)))
