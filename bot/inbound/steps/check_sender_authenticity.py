"""check_sender_authenticity: DMARC as judged by the board's own mail system.

Only an Authentication-Results header with the configured authserv-id is believed; on a
DMARC fail the message is kept for review and nothing is sent to the claimed sender. With
no authserv-id configured (the default) nothing is checked: ``bot.settings_require.warn_if_unchecked`` says so
once when `intake poll` or `intake run` starts.
"""

from __future__ import annotations

from bot.inbound.context import MessageContext, Outcome, Services
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
