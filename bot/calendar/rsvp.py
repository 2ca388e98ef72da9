"""Calendar replies to our invitations: who answered what, recorded against the invitation.

Matched by UID and attendee; when the UID is not one of ours (some clients rewrite it), by the
session's start and summary among the campaign's sessions. The attendee is the ATTENDEE that
answered, or failing that the sender. The latest answer wins, by when the attendee answered
(the reply's DTSTAMP, else the message's Date, else when it arrived). Never answered
automatically; what could not be matched stays on the message's detail for staff.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.db.tables import Answer, InfoSessionRow, InvitationRow
from bot.inbound.context import MessageContext, Services
from parsers.calendar_reply import CalendarReply


UNMATCHED = "calendar_unmatched"  # inbound_message.review_reason: an answer staff must place themselves


def record_reply(ctx: MessageContext, services: Services, answer: CalendarReply | None) -> None:
    """Record the answer on its invitation; one that matches none is left for staff (UNMATCHED)."""
    ctx.review_reason = UNMATCHED  # until it is recorded
    if answer is None:
        return
    said = f"calendar reply: {answer.attendee} {answer.partstat} (UID {answer.uid})"
    row = _session_row(ctx, services, answer)
    if row is None:
        ctx.detail = f"{said}; no session of ours matches"
        return
    invitation = _invitation(services, row, (answer.attendee, ctx.record.from_address))
    if invitation is None:
        ctx.detail = f"{said}; {answer.attendee} is not invited to {row.session_key}"
        return
    moment = answer.stamp or ctx.record.sent_at or ctx.record.received_at
    if invitation.answered_at is not None and moment < invitation.answered_at:
        ctx.detail = f"{said}; older than the answer recorded for {row.session_key}, kept {invitation.answer}"
        ctx.review_reason = ""  # overtaken by a later answer: nothing to place
        return
    services.session.flush()  # the inbound row's id names the answer
    invitation.answer = _answer(answer.partstat)
    invitation.answered_at = moment
    invitation.answer_message_id = ctx.record.id
    ctx.detail = f"{said}; recorded for {row.session_key}"
    ctx.review_reason = ""  # recorded: `intake sessions` shows it, nobody needs to act


def _session_row(ctx: MessageContext, services: Services, answer: CalendarReply) -> InfoSessionRow | None:
    rows = services.session.scalars(select(InfoSessionRow).where(
        InfoSessionRow.campaign_key == ctx.campaign.key)).all()
    by_uid = next((r for r in rows if answer.uid and r.uid.lower() == answer.uid.lower()), None)
    if by_uid is not None or answer.starts_at is None:
        return by_uid
    return next((r for r in rows if r.starts_at == answer.starts_at and _same_title(r.title, answer.summary)), None)


def _invitation(services: Services, row: InfoSessionRow, addresses: tuple[str, ...]) -> InvitationRow | None:
    for address in (a.strip().lower() for a in addresses if a):
        found = services.session.scalars(select(InvitationRow).where(
            InvitationRow.session_id == row.id, InvitationRow.email == address)).first()
        if found is not None:
            return found
    return None


def _same_title(title: str, summary: str) -> bool:
    return " ".join(title.split()).casefold() in " ".join(summary.split()).casefold()


def _answer(partstat: str) -> Answer:
    try:
        return Answer(partstat)
    except ValueError:
        return Answer.NONE

