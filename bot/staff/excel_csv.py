"""CSV for Excel: semicolon-separated UTF-8 with a byte-order mark (what Swedish Excel opens by
double-click), and every cell neutralised against formula injection (OWASP "CSV Injection"):
a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, so Excel shows it as text and never runs it. Senders write subjects, names and
plans; none of that may become a formula on a colleague's machine.

In the .xlsx files a text cell is a string and never evaluated; bot/staff/sheets.py only keeps
openpyxl from storing text that begins with ``=`` as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_csv(headings: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralised(h) for h in headings])
    for row in rows:
        writer.writerow([neutralised(v) for v in row])
    return "\ufeff" + out.getvalue()
