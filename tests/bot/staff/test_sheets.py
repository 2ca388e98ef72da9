"""The .xlsx writer: what Excel users need, whatever goes in the columns."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl

from bot.staff.details import safe_name
from bot.staff.sheets import Column, Sheet, workbook


def test_a_sheet_as_excel_users_need_it() -> None:
    sheet = Sheet("Jämställt Västra Götaland 2024–2027 [utkast]: test", (Column("Namn", 20), Column("Mål 3", 7, note="Mål 3: Tre"),
                                                                     Column("Datum", 12)),
                  (("Lerum", "X", date(2025, 3, 1)), ("Alingsås", "", datetime(2025, 4, 9, 8, 42))),
                  footer=(("Summa", 1),))
    book = openpyxl.load_workbook(io.BytesIO(workbook([sheet, sheet])))
    assert book.sheetnames == ["Jämställt Västra Götaland", "Jämställt Västra Götaland (2)"]
    ws = book.worksheets[0]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:C3"
    assert ws["B1"].comment.text == "Mål 3: Tre" and ws["A1"].font.bold
    assert ws.column_dimensions["A"].width == 20
    assert (ws["C2"].value, ws["C2"].number_format) == (datetime(2025, 3, 1), "yyyy-mm-dd")
    assert (ws["C3"].value, ws["C3"].number_format) == (datetime(2025, 4, 9, 8, 42), "yyyy-mm-dd hh:mm")
    assert [c.value for c in ws[5]][:2] == ["Summa", 1] and ws["A5"].font.bold  # after one empty row


def test_an_empty_workbook_is_still_a_file() -> None:
    assert openpyxl.load_workbook(io.BytesIO(workbook([]))).sheetnames == ["-"]


def test_a_saved_attachment_name_can_never_point_anywhere() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\Anslutning Lerum.docx") == "Anslutning Lerum.docx"
    assert safe_name("a\r\nb.docx") == "a b.docx"
    assert safe_name("..") == "bilaga" and safe_name("") == "bilaga" and safe_name("/") == "bilaga"
    assert safe_name("rm -rf *;|.docx") == "rm -rf _.docx"
