"""The review queue through `intake review` as staff run it: the list, show, approve, reject,
edit, resend and handled, each recorded with who and when; on real servers."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.tables import AffiliationVersion, InboundMessage, StaffAction
from tests.support.bot_process import Bot
from tests.support.staff_mail import CASE, NEXT, parsed, rows, scalar, seed, sent, text_of

pytestmark = pytest.mark.slow


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})

@pytest.fixture
def sqlite_bot(mailbox, smtp_server, tmp_path) -> Bot:
    """For what does not depend on the database: SQLite only, to keep the suite quick."""
    return Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {})



def actions(bot: Bot) -> list[tuple]:
    return [tuple(r) for r in rows(bot, select(
        StaffAction.action, StaffAction.by, StaffAction.affiliation_id, StaffAction.inbound_message_id,
        StaffAction.outbox_message_id, StaffAction.changes, StaffAction.note).order_by(StaffAction.id))]


def refused(bot: Bot, *args: str) -> str:
    result = bot.run("review", *args, *(("--now", NEXT) if args[0] != "show" else ()), check=False)
    assert result.returncode == 1, result
    (line,) = result.stderr.strip().splitlines()
    return line


def test_the_list_then_each_action_is_recorded_with_who_and_when(bot: Bot) -> None:
    s = seed(bot)
    listing = bot.run("review", "list", "--now", NEXT).stdout
    assert listing == bot.run("review", "--now", NEXT).stdout  # bare `intake review` is the list
    assert listing.startswith("4 saker väntar på en handläggare:\n")
    lines = {line.split()[0]: line for line in listing.splitlines()[3:] if line.strip() and line[0] != " "}
    assert "anslutning att granska" in lines[str(s.testby)] and f"intake review approve {s.testby}" in lines[str(s.testby)]
    # The form as PDF is an attempt to join: Skövde's affiliation to review (issue 10), not a message.
    assert "försök att ansluta, inget gick att läsa" in lines[str(s.skovde)] and "Skövde kommun" in lines[str(s.skovde)]
    assert f"intake review show {s.skovde}" in lines[str(s.skovde)] and f"m{s.pdf}" not in lines
    assert "korrespondens" in lines[f"m{s.thread}"] and "linnea.lindqvist@alingsas.se" in lines[f"m{s.thread}"]
    assert "svaret studsade" in lines[f"s{s.bounced}"]
    assert f"s{s.bounced}: linnea.lindqvist@alingsas.se 5.1.1 smtp; 550 5.1.1 User unknown" in listing
    assert "Lerums kommun" not in listing  # waiting for the sender, not for staff

    done = bot.run("review", "approve", str(s.testby), "--by", "Anna Handläggare", "--now", NEXT).stdout
    assert done == f"Anslutning {s.testby} är registrerad (Anna Handläggare, 2025-06-03 09:00).\n"
    assert refused(bot, "approve", str(s.skovde)).startswith(
        f"intake: fel: anslutning {s.skovde} har inga prioriterade mål")  # nothing read: nothing to approve
    bot.run("review", "edit", str(s.skovde), "mål", "2, 8, 10", "--by", "Anna Handläggare", "--now", NEXT)  # from the PDF
    bot.run("review", "approve", str(s.skovde), "--by", "Anna Handläggare", "--now", NEXT)
    bot.run("review", "handled", f"s{s.bounced}", "--now", NEXT)  # who: the operating-system user
    bot.run("review", "handled", f"m{s.thread}", "--note", "Ringde, Word-filen kommer", "--by", "Bo", "--now", NEXT)
    assert bot.run("review", "--now", NEXT).stdout == "Inget väntar på en handläggare.\n"

    recorded = actions(bot)
    assert [(a, by, aff, msg, out) for a, by, aff, msg, out, _, _ in recorded] == [
        ("approve", "Anna Handläggare", s.testby, None, None),
        ("edit", "Anna Handläggare", s.skovde, None, None),
        ("approve", "Anna Handläggare", s.skovde, None, None),
        ("handled", getpass.getuser(), None, None, s.bounced),
        ("handled", "Bo", None, s.thread, None)]
    assert recorded[0][5] == recorded[2][5] == {"status": ["needs_review", "registered"]}
    assert recorded[4][6] == "Ringde, Word-filen kommer"
    assert recorded[4][5] == {"handled": [False, True]}
    assert bot.export()[3]["status"] == "registered"  # Testby sorts last

    shown = bot.run("review", "show", str(s.testby)).stdout
    assert f"Anslutning {s.testby}: Testby kommun" in shown and "Status               registrerad" in shown
    assert "Anna Handläggare" in shown and "godkänd" in shown and "status: behöver granskas → registrerad" in shown
    assert "finns inte" in shown  # the problem that sent it to review

    assert refused(bot, "approve", str(s.testby)) == f"intake: fel: anslutning {s.testby} är redan registrerad"
    assert refused(bot, "handled", f"m{s.thread}") == f"intake: fel: m{s.thread} är redan markerat som hanterat"
    assert refused(bot, "approve", f"m{s.pdf}").startswith(f"intake: fel: m{s.pdf} är ingen anslutning")
    assert refused(bot, "show", "999") == "intake: fel: det finns ingen post 999"
    assert refused(bot, "resend", "x9").startswith("intake: fel: x9 är ingen giltig referens")
    assert len(actions(bot)) == 5  # refusals record nothing


def test_an_edit_is_a_new_version_with_history_and_resend_sends_it(bot: Bot) -> None:
    s = seed(bot)
    before = len(bot.smtp.messages)
    done = bot.run("review", "edit", str(s.alingsas), "kontakt.epost", "linnea@ny.alingsas.se", "--by", "Anna",
                   "--now", NEXT).stdout
    assert done == (f"Anslutning {s.alingsas}, kontaktpersonens e-postadress: linnea.lindqvist@alingsas.se → "
                    f"linnea@ny.alingsas.se. Version 2 är sparad (Anna, 2025-06-03 09:00).\n")
    bot.run("review", "edit", str(s.alingsas), "mål", "3, 4, 12", "--by", "Anna", "--now", NEXT)
    record = next(r for r in bot.export() if r["organisation"] == "Alingsås kommun")
    assert (record["version"], record["goals"], record["contact"]["email"]) == (3, [3, 4, 12], "linnea@ny.alingsas.se")
    assert record["source"]["message_id"] == s.alingsas_message_id  # the form the edits were made to

    versions = rows(bot, select(AffiliationVersion.version, AffiliationVersion.submission_id,
                                AffiliationVersion.staff_action_id, AffiliationVersion.form)
                    .where(AffiliationVersion.affiliation_id == s.alingsas).order_by(AffiliationVersion.version))
    assert [v[0] for v in versions] == [1, 2, 3] and len({v[1] for v in versions}) == 1
    assert versions[0][2] is None and versions[1][2] is not None and versions[2][2] is not None
    assert versions[0][3]["contact"]["email"] == "linnea.lindqvist@alingsas.se"  # history kept
    assert [a[5] for a in actions(bot)] == [{"contact.email": ["linnea.lindqvist@alingsas.se", "linnea@ny.alingsas.se"]},
                                            {"goals": [[3, 4, 6], [3, 4, 12]]}]
    shown = bot.run("review", "show", str(s.alingsas)).stdout
    assert "ändrad av Anna" in shown and "kontaktpersonens e-postadress" in shown and "prioriterade mål" in shown

    assert "kampanjen har inte alla de målen" in refused(bot, "edit", str(s.alingsas), "mål", "3, 99")
    assert "fältet telefax finns inte" in refused(bot, "edit", str(s.alingsas), "telefax", "031-00")
    assert "ingen giltig e-postadress" in refused(bot, "edit", str(s.alingsas), "kontakt.epost", "linnea(at)x")

    out = bot.run("review", "resend", str(s.alingsas), "--by", "Anna", "--now", NEXT).stdout
    assert "köad till linnea@ny.alingsas.se, linnea.lindqvist@alingsas.se" in out and "Meddelandet är skickat." in out
    (again,) = sent(bot)[before:]
    assert again["In-Reply-To"] == s.alingsas_message_id and again["Auto-Submitted"] == "auto-replied"
    assert again["Subject"].startswith("Bekräftelse:")
    assert "version 3" in text_of(again) and "linnea@ny.alingsas.se" in text_of(again)
    assert actions(bot)[-1][:3] == ("resend", "Anna", s.alingsas)


def test_a_rejection_is_told_to_the_organisation_only_on_request(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    s = seed(bot)
    before = len(bot.smtp.messages)
    reason = "Testby kommun ligger inte i Västra Götalands län."
    out = bot.run("review", "reject", str(s.testby), "--reason", reason, "--notify", "--by", "Anna",
                  "--now", NEXT).stdout
    assert f"Anslutning {s.testby} är avvisad (Anna, 2025-06-03 09:00)." in out
    assert "Beskedet till anna.aberg@testby.se är köat." in out
    (notice,) = sent(bot)[before:]
    assert notice["To"] == "anna.aberg@testby.se" and notice["In-Reply-To"] == "<staff-1@testby.se>"
    assert notice["Subject"] == f"Er anslutning till Jämställt Västra Götaland 2024–2027, Dnr {CASE}"
    assert notice["Auto-Submitted"] == "auto-replied"
    body = text_of(notice)
    assert "kan tyvärr inte registrera anslutningen" in body and reason in body and "Med vänliga hälsningar" in body

    bot.run("review", "reject", str(s.lerum), "--reason", "Skickad av misstag", "--now", NEXT)
    assert len(bot.smtp.messages) == before + 1  # no notice without --notify
    statuses = {r["organisation"]: r["status"] for r in bot.export()}
    assert statuses["Testby kommun"] == statuses["Lerums kommun"] == "rejected"
    assert [(a[0], a[6]) for a in actions(bot)] == [("reject", reason), ("reject", "Skickad av misstag")]
    assert refused(bot, "resend", str(s.testby)).startswith(f"intake: fel: anslutning {s.testby} är avvisad")


def test_show_saves_the_original_and_its_attachments(sqlite_bot: Bot, tmp_path: Path) -> None:
    bot = sqlite_bot
    s = seed(bot)
    folder = tmp_path / "utdrag"
    out = bot.run("review", "show", str(s.testby), "--save", str(folder)).stdout
    message_id = scalar(bot, InboundMessage.id, InboundMessage.message_id == "<staff-1@testby.se>")
    assert sorted(p.name for p in folder.iterdir()) == [f"m{message_id}-1-Anslutning Testby.docx", f"m{message_id}.eml"]
    original = parsed((folder / f"m{message_id}.eml").read_bytes())
    assert original["Message-ID"] == "<staff-1@testby.se>"
    (docx,) = original.iter_attachments()
    assert (folder / f"m{message_id}-1-Anslutning Testby.docx").read_bytes() == docx.get_content()
    assert f"Sparade 2 filer i {folder}:" in out

    english = bot.run("review", "--now", NEXT, INTAKE_LANGUAGE="en").stdout
    assert english.startswith("4 things wait for a person:") and "Command" in english and "affiliation to review" in english
