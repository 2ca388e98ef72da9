"""bot/calendar: who is invited, what a change to the campaign file sends, against a real database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.calendar.changes import invite_registered, session_changes
from bot.calendar.figures import session_figures
from bot.calendar.invitations import send_invitations
from bot.db.tables import InfoSessionRow, InvitationRow, OutboxMessage, SessionState
from tests.bot.calendar.conftest import JUNE, SUMMER, WINTER, register, vg
from tests.support.sessions import set_sessions


def outbox(db) -> list[tuple[str, str]]:
    return sorted(tuple(row) for row in db.execute(select(OutboxMessage.kind, OutboxMessage.dedupe_key)))


def test_a_registration_invites_its_ticked_sessions_still_to_come(app) -> None:
    with app.db_session() as db, db.begin():
        affiliation = register(db, app, "Alingsås kommun", "Linnea@Alingsas.se", (WINTER[0],))
        invited, new = invite_registered(db, app, vg(app), affiliation, JUNE)
        assert [s.id for s in invited] == [WINTER[0]] and [i.email for i in new] == ["linnea@alingsas.se"]
        assert outbox(db) == []  # queued only when asked, after the confirmation
        send_invitations(db, app, vg(app), new, JUNE)
        assert outbox(db) == [("invitation", f"invitation:jamstallt-vg-2024-2027/{WINTER[0]}:linnea@alingsas.se:0")]
        # Deciding twice for one version changes nothing.
        assert invite_registered(db, app, vg(app), affiliation, JUNE)[1] == []


def test_nothing_ticked_still_to_come_means_every_session_still_to_come(app) -> None:
    after_september = datetime(2025, 10, 1, tzinfo=timezone.utc)
    with app.db_session() as db, db.begin():
        affiliation = register(db, app, "Lerums kommun", "elin@lerum.se", (SUMMER[0],), now=after_september)
        invited, _ = invite_registered(db, app, vg(app), affiliation, after_september)
        assert [s.id for s in invited] == [WINTER[0]]  # never a session that has started


def test_review_first_then_approved_is_invited_by_the_job(app) -> None:
    with app.db_session() as db, db.begin():
        affiliation = register(db, app, "Borås Stad", "jorgen@boras.se", (), status="needs_review")
        assert invite_registered(db, app, vg(app), affiliation, JUNE)[1] == []
        affiliation.status = "registered"  # as staff approve it
    report = session_changes(app, JUNE + timedelta(hours=1))
    assert report.decided == 1 and report.messages == 0
    with app.db_session() as db:
        assert sorted(k for _, k in outbox(db)) == sorted(
            f"invitation:jamstallt-vg-2024-2027/{s}:jorgen@boras.se:0" for s in (SUMMER[0], WINTER[0]))
    assert session_changes(app, JUNE + timedelta(hours=2)).decided == 0


def test_the_sender_is_invited_when_the_form_has_no_usable_address(app) -> None:
    with app.db_session() as db, db.begin():
        affiliation = register(db, app, "Skövde kommun", "inte en adress", (WINTER[0],), sender="jonas@skovde.se")
        _, new = invite_registered(db, app, vg(app), affiliation, JUNE)
        assert [i.email for i in new] == ["jonas@skovde.se"]


def test_a_cancelled_session_put_back_is_sent_again_as_an_update(app) -> None:
    with app.db_session() as db, db.begin():
        affiliation = register(db, app, "Mölndals stad", "henrik@molndal.se", (WINTER[0],))
        send_invitations(db, app, vg(app), invite_registered(db, app, vg(app), affiliation, JUNE)[1], JUNE)
    set_sessions(app.campaign_file, [SUMMER])
    assert session_changes(app, JUNE).cancelled == 1
    set_sessions(app.campaign_file, [SUMMER, WINTER])
    report = session_changes(app, JUNE)
    assert (report.updated, report.messages) == (1, 1)
    with app.db_session() as db:
        row = db.scalars(select(InfoSessionRow).where(InfoSessionRow.session_key == WINTER[0])).one()
        assert (row.state, row.sequence) == (SessionState.ACTIVE, 2)
        assert sorted(k for _, k in outbox(db)) == [
            f"cancellation:jamstallt-vg-2024-2027/{WINTER[0]}:henrik@molndal.se:1",
            f"invitation:jamstallt-vg-2024-2027/{WINTER[0]}:henrik@molndal.se:0",
            f"invitation:jamstallt-vg-2024-2027/{WINTER[0]}:henrik@molndal.se:2"]
        assert db.scalars(select(InvitationRow.sequence)).one() == 2


def test_a_change_after_the_start_sends_nothing(app) -> None:
    with app.db_session() as db, db.begin():
        affiliation = register(db, app, "Lerums kommun", "elin@lerum.se", (SUMMER[0],))
        send_invitations(db, app, vg(app), invite_registered(db, app, vg(app), affiliation, JUNE)[1], JUNE)
    during = datetime(2025, 9, 16, 8, 30, tzinfo=timezone.utc)
    set_sessions(app.campaign_file, [(*SUMMER[:2], SUMMER[2], "2025-09-16T11:30:00+02:00"), WINTER])
    assert session_changes(app, during).messages == 0
    set_sessions(app.campaign_file, [WINTER])
    assert (session_changes(app, during).cancelled, session_changes(app, during).messages) == (0, 0)
    with app.db_session() as db:
        assert db.scalars(select(InfoSessionRow.state).where(InfoSessionRow.session_key == SUMMER[0])).one() == "removed"
        assert len(outbox(db)) == 1


def test_figures_per_session_still_to_come(app) -> None:
    with app.db_session() as db, db.begin():
        for name, email in (("Alingsås kommun", "a@alingsas.se"), ("Borås Stad", "b@boras.se")):
            affiliation = register(db, app, name, email, (WINTER[0],))
            invite_registered(db, app, vg(app), affiliation, JUNE)
        db.scalars(select(InvitationRow).where(InvitationRow.email == "b@boras.se")).one().answer = "DECLINED"
    with app.db_session() as db:
        summer, winter = session_figures(db, vg(app), JUNE)
        assert session_figures(db, vg(app), datetime(2025, 10, 1, tzinfo=timezone.utc)) == [winter]
    assert (summer.session_key, summer.invited) == (SUMMER[0], 0)
    assert (winter.invited, winter.accepted, winter.tentative, winter.declined, winter.no_answer) == (2, 0, 0, 1, 1)
    assert [(i.organisation, i.answer) for i in winter.invitees] == [("Alingsås kommun", "NEEDS-ACTION"),
                                                                     ("Borås Stad", "DECLINED")]
    assert winter.starts_at.isoformat() == WINTER[2]
