"""bot/calendar/rsvp.py and reminders.py: answers matched to invitations, reminders due."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from bot.calendar.changes import invite_registered
from bot.calendar.reminders import due_reminders, latest_due, next_reminder, remind_due, wants_reminder
from bot.calendar.rsvp import record_reply
from bot.db.tables import Answer, InboundMessage, InvitationRow
from bot.inbound.context import MessageContext, Services
from parsers.calendar_reply import CalendarReply
from parsers.model import ReminderOffset, RemindPolicy
from tests.bot.calendar.conftest import JUNE, WINTER, register, vg

UID = f"intake.session.jamstallt-vg-2024-2027.{WINTER[0]}@lansstyrelsen.se"
STARTS = datetime.fromisoformat(WINTER[2]).astimezone(timezone.utc)
DAYS = (ReminderOffset("7d", timedelta(days=7)), ReminderOffset("1d", timedelta(days=1)))


def context(db, app, sender: str, n: int) -> MessageContext:
    record = InboundMessage(message_id=f"<a{n}@x>", content_hash=f"a{n:063d}", account="board", folder="INBOX",
                            uidvalidity=1, uid=100 + n, campaign_key=vg(app).key, from_address=sender, subject="Svar",
                            received_at=JUNE + timedelta(days=n), kind="calendar_reply", outcome="calendar_reply",
                            detail="", size=1, raw=b"x", mailbox_action="done")
    db.add(record)
    return MessageContext(vg(app), EmailMessage(), record, JUNE)


def answer(db, app, n: int, partstat: str, stamp: datetime | None, *, uid: str = UID, attendee: str = "elin@lerum.se",
           sender: str = "elin@lerum.se", summary: str = "") -> str:
    ctx = context(db, app, sender, n)
    record_reply(ctx, Services(app, db), CalendarReply(attendee, partstat, uid, 0, STARTS, summary, stamp))
    return ctx.detail


@pytest.fixture
def invited(app):
    with app.db_session() as db, db.begin():
        for name, email in (("Lerums kommun", "elin@lerum.se"), ("Borås Stad", "jorgen@boras.se")):
            invite_registered(db, app, vg(app), register(db, app, name, email, (WINTER[0],)), JUNE)
    return app


def state(db, email: str = "elin@lerum.se") -> str:
    return db.scalars(select(InvitationRow.answer).where(InvitationRow.email == email)).one()


def test_latest_answer_wins_by_when_it_was_given(invited) -> None:
    app = invited
    with app.db_session() as db, db.begin():
        assert "recorded" in answer(db, app, 1, "TENTATIVE", datetime(2025, 6, 3, tzinfo=timezone.utc))
        assert "recorded" in answer(db, app, 2, "ACCEPTED", datetime(2025, 6, 5, tzinfo=timezone.utc))
        assert "older than" in answer(db, app, 3, "DECLINED", datetime(2025, 6, 4, tzinfo=timezone.utc))
        assert state(db) == Answer.ACCEPTED
        assert "recorded" in answer(db, app, 4, "DECLINED", None)  # no DTSTAMP: the message's arrival, later
        assert state(db) == Answer.DECLINED


def test_a_rewritten_uid_is_matched_by_start_and_summary(invited) -> None:
    app = invited
    with app.db_session() as db, db.begin():
        detail = answer(db, app, 1, "ACCEPTED", None, uid="040000008200E00074C5B7101A82E008",
                        summary="Godkänt: Digital informationsträff om Jämställt Västra Götaland 2024–2027 (Dnr 801)")
        assert "recorded for s-nov" in detail and state(db) == Answer.ACCEPTED


def test_the_sender_counts_when_the_attendee_is_an_alias(invited) -> None:
    app = invited
    with app.db_session() as db, db.begin():
        assert "recorded" in answer(db, app, 1, "DECLINED", None, attendee="e.andersson@lerum.se",
                                    sender="jorgen@boras.se")
        assert state(db, "jorgen@boras.se") == Answer.DECLINED


def test_what_matches_nothing_is_left_for_staff(invited) -> None:
    app = invited
    with app.db_session() as db, db.begin():
        assert "not invited" in answer(db, app, 1, "ACCEPTED", None, attendee="x@y.se", sender="x@y.se")
        assert "no session of ours" in answer(db, app, 2, "ACCEPTED", None, uid="other@example.com",
                                                summary="Något annat")
        assert {state(db), state(db, "jorgen@boras.se")} == {Answer.NONE}


def test_due_reminders_follow_the_policy(invited) -> None:
    app = invited
    campaign = vg(app)
    day_before = STARTS - timedelta(hours=20)
    with app.db_session() as db, db.begin():
        db.scalars(select(InvitationRow).where(InvitationRow.email == "jorgen@boras.se")).one().answer = Answer.DECLINED
        due = [(i.email, o.label) for i, o in due_reminders(db, campaign, day_before)]
        assert due == [("elin@lerum.se", "1d")]
        assert list(due_reminders(db, campaign, STARTS + timedelta(minutes=1))) == []


def test_the_next_reminder_is_the_first_to_come_or_one_the_worker_is_behind_on(invited) -> None:
    app = invited
    campaign = vg(app)
    with app.db_session() as db, db.begin():
        assert next_reminder(db, campaign, JUNE) == STARTS - timedelta(days=7)
        behind = STARTS - timedelta(days=2)
        assert next_reminder(db, campaign, behind) == STARTS - timedelta(days=7)  # due, not yet queued
    remind_due(app, behind)
    with app.db_session() as db, db.begin():
        assert next_reminder(db, campaign, behind) == STARTS - timedelta(days=1)  # queued: the next one
        for invitation in db.scalars(select(InvitationRow)):
            invitation.answer = Answer.DECLINED
        assert next_reminder(db, campaign, behind) is None  # nobody wants one
        assert next_reminder(db, campaign, STARTS) is None


@pytest.mark.parametrize(("now", "expected"), [
    (STARTS - timedelta(days=8), None),
    (STARTS - timedelta(days=7), "7d"),
    (STARTS - timedelta(days=2), "7d"),
    (STARTS - timedelta(hours=23), "1d"),   # both passed: only the latest
    (STARTS, None),                          # started: never
])
def test_latest_due(now: datetime, expected: str | None) -> None:
    found = latest_due(DAYS, STARTS, JUNE, now)
    assert (found.label if found else None) == expected


def test_an_offset_whose_moment_came_before_the_invitation_is_not_due() -> None:
    invited_late = STARTS - timedelta(days=3)
    assert latest_due(DAYS, STARTS, invited_late, STARTS - timedelta(days=2)) is None
    assert latest_due(DAYS, STARTS, invited_late, STARTS - timedelta(hours=2)).label == "1d"


@pytest.mark.parametrize(("answer_given", "policy", "wanted"), [
    (Answer.NONE, RemindPolicy.NOT_DECLINED, True), (Answer.TENTATIVE, RemindPolicy.NOT_DECLINED, True),
    (Answer.DECLINED, RemindPolicy.NOT_DECLINED, False), (Answer.ACCEPTED, RemindPolicy.ACCEPTED, True),
    (Answer.TENTATIVE, RemindPolicy.ACCEPTED, False), (Answer.NONE, RemindPolicy.ACCEPTED, False),
])
def test_wants_reminder(answer_given: str, policy: RemindPolicy, wanted: bool) -> None:
    assert wants_reminder(InvitationRow(answer=answer_given), policy) is wanted
