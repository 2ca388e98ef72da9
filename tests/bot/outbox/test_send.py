"""Sending the outbox against a real SMTP server that can be told to refuse."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from sqlalchemy.orm import Session

from bot.db.engine import make_engine, upgrade
from bot.demo.smtp import EmbeddedSmtp
from bot.db.tables import OutboxMessage
from bot.outbox.send import send_due
from bot.settings import OutboxSettings, SmtpSettings

NOW = datetime(2025, 6, 2, 7, 0, tzinfo=timezone.utc)
POLICY = OutboxSettings(max_attempts=3, backoff_seconds=60)


@pytest.fixture
def session(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def add_row(session: Session, key: str, recipients=("elin.andersson@lerum.se",)) -> int:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "vastragotaland@lansstyrelsen.se", ", ".join(recipients), "Test"
    message["Message-ID"] = f"<{key}@lansstyrelsen.se>"
    message.set_content("Hej")
    row = OutboxMessage(dedupe_key=key, message_id=f"<{key}@lansstyrelsen.se>", kind="confirmation",
                        campaign_key="jamstallt-vg-2024-2027", sender="vastragotaland@lansstyrelsen.se",
                        recipients=list(recipients), subject="Test", raw=message.as_bytes(), status="pending",
                        attempts=0, next_attempt_at=NOW, created_at=NOW)
    with session.begin():
        session.add(row)
    return row.id


def smtp(server) -> SmtpSettings:
    return SmtpSettings(host=server.host, port=server.port)


def test_sends_due_rows_once(session, smtp_server) -> None:
    add_row(session, "a")
    add_row(session, "b")
    report = send_due(session, smtp(smtp_server), POLICY, NOW)
    assert (report.sent, report.deferred, report.failed) == (2, 0, 0)
    assert [m.rcpt_tos for m in smtp_server.messages] == [("elin.andersson@lerum.se",)] * 2
    assert send_due(session, smtp(smtp_server), POLICY, NOW).sent == 0
    assert len(smtp_server.messages) == 2


def test_temporary_refusal_backs_off_then_sends(session, smtp_server) -> None:
    row_id = add_row(session, "a")
    smtp_server.fail_next("451 4.3.0 try later")
    report = send_due(session, smtp(smtp_server), POLICY, NOW)
    assert (report.sent, report.deferred) == (0, 1)
    with session.begin():
        row = session.get(OutboxMessage, row_id)
        assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, NOW + timedelta(seconds=60))
        assert "451" in row.last_error
    assert send_due(session, smtp(smtp_server), POLICY, NOW + timedelta(seconds=59)).sent == 0
    assert send_due(session, smtp(smtp_server), POLICY, NOW + timedelta(seconds=60)).sent == 1
    with session.begin():
        row = session.get(OutboxMessage, row_id)
        assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")


def test_backoff_doubles_and_gives_up(session, smtp_server) -> None:
    row_id = add_row(session, "a")
    smtp_server.fail_next("451 4.3.0 try later", count=3)
    when = NOW
    for attempt, wait in ((1, 60), (2, 120)):
        send_due(session, smtp(smtp_server), POLICY, when)
        with session.begin():
            row = session.get(OutboxMessage, row_id)
            assert (row.attempts, row.next_attempt_at) == (attempt, when + timedelta(seconds=wait))
        when = row.next_attempt_at
    report = send_due(session, smtp(smtp_server), POLICY, when)
    assert report.failed == 1
    with session.begin():
        assert session.get(OutboxMessage, row_id).status == "failed"
    assert smtp_server.messages == []


def test_permanent_refusal_fails_at_once(session, smtp_server) -> None:
    row_id = add_row(session, "a")
    add_row(session, "b")
    smtp_server.fail_next("550 5.1.1 no such user", stage="RCPT")
    report = send_due(session, smtp(smtp_server), POLICY, NOW)
    assert (report.sent, report.failed) == (1, 1)
    with session.begin():
        row = session.get(OutboxMessage, row_id)
        assert row.status == "failed" and "550" in row.last_error


def test_server_down_defers_everything_and_charges_no_message(session, smtp_server) -> None:
    ids = [add_row(session, key) for key in "abc"]
    down = SmtpSettings(host="127.0.0.1", port=1, timeout_seconds=2)
    for _ in range(POLICY.max_attempts + 1):  # an outage longer than any message's attempts
        report = send_due(session, down, POLICY, NOW)
        assert (report.sent, report.deferred, report.failed) == (0, 3, 0)
    with session.begin():
        rows = [session.get(OutboxMessage, row_id) for row_id in ids]
        assert [(r.status, r.attempts, r.next_attempt_at, r.last_error) for r in rows] == [("pending", 0, NOW, "")] * 3
    assert send_due(session, smtp(smtp_server), POLICY, NOW).sent == 3  # the server back: all of them go


def test_a_refused_login_is_said_and_charges_no_message(session) -> None:
    row_id = add_row(session, "a")
    with EmbeddedSmtp(username="bot", password="s3cret") as server:
        refused = SmtpSettings(host=server.host, port=server.port, username="bot", password="wrong",
                               starttls=False)
        report = send_due(session, refused, POLICY, NOW)
        assert report.login_refused and (report.sent, report.deferred) == (0, 1), report
        with session.begin():
            assert session.get(OutboxMessage, row_id).attempts == 0
        accepted = SmtpSettings(host=server.host, port=server.port, username="bot", password="s3cret",
                                starttls=False)
        assert send_due(session, accepted, POLICY, NOW).sent == 1


def test_a_connection_lost_in_the_middle_of_data_is_retried_and_sent_once(session, smtp_server) -> None:
    from tests.support.tcp_proxy import TcpProxy

    row_id = add_row(session, "a")
    with TcpProxy(smtp_server.host, smtp_server.port) as proxy:
        proxy.cut_on(b"Subject: Test")  # the content, after DATA was accepted
        through = SmtpSettings(host=proxy.host, port=proxy.port, timeout_seconds=5)
        report = send_due(session, through, POLICY, NOW)
        assert (report.sent, report.deferred, proxy.cuts) == (0, 1, 1)
        with session.begin():
            row = session.get(OutboxMessage, row_id)
            assert (row.status, row.attempts) == ("pending", 1) and "connection lost" in row.last_error
        assert smtp_server.messages == []  # the server never had the whole message
        assert send_due(session, through, POLICY, NOW + timedelta(seconds=60)).sent == 1
    assert len(smtp_server.messages) == 1


def test_a_4xx_then_a_5xx_fails_the_row_for_staff_to_see(session, smtp_server) -> None:
    row_id = add_row(session, "a")
    smtp_server.fail_next("451 4.3.0 try later")
    smtp_server.fail_next("554 5.7.1 rejected")
    assert send_due(session, smtp(smtp_server), POLICY, NOW).deferred == 1
    assert send_due(session, smtp(smtp_server), POLICY, NOW + timedelta(seconds=60)).failed == 1
    with session.begin():
        row = session.get(OutboxMessage, row_id)
        assert (row.status, row.attempts) == ("failed", 2) and "554" in row.last_error
    assert send_due(session, smtp(smtp_server), POLICY, NOW + timedelta(days=1)).sent == 0  # not tried again
