"""check_sender_authenticity: DMARC as judged by the board's own mail system.

Only an Authentication-Results header with the configured authserv-id is believed; on a
DMARC fail the message is kept for review and nothing is sent to the claimed sender. With
no authserv-id configured (the default) nothing is checked: ``warn_if_unchecked`` says so
once when `intake poll` or `intake run` starts.
"""

from __future__ import annotations

import logging

from bot.inbound.context import MessageContext, Outcome, Services
from bot.settings import Settings
from parsers.model import Severity, problem


def check_sender_authenticity(ctx: MessageContext, services: Services) -> Outcome | None:
    authserv_id = services.settings.policy.authserv_id
    if not authserv_id:
        return None
    from parsers.authresults import dmarc_result  # not at import: `intake poll` imports this module for its warning

    result = dmarc_result(ctx.message, authserv_id)
    if result == "fail":
        ctx.suppress_replies = True
        ctx.review_reason = "dmarc_fail"
        ctx.problems.append(problem("dmarc_fail", Severity.STAFF, None, sender=ctx.record.from_address))
        ctx.detail = f"DMARC fail for {ctx.record.from_address}; no reply sent"
    return None


UNCHECKED = ("policy.authserv_id is empty: senders are not checked against the board's own mail system "
             "(DMARC), so a form from a forged address is confirmed like any other; set it to that system's "
             "authserv-id (docs/operator-guide.md, first steps)")


def warn_if_unchecked(settings: Settings) -> bool:
    """Log one warning when spoofing protection is off; True when it was logged."""
    if settings.policy.authserv_id.strip():
        return False
    logging.getLogger("intake.settings").warning(UNCHECKED, extra={"step": "start"})
    return True
