"""The staff digest through `intake digest --now T` on real servers: due once per scheduled day,
only to the campaign's staff, never twice for a period (restarts and two processes), the
empty-digest setting, and the sections that tell staff what to do."""

from __future__ import annotations

import io
import shutil
import signal
import subprocess
import sys
from email.message import EmailMessage

import openpyxl
import pytest
from sqlalchemy import select

from bot.db.tables import DigestRun, OutboxMessage
from tests.support.bot_process import Bot
from tests.support.campaigns import VM_KEY, shipped
from tests.support.paths import CONFIG, SAMPLES
from tests.support.staff_mail import NEXT, VG, alingsas_update, parsed, rows, seed, sent, text_of

pytestmark = pytest.mark.slow
VM = shipped()[VM_KEY]
MONDAY_EARLY, MONDAY, MONDAY_LATER = "2025-06-02T07:00:00+02:00", "2025-06-02T07:30:00+02:00", "2025-06-02T09:00:00+02:00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})

@pytest.fixture
def sqlite_bot(mailbox, smtp_server, tmp_path) -> Bot:
    """For what does not depend on the database: SQLite only, to keep the suite quick."""
    return Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {})



def samples_polled(bot: Bot) -> None:
    bot.mailbox.append(sorted(SAMPLES.glob("*.eml")), dated=True)
    bot.poll(now=MONDAY_EARLY)


def digests(bot: Bot) -> list[EmailMessage]:
    # Invitations are auto-generated too; the outbox names a digest in its Message-ID.
    return [m for m in sent(bot) if m["Auto-Submitted"] == "auto-generated" and
            str(m["Message-ID"]).startswith("<intake.digest.")]


def test_due_once_per_scheduled_day_to_the_staff_only(bot: Bot) -> None:
    samples_polled(bot)
    replies = len(bot.smtp.messages)
    early = bot.run("digest", "--now", MONDAY_EARLY).stdout
    assert f"{VG.name}: ingen sammanställning är på tur nu." in early and len(bot.smtp.messages) == replies

    due = bot.run("digest", "--now", MONDAY).stdout
    assert f"Sammanställningen för {VG.name} är köad." in due
    assert f"{VM.name}: inget nytt och inget som väntar; ingen sammanställning skickas" in due  # nothing there
    (delivery,) = bot.smtp.messages[replies:]
    assert delivery.rcpt_tos == VG.staff == ("jamstalldhet.vg@lansstyrelsen.se",)
    digest = parsed(delivery.original_content)
    assert digest["To"] == "jamstalldhet.vg@lansstyrelsen.se" and digest["From"] == f"{VG.board} <{VG.reply_from}>"
    assert digest["Subject"] == f"Sammanställning måndag 2 juni 2025: {VG.name}"
    assert digest["Auto-Submitted"] == "auto-generated" and digest["In-Reply-To"] is None
    assert digest["Date"] == "Mon, 02 Jun 2025 07:30:00 +0200"
    text = text_of(digest)
    assert "5 av 49 kommuner har anslutit sig." in text and "Alingsås kommun (version 1, registrerad): mål 3, 4, 6" in text
    assert "Behöver en handläggare" not in text  # a section only when it has content
    (sheet,) = [part for part in digest.iter_attachments() if part.get_content_type() == XLSX]
    assert sheet.get_filename() == "anslutningar-jamstallt-vg-2024-2027-2025-06-02.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(sheet.get_content()))
    assert book.sheetnames == ["Jämställt Västra Götaland"]  # this campaign's only: the staff's own
    assert [r[0] for r in book.active.iter_rows(min_row=2, max_row=6, values_only=True)] == [
        "Alingsås kommun", "Borås Stad", "Lerums kommun", "Mölndals stad", "Skövde kommun"]

    assert f"{VG.name}: dagens sammanställning är redan gjord." in bot.run("digest", "--now", MONDAY_LATER).stdout
    assert f"{VG.name}: ingen sammanställning är på tur nu." in bot.run("digest", "--now", "2025-06-07T08:00").stdout
    assert "inget nytt och inget som väntar" in bot.run("digest", "--now", "2025-06-09T07:45").stdout  # next Monday
    assert len(bot.smtp.messages) == replies + 1
    assert rows(bot, select(OutboxMessage.dedupe_key).where(OutboxMessage.kind == "digest")) == [
        ("digest:jamstallt-vg-2024-2027:2025-06-02",)]
    assert sorted(rows(bot, select(DigestRun.campaign_key, DigestRun.period, DigestRun.sent))) == [
        (VM.key, "2025-06-02", False), (VM.key, "2025-06-09", False),
        (VG.key, "2025-06-02", True), (VG.key, "2025-06-09", False)]


def test_an_empty_digest_is_sent_when_the_setting_says_so(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    config = bot.workdir / "intake.toml"
    config.write_text("[digest]\nsend_empty = true\n", encoding="utf-8")
    bot.extra_env["INTAKE_CONFIG"] = str(config)
    bot.run("digest", "--now", MONDAY)
    by_recipient = {m.rcpt_tos: parsed(m.original_content) for m in bot.smtp.messages}
    assert set(by_recipient) == {VG.staff, VM.staff}
    empty = text_of(by_recipient[VM.staff])
    assert "Inget nytt sedan förra sammanställningen, och inget väntar på en handläggare." in empty
    assert "0 av 10 kommuner har anslutit sig." in empty


def test_a_restart_resends_the_same_digest_never_a_second_one(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    samples_polled(bot)
    replies = len(bot.smtp.messages)
    killed = bot.run("digest", "--now", MONDAY, check=False, INTAKE_FAULT_KILL_AT="after_smtp_send")
    assert killed.returncode == -signal.SIGKILL
    again = bot.run("digest", "--now", MONDAY).stdout
    assert "dagens sammanställning är redan gjord" in again and "Skickade 1," in again
    first, second = (m.original_content for m in bot.smtp.messages[replies:])
    assert first == second  # at least once, as every message: the same bytes, the same Message-ID
    bot.run("digest", "--now", MONDAY_LATER)
    assert len(bot.smtp.messages) == replies + 2


def test_two_processes_at_once_make_one_digest(bot: Bot) -> None:
    samples_polled(bot)
    command = [sys.executable, "-m", "bot.cli", "digest", "--now", MONDAY]
    workers = [subprocess.Popen(command, cwd=bot.workdir, env=bot.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    said = [out for out, _ in outputs]
    assert sum(f"Sammanställningen för {VG.name} är köad." in out for out in said) == 1, said
    assert sum(f"{VG.name}: dagens sammanställning är redan gjord." in out for out in said) == 1, said
    assert len(rows(bot, select(OutboxMessage.id).where(OutboxMessage.kind == "digest"))) == 1
    assert len({m["Message-ID"] for m in digests(bot)}) == 1


def test_the_sections_say_what_to_do_with_the_exact_commands(bot: Bot) -> None:
    s = seed(bot)
    bot.run("digest", "--now", "2025-06-03T07:30")
    (digest,) = digests(bot)
    text, html = text_of(digest), digest.get_body(("html",)).get_content()
    assert "== Behöver en handläggare ==" in text
    assert f"[{s.testby}] En anslutning att granska\n  Testby kommun, 2 juni 2025 kl. 09.00\n" in text
    assert f"Kommando: intake review approve {s.testby}" in text
    # The form as PDF is Skövde's affiliation to review (issue 10), no longer a message of its own.
    assert f"[{s.skovde}] Ett försök att ansluta som inget kunde läsas ur; vänta på en läsbar blankett eller för in " \
        f"uppgifterna\n  Skövde kommun, 2 juni 2025 kl. 09.00\n" in text
    assert f"intake review show {s.skovde}" in text and f"m{s.pdf}" not in text
    assert "== Svar som inte kom fram ==" in text and "550 5.1.1 User unknown" in text
    assert f"intake review handled s{s.bounced}" in text
    assert "== Korrespondens som väntar på en handläggare ==" in text and "SV: Tack!" in text
    assert "== Väntar på komplettering från avsändaren ==" in text
    assert f"[{s.lerum}] Lerums kommun: väntat i 1 dag" in text and "e-postadress" in text
    assert f"intake review approve {s.testby}" in html and 'bgcolor="#2e75b6"' in html  # the goal bars
    assert ("== Kommande informationsträffar ==\n- Digital informationsträff om Jämställt Västra Götaland 2024–2027, "
            "tisdag 7 oktober 2025 kl. 09.00–10.00\n  inbjudna 1: tackat ja 0, preliminärt 0, tackat nej 0, inget svar 1") in text
    assert "tisdag 13 maj 2025" not in text  # a session that has taken place is not upcoming

    for args in (("approve", str(s.testby)), ("edit", str(s.skovde), "mål", "2, 8"), ("approve", str(s.skovde)),
                 ("handled", f"s{s.bounced}"),
                 ("handled", f"m{s.thread}")):
        bot.run("review", *args, "--now", NEXT)
    bot.run("digest", "--now", "2025-06-04T07:30")
    later = text_of(digests(bot)[-1])
    assert "Sedan förra sammanställningen (3 juni 2025 kl. 07.30)." in later
    assert "Behöver en handläggare" not in later and "Svar som inte kom fram" not in later
    assert "Väntar på komplettering från avsändaren" in later  # Lerum still has to send its email
    # Nothing came in since; the one new version is the one staff made from Skövde's PDF.
    assert "== Nya anslutningar och uppdateringar ==\n- Skövde kommun (version 1, registrerad): mål 2, 8 (ändrad av " in later


def test_a_corrected_form_ends_the_wait(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    bot.mailbox.append([SAMPLES / "vg-002-legacy-octet-rfc2231.eml",
                        alingsas_update(40, "", (3, 4, 12), "Mon, 02 Jun 2025 08:00:00 +0200")], dated=True)
    bot.poll(now="2025-06-02T09:00:00+02:00")  # registered, then an update without the email: kept as it was
    bot.run("digest", "--now", "2025-06-03T07:30")
    assert "[m2] linnea.lindqvist@alingsas.se: väntat i 1 dag" in text_of(digests(bot)[-1])

    bot.mailbox.append([alingsas_update(41, "linnea.lindqvist@alingsas.se", (3, 4, 12), "Tue, 03 Jun 2025 08:00:00 +0200")],
                       dated=True)
    bot.poll(now="2025-06-03T09:00:00+02:00")
    bot.run("digest", "--now", "2025-06-04T07:30")
    text = text_of(digests(bot)[-1])
    assert "- Alingsås kommun (version 2, registrerad): mål 3, 4, 12. Ändrat:" in text
    assert "Väntar på komplettering" not in text  # the corrected form ended the wait
    purged = bot.run("purge", "--older-than", "0", "--dry-run", "--now", "2025-06-04T08:00").stdout
    assert "inkomna meddelanden, blankett: 3" in purged  # ...and settled the incomplete one


def test_the_worker_sends_the_digest_on_the_campaign_schedule(sqlite_bot: Bot, tmp_path) -> None:
    bot = sqlite_bot
    config = tmp_path / "config"
    for folder in ("campaigns", "roster", "forms"):
        shutil.copytree(CONFIG / folder, config / folder)
    for path in (config / "campaigns").glob("*.toml"):  # due at any hour of any day
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('digest = { days = "mon-fri", time = "07:30" }',
                                     'digest = { days = "daily", time = "00:00" }'), encoding="utf-8")
    settings = tmp_path / "intake.toml"
    settings.write_text("[digest]\nsend_empty = true\n", encoding="utf-8")
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=bot.workdir, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True,
                              env=bot.env(INTAKE_CONFIG=str(settings), INTAKE_CAMPAIGNS_DIR=str(config / "campaigns")))
    try:
        received = bot.smtp.wait_for(2, timeout=20)  # under the outbox interval (30 s): the digest woke it
    finally:
        worker.send_signal(signal.SIGTERM)
        stdout, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0
    assert sorted(m.rcpt_tos for m in received) == sorted([VG.staff, VM.staff])
    assert f"Sammanställningen för {VG.name} är köad." in stdout
