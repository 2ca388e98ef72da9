"""Exports for people and for the registrar, through the CLI on real servers: the .xlsx as Excel
users need it (opened here with openpyxl), JSON as the contract, and the registrar's list."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import openpyxl
import pytest

from tests.support.bot_process import Bot
from tests.support.paths import SAMPLES
from tests.support.staff_mail import VG

pytestmark = pytest.mark.slow
CONTRACT = ["campaign", "case_number", "organisation", "org_number", "organisation_type", "contact", "decision",
            "goals", "sessions", "plan_text", "status", "problems", "version", "source", "updated_at"]


def polled(bot: Bot) -> Bot:
    bot.mailbox.append(sorted(SAMPLES.glob("*.eml")), dated=True)
    bot.poll(now="2025-06-02T07:00:00+02:00")
    return bot


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return polled(Bot(mailbox, smtp_server, database_url, tmp_path, {}))


@pytest.fixture
def sqlite_bot(mailbox, smtp_server, tmp_path) -> Bot:
    """For what does not depend on the database: SQLite only, to keep the suite quick."""
    return polled(Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {}))


def test_the_xlsx_has_a_sheet_per_campaign_as_excel_users_need_it(bot: Bot) -> None:
    out = bot.workdir / "anslutningar.xlsx"
    said = bot.run("export", "--format", "xlsx", "--output", str(out)).stderr
    assert f"Exporterade 5 anslutningar till {out}." in said
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Ett jämställt Västmanland", "Jämställt Västra Götaland"]
    sheet = book["Jämställt Västra Götaland"]
    headings = [cell.value for cell in sheet[1]]
    assert headings[:5] == ["Organisation", "Organisationsnummer", "Typ", "Status", "Version"]
    assert headings[13:28] == [f"Mål {n}" for n in range(1, 16)]
    assert headings[28:] == ["Informationsträffar", "Planerat arbete", "Problem", "Inkom", "Avsändare", "Bilaga",
                             "Uppdaterad"]
    assert sheet.cell(1, 16).comment.text == f"Mål 3: {VG.goal(3).title}"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:AI6"
    assert sheet.column_dimensions["A"].width == 30

    data = {row[0]: row for row in sheet.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert list(data) == ["Alingsås kommun", "Borås Stad", "Lerums kommun", "Mölndals stad", "Skövde kommun"]
    alingsas = dict(zip(headings, data["Alingsås kommun"]))
    assert (alingsas["Organisationsnummer"], alingsas["Typ"], alingsas["Status"]) == ("212000-9622", "Kommun", "registrerad")
    assert [n for n in range(1, 16) if alingsas[f"Mål {n}"] == "X"] == [3, 4, 6]
    assert alingsas["Beslutsdatum"] == datetime(2025, 3, 17)  # a real date, not text
    assert alingsas["Inkom"] == datetime(2025, 4, 9, 8, 42, 6)  # Swedish local time
    assert sheet.cell(2, headings.index("Inkom") + 1).number_format == "yyyy-mm-dd hh:mm"
    assert sheet.cell(2, headings.index("Beslutsdatum") + 1).number_format == "yyyy-mm-dd"

    footer = {row[0]: row for row in sheet.iter_rows(min_row=8, values_only=True) if row[0]}
    per_goal = footer["Antal per mål (registrerade)"]
    assert [per_goal[12 + n] for n in range(1, 16)] == [1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 2, 2, 1, 1]
    assert footer["Anslutna: Kommun"][1] == "5 av 49" and footer["Anslutna: Lärosäte"][1] == "0 av 5"
    assert footer["Anslutningar i listan"][1] == 5

    one = bot.workdir / "vg.xlsx"
    bot.run("export", "--format", "xlsx", "--campaign", VG.key, "--output", str(one))
    assert openpyxl.load_workbook(one).sheetnames == ["Jämställt Västra Götaland"]
    wrong = bot.run("export", "--format", "xlsx", "--campaign", "okänd", "--output", str(one), check=False)
    assert wrong.returncode == 2 and wrong.stderr.strip().splitlines() == [
        "intake: fel: argumentet --campaign: ingen kampanj 'okänd'; det finns jamstallt-vastmanland-2024-2027, "
        "jamstallt-vg-2024-2027"]


def test_json_stays_the_contract_and_can_be_limited_to_a_campaign(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    records = bot.export()
    assert len(records) == 5 and all(list(record) == CONTRACT for record in records)
    assert list(records[0]["source"]) == ["message_id", "from", "received_at", "attachment"]
    only = json.loads(bot.run("export", "--format", "json", "--campaign", "jamstallt-vastmanland-2024-2027").stdout)
    assert only == []


def test_the_registrar_lists_every_inbound_document(bot: Bot) -> None:
    listing = bot.run("registrar", "--format", "csv").stdout
    assert listing.startswith("\ufeffDiarienummer;Inkom;Avsändare;Ämne;Bilagor;Typ av handling;Organisation;Meddelande-id")
    entries = list(csv.DictReader(io.StringIO(listing.removeprefix("\ufeff")), delimiter=";"))
    assert [(e["Inkom"], e["Avsändare"], e["Typ av handling"]) for e in entries] == [
        ("2025-04-07 12:04", "elin.andersson@lerum.se", "blankett"),
        ("2025-04-09 08:42", "linnea.lindqvist@alingsas.se", "blankett"),
        ("2025-04-17 14:18", "jorgen.oberg@boras.se", "blankett"),
        ("2025-04-22 13:05", "henrik.bengtsson@molndal.se", "blankett"),
        ("2025-04-25 11:53", "mikael.berg@skovde.se", "korrespondens"),
        ("2025-04-30 08:50", "registrator@skovde.se", "blankett"),
        ("2025-05-08 15:27", "elin.andersson@lerum.se", "dubblett"),
        ("2025-05-13 16:37", "linnea.lindqvist@alingsas.se", "automatiskt meddelande"),
        ("2025-05-16 14:38", "henrik.bengtsson@molndal.se", "dubblett")]
    assert {e["Diarienummer"] for e in entries} == {"801-9838-2024"}
    assert entries[6]["Bilagor"].count(".docx") == 2  # the form and the minutes extract
    assert entries[1]["Bilagor"] == "Anslutningsblankett Alingsås kommun.docx"

    out = bot.workdir / "registrator.xlsx"
    said = bot.run("registrar", "--format", "xlsx", "--since", "2025-05-01", "--output", str(out)).stderr
    assert f"Skrev 3 handlingar till {out}." in said
    sheet = openpyxl.load_workbook(out)["Inkomna handlingar"]
    assert [c.value for c in sheet[1]][:3] == ["Diarienummer", "Inkom", "Avsändare"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        datetime(2025, 5, 8, 15, 27, 57), datetime(2025, 5, 13, 16, 37, 14), datetime(2025, 5, 16, 14, 38, 22)]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == "A1:H4"
