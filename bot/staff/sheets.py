"""Excel workbooks (.xlsx, openpyxl) for people: a bold header row that stays in view, filters
on, column widths set, dates as real dates, notes on headings. Shared by the export, the
registrar's list and the digest's attachment; what goes in the columns is theirs.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]")
_MAX_TITLE = 31  # Excel's limit for a sheet name


@dataclass(frozen=True)
class Column:
    heading: str
    width: float                # in characters, as Excel counts them
    note: str = ""              # a comment on the heading cell, e.g. a goal's full title


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    # Lines below the table after one empty row, outside the filter (e.g. totals).
    footer: tuple[tuple[Any, ...], ...] = ()


def workbook(sheets: list[Sheet] | tuple[Sheet, ...], author: str = "intake-bot") -> bytes:
    """The .xlsx bytes of ``sheets`` (at least one: an empty workbook is not a valid file).
    Datetimes must be naive local times; Excel has no time zones."""
    book = Workbook()
    book.remove(book.active)
    titles: set[str] = set()
    for sheet in sheets or [Sheet("-", (), ())]:
        _fill(book.create_sheet(_unique_title(sheet.title, titles)), sheet, author)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(ws: Worksheet, sheet: Sheet, author: str) -> None:
    for number, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=number, value=column.heading)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        if column.note:
            cell.comment = Comment(column.note, author, width=320, height=90)
        ws.column_dimensions[get_column_letter(number)].width = column.width
    for row in sheet.rows:
        ws.append([_value(v) for v in row])
    for row_number in range(2, len(sheet.rows) + 2):
        for cell in ws[row_number]:
            _format(cell)
    if sheet.columns:
        ws.freeze_panes = "B2"  # the header row and the first column stay in view
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(sheet.rows) + 1}"
    if sheet.footer:
        ws.append([])
        for row in sheet.footer:
            ws.append([_value(v) for v in row])
            for cell in ws[ws.max_row]:
                _format(cell)
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)


def _value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


def _format(cell) -> None:
    if cell.data_type == "f":  # openpyxl takes text that begins with "=" for a formula: it is text
        cell.data_type = "s"
    if isinstance(cell.value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(cell.value, str) and "\n" in cell.value:
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def _unique_title(title: str, taken: set[str]) -> str:
    base = _TITLE_UNSAFE.sub(" ", title).strip() or "Blad"
    if len(base) > _MAX_TITLE:
        base = base[:_MAX_TITLE].rsplit(" ", 1)[0].rstrip(" –-")
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[:_MAX_TITLE - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate
