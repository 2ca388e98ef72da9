"""The values of the tables' status columns, one enum per column."""

from __future__ import annotations

from enum import StrEnum


class OutboxStatus(StrEnum):
    """outbox_message.status"""

    PENDING = "pending"        # due at next_attempt_at; claimed by the sender job
    SENT = "sent"              # accepted by the SMTP server
    FAILED = "failed"          # refused (5xx) or given up after outbox.max_attempts
    BOUNCED = "bounced"        # accepted, then a delivery report said it failed
    SUPPRESSED = "suppressed"  # not to be sent after all


class SentCopyState(StrEnum):
    """outbox_message.sent_copy: the copy of a sent message in the mailbox's Sent folder."""

    NONE = ""            # no copy wanted (outbox.sent_folder is empty) or not sent yet
    PENDING = "pending"  # sent; the copy is appended by the next outbox run
    DONE = "done"
    FAILED = "failed"    # no Sent folder to put it in; not retried


class MailboxActionState(StrEnum):
    """inbound_message.mailbox_action: has the message been acknowledged in the mailbox?"""

    PENDING = "pending"  # outcome committed, action not yet applied (a crash may leave this)
    DONE = "done"
    FAILED = "failed"    # the server refused; retried on the next pass
    SKIPPED = "skipped"  # left as it is on purpose (quarantined: staff see it unhandled)


# The mailbox actions a pass tries again (bot/inbound/acknowledge.py; the quick look asks for them too).
UNFINISHED_ACTIONS = (MailboxActionState.PENDING, MailboxActionState.FAILED)


class SessionState(StrEnum):
    """info_session.state: where a session of a campaign file stands."""

    ACTIVE = "active"        # in the campaign file
    CANCELLED = "cancelled"  # removed from the file before it started: invitees got a CANCEL
    REMOVED = "removed"      # removed after it started: nothing sent


class Answer(StrEnum):
    """invitation.answer: the invitee's PARTSTAT, the latest one received."""

    NONE = "NEEDS-ACTION"   # no answer (yet)
    ACCEPTED = "ACCEPTED"
    TENTATIVE = "TENTATIVE"
    DECLINED = "DECLINED"
    DELEGATED = "DELEGATED"
class StaffActionKind(StrEnum):
    """staff_action.action: what a person did through `intake review`."""

    APPROVE = "approve"  # needs_review (or incomplete) -> registered
    REJECT = "reject"    # -> rejected, with a reason; the sender told only on request
    EDIT = "edit"        # one field changed: a new affiliation version
    RESEND = "resend"    # the confirmation (or the request to complete) sent again
    HANDLED = "handled"  # a message or a failed reply dealt with outside the bot
