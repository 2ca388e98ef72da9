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
from parsers.model import Problem, Severity, problem


def screen_sender(ctx: MessageContext, services: Services) -> Outcome | None:
    sender = ctx.record.from_address
    if not sender:
        _for_staff(ctx, problem("no_sender", Severity.STAFF), "no usable From address: for staff, no reply")
    elif services.app.own_mail.is_ours(sender):
        _for_staff(ctx, problem("own_address", Severity.STAFF, None, sender=sender),
                   f"from our own address {sender}: for staff, no reply")
    return None


def _for_staff(ctx: MessageContext, why: Problem, note: str) -> None:
    """No reply; the reason shown on the message, and on the affiliation if it carries a form."""
    ctx.suppress_replies = True
    ctx.review_reason = why.code
    ctx.problems.append(why)
    ctx.detail = "; ".join(filter(None, (ctx.detail, note)))
