"""Reminders end to end: at the campaign's offsets, after a decline, with the accept-only
policy, catching up after downtime, never after the start, never twice across restarts; and
the worker sending one on its own, then an update when the file is edited while it runs."""

from __future__ import annotations

import signal
import subprocess
import time
import sys
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select

from bot.db.tables import OutboxMessage
from parsers.model import LOCAL_ZONE
from tests.support.bot_process import Bot
from tests.support.sessions import (ALINGSAS, BORAS, LERUM, answer_mail, calendar_data, campaign_copy, form_mail,
                                    parsed, set_sessions)

pytestmark = pytest.mark.slow

C = ("info-2025-10-07", "7 oktober", "2025-10-07T09:00:00+02:00", "2025-10-07T10:00:00+02:00")
A = ("info-2025-04-17", "17 april", "2025-10-09T10:00:00+02:00", "2025-10-09T11:00:00+02:00")


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    campaign_file = campaign_copy(tmp_path)
    set_sessions(campaign_file, [C, A], keys='reminders = ["7d", "1d"]')
    bot = Bot(mailbox, smtp_server, database_url, tmp_path, {"INTAKE_CAMPAIGNS_DIR": str(campaign_file.parent)})
    bot.campaign_file = campaign_file  # type: ignore[attr-defined]
    return bot


def remind(bot: Bot, now: str) -> list[tuple[str, str]]:
    """(recipient, subject) of what `intake remind --now` sent."""
    before = len(bot.smtp.messages)
    bot.run("remind", "--now", now)
    return sorted((m.rcpt_tos[0], str(parsed(m.original_content)["Subject"])) for m in bot.smtp.messages[before:])


def reminder_keys(bot: Bot) -> list[str]:
    engine = create_engine(bot.database_url)
    with engine.connect() as db:
        keys = db.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.kind == "reminder")).all()
    engine.dispose()
    return sorted(k.split(":", 1)[1] for k in keys)


def test_reminders_at_their_offsets_to_those_who_should_have_them(bot: Bot) -> None:
    path = bot.campaign_file  # type: ignore[attr-defined]
    bot.mailbox.append([form_mail(1, ALINGSAS, (C[0],), path), form_mail(2, LERUM, (C[0], A[0]), path),
                        form_mail(3, BORAS, (A[0],), path)])
    bot.poll(now="2025-06-02T09:00:00+02:00")
    invitations = [m for m in map(parsed, (x.original_content for x in bot.smtp.messages))
                   if str(m["Subject"]).startswith("Inbjudan:")]
    assert len(invitations) == 4

    assert remind(bot, "2025-09-29T09:00:00+02:00") == []  # eight days before C: nothing yet
    lerum_c = next(m for m in invitations if m["To"] == LERUM.contact.email and "7 oktober" in m["Subject"])
    bot.mailbox.append([answer_mail(1, lerum_c, "DECLINED", "20250929T100000Z", words="Avböjt")])
    bot.poll(now="2025-09-29T12:00:00+02:00")

    # Seven days before C: Alingsås only, Lerum declined. A's seven days are not due yet.
    sent = remind(bot, "2025-09-30T09:05:00+02:00")
    assert [to for to, _ in sent] == [ALINGSAS.contact.email]
    assert sent[0][1].startswith("Påminnelse: ") and "tisdag 7 oktober 2025 kl. 09.00–10.00" in sent[0][1]
    assert remind(bot, "2025-09-30T09:10:00+02:00") == []  # a new process, nothing twice

    # From now on only those who accepted; Borås accepts A.
    set_sessions(path, [C, A], keys='reminders = ["7d", "1d"]\nremind = "accepted"')
    boras_a = next(m for m in invitations if m["To"] == BORAS.contact.email)
    bot.mailbox.append([answer_mail(2, boras_a, "ACCEPTED", "20250930T100000Z")])
    bot.poll(now="2025-09-30T12:00:00+02:00")

    # The worker was down from 30 September to 8 October: C has started (no reminder after the
    # start); for A both offsets have passed, and only the latest, 1d, goes out, to Borås.
    sent = remind(bot, "2025-10-08T12:00:00+02:00")
    assert [to for to, _ in sent] == [BORAS.contact.email]
    assert "torsdag 9 oktober 2025 kl. 10.00–11.00" in sent[0][1]
    # The object again, with Borås's answer in it, so the calendar does not ask again.
    unfolded = calendar_data(parsed(bot.smtp.messages[-1].original_content)).replace(b"\r\n ", b"")
    assert b"PARTSTAT=ACCEPTED" in unfolded and b"SEQUENCE:0" in unfolded
    assert remind(bot, "2025-10-09T10:30:00+02:00") == []  # A has started
    assert reminder_keys(bot) == [f"jamstallt-vg-2024-2027/{A[0]}:{BORAS.contact.email}:1d",
                                  f"jamstallt-vg-2024-2027/{C[0]}:{ALINGSAS.contact.email}:7d"]


def test_no_reminders_when_the_campaign_has_none(bot: Bot) -> None:
    path = bot.campaign_file  # type: ignore[attr-defined]
    set_sessions(path, [C, A], keys="reminders = []")
    bot.mailbox.append([form_mail(1, ALINGSAS, (C[0],), path)])
    bot.poll(now="2025-06-02T09:00:00+02:00")
    assert remind(bot, "2025-10-06T12:00:00+02:00") == []


def test_the_worker_reminds_and_sends_updates_without_a_restart(bot: Bot, tmp_path) -> None:
    path = bot.campaign_file  # type: ignore[attr-defined]
    now = datetime.now(timezone.utc).replace(microsecond=0)
    starts = (now + timedelta(hours=22)).astimezone(LOCAL_ZONE)
    session = ("info-2025-10-07", "7 oktober", starts.isoformat(), (starts + timedelta(hours=1)).isoformat())
    set_sessions(path, [session])
    bot.mailbox.append([form_mail(1, ALINGSAS, (session[0],), path)])
    bot.poll(now=(now - timedelta(hours=3)).isoformat())  # registered and invited before the 1d moment
    assert len(bot.smtp.messages) == 2
    config = tmp_path / "worker.toml"
    config.write_text("[worker]\npoll_interval_seconds = 1\nidle = false\n[calendar]\ninterval_seconds = 1\n",
                      encoding="utf-8")
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=bot.workdir,
                              env=bot.env(INTAKE_CONFIG=str(config)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        # The worker runs on the real clock, so today's staff digest may go out among these.
        reminder = first_with_subject(bot, "Påminnelse: ")
        moved = starts + timedelta(hours=1)
        set_sessions(path, [(*session[:2], moved.isoformat(), (moved + timedelta(hours=1)).isoformat())])
        update = first_with_subject(bot, "Ändrad tid: ")
        assert b"SEQUENCE:1" in calendar_data(update) and reminder["Message-ID"] != update["Message-ID"]
    finally:
        worker.send_signal(signal.SIGTERM)
        stdout, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, stderr
    assert len([m for m in bot.smtp.messages if b"Message-ID: <intake.digest." not in m.original_content]) == 4


def first_with_subject(bot: Bot, prefix: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in map(parsed, (s.original_content for s in bot.smtp.messages))
                 if str(m["Subject"]).startswith(prefix)]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no message with a subject starting {prefix!r} within {timeout} s")
