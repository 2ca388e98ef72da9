"""Reading a roster CSV as staff save it from Excel: the rows, each with its line number.

Excel writes "CSV" in the machine's code page unless told "CSV UTF-8", and Swedish Excel
separates fields with semicolons. So a roster may be UTF-8 with or without a byte-order mark,
or Windows-1252, with commas or semicolons; which separator is told by the heading line.
Rows that are empty (Excel keeps ``;;;`` for a cleared row) are skipped. Every fault is a
ConfigError naming the file and the line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.errors import ConfigError, os_reason

COLUMNS = ("organisation", "org_number", "type", "domains")
REQUIRED = ("organisation",)


def read_roster_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The roster's rows as (line number, {column: value}), in file order."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(where, None, "cannot read the roster: {reason}", reason=os_reason(exc)) from exc
    text = _decoded(data, where)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ConfigError(where, None, "line 1: the heading line is missing (organisation,org_number,type,domains)")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(lines[0]), strict=True)
    try:
        heading = [cell.strip().lower() for cell in next(reader)]
        columns = _columns(heading, where)
        return [(reader.line_num, row) for row in (_row(cells, columns, reader.line_num, where) for cells in reader)
                if row is not None]
    except csv.Error as exc:
        raise ConfigError(where, None, "line {line}: not a CSV row the program can read ({reason})",
                          line=reader.line_num, reason=str(exc)) from exc


def _decoded(data: bytes, where: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError(where, None, "line {line}: neither UTF-8 nor Windows-1252 text (save it as CSV UTF-8)",
                          line=line) from exc


def _separator(heading: str) -> str:
    """Semicolon when the heading line has more semicolons than commas (Swedish Excel)."""
    return ";" if heading.count(";") > heading.count(",") else ","


def _columns(heading: list[str], where: str) -> list[str]:
    for name in heading:
        if name and name not in COLUMNS:
            raise ConfigError(where, None, "line 1: unknown column {column!r} (the columns are {columns})",
                              column=name, columns=", ".join(COLUMNS))
    for name in REQUIRED:
        if name not in heading:
            raise ConfigError(where, None, "line 1: the column {column!r} is missing", column=name)
    return heading


def _row(cells: list[str], columns: list[str], line: int, where: str) -> dict[str, str] | None:
    if not any(cell.strip() for cell in cells):
        return None
    if len(cells) < len(columns) and any(columns[len(cells):]):
        raise ConfigError(where, None, "line {line}: {count} field(s), but the heading has {expected}",
                          line=line, count=len(cells), expected=len(columns))
    extra = cells[len(columns):]
    if any(cell.strip() for cell in extra) or any(not name and cell.strip() for name, cell in zip(columns, cells)):
        raise ConfigError(where, None, "line {line}: more fields than the heading has columns ({expected})",
                          line=line, expected=len([c for c in columns if c]))
    return {name: cell.strip() for name, cell in zip(columns, cells) if name}
