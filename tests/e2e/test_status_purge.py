"""`intake status` (its exit code is for monitoring) and `intake purge` (retention of the bot's
own copies, never the mailbox), through the CLI on real servers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.db.tables import AffiliationVersion, InboundMessage, OutboxMessage, StaffAction
from tests.e2e.test_two_processes import hold_the_mailbox
from tests.support.bot_process import Bot
from tests.support.paths import SAMPLES
from tests.support.staff_mail import NEXT, rows, scalar, seed

pytestmark = pytest.mark.slow
PURGE_AT = "2025-07-15T12:00:00+02:00"


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})

@pytest.fixture
def sqlite_bot(mailbox, smtp_server, tmp_path) -> Bot:
    """For what does not depend on the database: SQLite only, to keep the suite quick."""
    return Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {})



def status(bot: Bot, now: str, **env: str) -> tuple[int, str]:
    result = bot.run("status", "--now", now, check=False, **env)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, result.stdout


def test_status_exits_1_when_the_last_mailbox_pass_is_stale(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    missing = bot.run("status", "--now", "2025-05-16T17:00", check=False)
    assert missing.returncode == 1 and "kör `intake db upgrade`" in missing.stderr  # a wrong URL is not "all quiet"
    bot.run("db", "upgrade")
    code, out = status(bot, "2025-05-16T17:00")
    assert code == 1 and "Senaste lyckade genomgång av brevlådan  aldrig" in out and "VARNING" in out

    bot.mailbox.append(sorted(SAMPLES.glob("*.eml")), dated=True)
    bot.poll(now="2025-05-16T17:00:00+02:00")
    code, out = status(bot, "2025-05-16T17:05")
    assert code == 0 and out.rstrip().endswith("OK")
    assert "Senaste lyckade genomgång av brevlådan  2025-05-16 17:00 (för 5 min sedan)" in out
    assert "Meddelanden som kommit in i dag         1" in out  # vg-011, at 14:38
    assert "Utkorgen                                0 väntar (0 ska skickas nu), 11 skickade, 0 misslyckade" in out  # 6 answers, 5 invitations
    assert "Väntar på en handläggare                0" in out
    assert "Arbetar med brevlådan                   ingen process just nu" in out
    assert "Nästa sammanställning                   2025-05-16 07:30 (på tur nu)  Jämställt Västra Götaland" in out
    assert "Nästa påminnelse                        2025-09-30 09:00  Jämställt Västra Götaland" in out  # 7 days before 7 Oct
    assert "poll         2025-05-16 17:00" in out  # the jobs table

    code, out = status(bot, "2025-05-16T17:30")
    assert code == 1 and "VARNING: ingen lyckad genomgång av brevlådan de senaste 15 minuterna." in out
    config = bot.workdir / "intake.toml"
    config.write_text("[status]\nstale_after_minutes = 60\n", encoding="utf-8")
    assert status(bot, "2025-05-16T17:30", INTAKE_CONFIG=str(config))[0] == 0

    failed = bot.run("poll", "--once", "--now", "2025-05-16T17:40:00+02:00", check=False, INTAKE_IMAP_PORT="1")
    assert failed.returncode == 1
    code, out = status(bot, "2025-05-16T17:41")
    assert code == 1 and "2025-05-16 17:40" in out  # the failure is in the jobs table; the last success stays
    english = bot.run("status", "--now", "2025-05-16T17:41", check=False, INTAKE_LANGUAGE="en").stdout
    assert "Last successful mailbox pass" in english and "WARNING" in english
    # A refused login is unhealthy at once, not only once the last good pass has grown old.
    bot.poll(now="2025-05-16T17:42:00+02:00")
    assert status(bot, "2025-05-16T17:43")[0] == 0
    refused = bot.run("poll", "--once", "--now", "2025-05-16T17:44:00+02:00", check=False,
                      INTAKE_IMAP_PASSWORD="changed-by-someone")
    assert refused.returncode == 1
    code, out = status(bot, "2025-05-16T17:45")
    assert code == 1 and "VARNING: IMAP-servern nekade inloggningen vid den senaste genomgången" in out, out
    assert "login refused: " not in out  # the marker is for status, the table shows the server's words
    bot.poll(now="2025-05-16T17:46:00+02:00")
    assert status(bot, "2025-05-16T17:47")[0] == 0  # the password put right: healthy again


def test_status_names_the_process_that_holds_the_mailbox(bot: Bot) -> None:
    bot.run("db", "upgrade")
    with hold_the_mailbox(bot) as lease:
        held = bot.run("status", "--now", "2025-05-16T17:00", check=False)
        english = bot.run("status", "--now", "2025-05-16T17:00", check=False, INTAKE_LANGUAGE="en").stdout
    line = next(line for line in held.stdout.splitlines() if line.startswith("Arbetar med brevlådan"))
    assert line.split(maxsplit=3)[3].startswith(f"{lease.holder} (förnyas, gäller till "), line
    assert "Working on the mailbox" in english and lease.holder in english
    after = bot.run("status", "--now", "2025-05-16T17:00", check=False).stdout
    assert "ingen process just nu" in after and lease.holder not in after  # let go: nobody


def test_purge_empties_settled_copies_and_keeps_every_record(bot: Bot) -> None:
    s = seed(bot)
    mailbox_before = bot.mailbox.snapshot()
    export_before = bot.export()
    raw = lambda: dict(rows(bot, select(InboundMessage.id, func.length(InboundMessage.raw))))  # noqa: E731

    sizes = raw()
    dry = bot.run("purge", "--older-than", "30", "--dry-run", "--now", PURGE_AT).stdout
    assert dry.startswith("Skulle rensa 5 kopior äldre än 30 dagar"), dry  # with the invitation the form brought
    assert "inkomna meddelanden, blankett: 1" in dry and "skickade meddelanden, bekräftelse: 1" in dry
    assert "skickade meddelanden, inbjudan till informationsträff: 1" in dry
    assert raw() == sizes  # a dry run changes nothing

    kept = bot.run("purge", "--older-than", "30", "--now", PURGE_AT, INTAKE_IMAP_PORT="1").stdout  # no IMAP needed
    assert kept.startswith("Rensade 5 kopior")
    emptied = {id_ for id_, size in raw().items() if size == 0}
    alingsas_form = scalar(bot, InboundMessage.id, InboundMessage.message_id == s.alingsas_message_id)
    assert emptied == {alingsas_form}  # registered; the others still wait for someone

    for args in (("approve", str(s.testby)), ("edit", str(s.skovde), "mål", "2, 8"), ("approve", str(s.skovde)),
                 ("handled", f"s{s.bounced}"), ("handled", f"m{s.thread}")):
        bot.run("review", *args, "--now", NEXT)
    bot.run("purge", "--older-than", "30", "--now", PURGE_AT)
    waiting = {id_ for id_, size in raw().items() if size}
    lerum = scalar(bot, InboundMessage.id, InboundMessage.message_id == "<staff-2@lerum.se>")
    assert waiting == {lerum}  # incomplete: the sender has still to send the corrected form
    assert rows(bot, select(func.count()).select_from(OutboxMessage).where(func.length(OutboxMessage.raw) > 0)) == [(0,)]

    assert bot.mailbox.snapshot() == mailbox_before  # the mailbox is an official record: untouched
    after = {r["organisation"]: r for r in bot.export()}
    assert after["Testby kommun"]["status"] == after["Skövde kommun"]["status"] == "registered"
    approved = ("Testby kommun", "Skövde kommun")  # Skövde's PDF: an affiliation since issue 10, version 0
    assert [r for r in bot.export() if r["organisation"] not in approved] == \
        [r for r in export_before if r["organisation"] not in approved]
    # Staff's version 1 of Skövde (goals read from the PDF) beside the four read from mail; five actions.
    assert rows(bot, select(func.count()).select_from(AffiliationVersion)) == [(5,)]
    assert rows(bot, select(func.count()).select_from(StaffAction)) == [(5,)]

    shown = bot.run("review", "show", f"m{s.pdf}", "--save", str(bot.workdir / "ut")).stdout
    assert "Bilagor        Anslutning Skövde.pdf" in shown and "Kopian rensad  2025-07-15 12:00" in shown
    assert "Sparade 0 filer" in shown  # the copy is gone; the mailbox still has the message
    listing = bot.run("registrar", "--format", "csv").stdout
    assert "Anslutning Skövde.pdf" in listing and "Anslutning Testby.docx" in listing
