"""Information sessions end to end through the CLI on Dovecot + aiosmtpd, time controlled with
--now: who is invited, updates and cancellations after staff edit the campaign file, answers
recorded, reminders, and every calendar object read back by icalendar and by ical.js."""

from __future__ import annotations

from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import create_engine, select

from bot.campaigns import load_campaign
from bot.db.tables import OutboxMessage
from tests.support.bot_process import Bot
from tests.support.icaljs import read_with_icaljs
from tests.support.itip import itip_problems
from tests.support.sessions import (ALINGSAS, BORAS, LERUM, answer_mail, calendar_data, calendar_part,
                                    campaign_copy, form_mail, parsed, set_sessions)

pytestmark = pytest.mark.slow

A = ("info-2025-04-17", "17 april", "2025-09-16T10:00:00+02:00", "2025-09-16T11:00:00+02:00")   # summer time
B = ("info-2025-05-13", "13 maj", "2025-11-18T13:00:00+01:00", "2025-11-18T14:30:00+01:00")     # winter time
C = ("info-2025-10-07", "7 oktober", "2025-10-07T09:00:00+02:00", "2025-10-07T10:00:00+02:00")
C_MOVED = (*C[:2], "2025-10-21T13:00:00+02:00", "2025-10-21T14:00:00+02:00")
D = ("info-2025-12-09", "9 december", "2025-12-09T10:00:00+01:00", "2025-12-09T11:00:00+01:00")  # added later


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    campaign_file = campaign_copy(tmp_path)
    set_sessions(campaign_file, [A, B, C])
    bot = Bot(mailbox, smtp_server, database_url, tmp_path, {"INTAKE_CAMPAIGNS_DIR": str(campaign_file.parent)})
    bot.campaign_file = campaign_file  # type: ignore[attr-defined]
    return bot


def messages(bot: Bot, start: int = 0) -> list[EmailMessage]:
    return [parsed(m.original_content) for m in bot.smtp.messages[start:]]


def by_kind(items: list[EmailMessage], prefix: str) -> list[EmailMessage]:
    return [m for m in items if str(m["Subject"]).startswith(prefix)]


def event_of(message: EmailMessage):
    (event,) = Calendar.from_ical(calendar_data(message)).walk("VEVENT")
    return event


def session_id(message: EmailMessage) -> str:
    # UID: intake.session.<campaign>.<session id>@<domain>
    return str(event_of(message)["UID"]).split("@")[0].rsplit(".", 1)[-1]


def invited(items: list[EmailMessage]) -> set[tuple[str, str]]:
    return {(str(m["To"]), session_id(m)) for m in items}


def check_objects(items: list[EmailMessage], campaign_file: Path, icaljs: str) -> None:
    """RFC 5546 and the campaign file's times, through icalendar and through ical.js."""
    sessions = {s.id: s for s in load_campaign(campaign_file).sessions}
    objects = [calendar_data(m) for m in items]
    for message, data, other in zip(items, objects, read_with_icaljs(icaljs, objects)):
        method = calendar_part(message).get_param("method")
        assert itip_problems(data, method) == [], message["Subject"]
        event = event_of(message)
        session = sessions.get(session_id(message))
        (read,) = other["events"]
        assert (other["method"], read["uid"], read["sequence"]) == (method, str(event["UID"]), int(event["SEQUENCE"]))
        if session is not None and method == "REQUEST":
            utc = session.starts_at.astimezone(timezone.utc)
            assert event.decoded("DTSTART").astimezone(timezone.utc) == utc
            assert datetime.fromisoformat(read["start"].replace("Z", "+00:00")) == utc, message["Subject"]


def test_invitations_updates_cancellations_and_answers(bot: Bot, icaljs: str) -> None:
    path = bot.campaign_file  # type: ignore[attr-defined]
    bot.mailbox.append([form_mail(1, ALINGSAS, (A[0],), path), form_mail(2, LERUM, (), path),
                        form_mail(3, BORAS, (B[0],), path)])
    bot.poll(now="2025-06-02T09:00:00+02:00")
    first = messages(bot)
    invitations = by_kind(first, "Inbjudan:")
    # Ticked sessions still to come; Lerum ticked none, so every session still to come.
    assert invited(invitations) == {(ALINGSAS.contact.email, A[0]), (BORAS.contact.email, B[0]),
                                    *((LERUM.contact.email, s[0]) for s in (A, B, C))}
    assert len(by_kind(first, "Bekräftelse:")) == 3
    lerum = next(m for m in by_kind(first, "Bekräftelse:") if m["To"] == LERUM.contact.email)
    text = lerum.get_body(("plain",)).get_content()
    assert "Vi skickar inbjudningar i separata mejl" in text and "tisdag 18 november 2025 kl. 13.00–14.30" in text
    check_objects(invitations, path, icaljs)

    # Version 2 from Borås ticks C as well: invited to C only.
    bot.mailbox.append([form_mail(4, BORAS, (B[0], C[0]), path, goals=(3, 4, 12))])
    bot.poll(now="2025-06-03T09:00:00+02:00")
    second = messages(bot, len(first))
    assert invited(by_kind(second, "Inbjudan:")) == {(BORAS.contact.email, C[0])}

    # Staff edit the file: C moved, B removed, D added. No new mail; the next poll notices.
    set_sessions(path, [A, C_MOVED, D])
    done = len(bot.smtp.messages)
    out = bot.poll(now="2025-06-10T09:00:00+02:00").stdout
    assert "1 nya, 1 ändrade, 1 inställda" in out
    changes = messages(bot, done)
    updates, cancels = by_kind(changes, "Ändrad tid:"), by_kind(changes, "Inställd:")
    assert invited(updates) == {(LERUM.contact.email, C[0]), (BORAS.contact.email, C[0])}
    assert invited(cancels) == {(LERUM.contact.email, B[0]), (BORAS.contact.email, B[0])}
    # D goes to the contact with no accepted or ticked session still to come: Lerum.
    assert invited(by_kind(changes, "Inbjudan:")) == {(LERUM.contact.email, D[0])}
    assert len(changes) == 5
    assert {int(event_of(m)["SEQUENCE"]) for m in updates + cancels} == {1}
    assert {str(event_of(m)["STATUS"]) for m in cancels} == {"CANCELLED"}
    assert "Den var tidigare tisdag 7 oktober 2025 kl. 09.00–10.00." in updates[0].get_body(("plain",)).get_content()
    check_objects(changes, path, icaljs)
    bot.poll(now="2025-06-10T10:00:00+02:00")
    bot.run("remind", "--now", "2025-06-11T10:00:00+02:00")
    assert len(bot.smtp.messages) == done + 5  # each exactly once

    # Answers from calendars: recorded, never answered; the latest answer wins.
    lerum_c = next(m for m in updates if m["To"] == LERUM.contact.email)
    lerum_d = by_kind(changes, "Inbjudan:")[0]
    alingsas_a = next(m for m in invitations if m["To"] == ALINGSAS.contact.email)
    boras_c = next(m for m in updates if m["To"] == BORAS.contact.email)
    bot.mailbox.append([
        answer_mail(1, lerum_c, "ACCEPTED", "20250611T080000Z"),
        answer_mail(2, alingsas_a, "DECLINED", "20250611T080000Z", words="Avböjt"),
        answer_mail(3, lerum_d, "TENTATIVE", "20250611T080000Z", words="Preliminärt"),
        answer_mail(4, lerum_d, "ACCEPTED", "20250612T080000Z"),
        answer_mail(5, lerum_d, "DECLINED", "20250610T080000Z", words="Avböjt"),  # older: arrives last, loses
        answer_mail(6, boras_c, "ACCEPTED", "20250611T090000Z", uid="040000008200E00074C5B7101A82E008"),  # UID rewritten
    ])
    done = len(bot.smtp.messages)
    assert "calendar_reply 6" in bot.poll(now="2025-06-12T12:00:00+02:00").stdout
    assert len(bot.smtp.messages) == done
    # Recorded answers wait for nobody; one that matches no invitation of ours does.
    queue = bot.run("review", "list", "--now", "2025-06-12T12:00:00+02:00").stdout
    assert "kalendersvar" not in queue, queue
    # Lerum forwarded the invitation to someone we never invited, who accepted it.
    bot.mailbox.append([answer_mail(7, lerum_d, "ACCEPTED", "20250612T090000Z", attendee="kim@example.se")])
    assert "calendar_reply 1" in bot.poll(now="2025-06-12T12:30:00+02:00").stdout
    queue = bot.run("review", "list", "--now", "2025-06-12T12:30:00+02:00").stdout
    assert queue.count("kalendersvar som inte passar någon inbjudan") == 1, queue
    table = bot.run("sessions", "--now", "2025-06-12T12:00:00+02:00").stdout
    lines = {line.split()[0]: line.split() for line in table.splitlines()[2:] if line.strip().startswith("info-")}
    # columns: id, date, time, state, invited, accepted, tentative, declined, no answer
    assert lines[A[0]][3:] == ["kommande", "2", "0", "0", "1", "1"]
    assert lines[B[0]][3:] == ["inställd", "2", "0", "0", "0", "2"]
    assert lines[C[0]][3:] == ["kommande", "2", "2", "0", "0", "0"]
    assert lines[D[0]][3:] == ["kommande", "1", "1", "0", "0", "0"]
    who = bot.run("sessions", "--now", "2025-06-12T12:00:00+02:00", "--session", A[0]).stdout
    assert "Alingsås kommun" in who and "tackat nej" in who and "kryssad i blanketten" in who
    assert "ingen kryssad träff kvar" in who  # Lerum
    english = bot.run("sessions", "--now", "2025-06-12T12:00:00+02:00", INTAKE_LANGUAGE="en").stdout
    assert "Invited" in english and "cancelled" in english

    # Reminders follow the new time; the removed session gets none; declined invitees none.
    done = len(bot.smtp.messages)
    bot.run("remind", "--now", "2025-10-20T14:00:00+02:00")
    reminders = messages(bot, done)
    assert invited(reminders) == {(LERUM.contact.email, C[0]), (BORAS.contact.email, C[0])}
    assert all("tisdag 21 oktober 2025 kl. 13.00–14.00" in str(m["Subject"]) for m in reminders)
    check_objects(reminders, path, icaljs)
    done = len(bot.smtp.messages)
    bot.run("remind", "--now", "2025-11-17T14:00:00+01:00")  # B's day before: it is cancelled
    assert len(bot.smtp.messages) == done

    # A removed after it started is not cancelled.
    set_sessions(path, [C_MOVED, D])
    bot.run("remind", "--now", "2025-11-20T10:00:00+01:00")
    assert len(bot.smtp.messages) == done
    engine = create_engine(bot.database_url)
    with engine.connect() as db:
        keys = db.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.kind == "reminder")).all()
    engine.dispose()
    # 7d and 1d both passed by 20 October (the session moved): only the latest, 1d, went out.
    assert set(keys) == {f"reminder:jamstallt-vg-2024-2027/{C[0]}:{BORAS.contact.email}:1d",
                         f"reminder:jamstallt-vg-2024-2027/{C[0]}:{LERUM.contact.email}:1d"}
