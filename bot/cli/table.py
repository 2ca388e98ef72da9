"""Plain-text tables for the terminal: a heading row, a rule, columns padded to their widest
cell (capped, with long cells cut and marked …). Times shown in Swedish local time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from parsers.model import LOCAL_ZONE

MAX_CELL = 60


def table(headings: Sequence[str], rows: Sequence[Sequence[object]], max_cell: int = MAX_CELL) -> str:
    cells = [[_cut(str(value), max_cell) for value in row] for row in rows]
    widths = [max(len(heading), *(len(row[i]) for row in cells)) for i, heading in enumerate(headings)]
    lines = [_line(headings, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in cells]
    return "\n".join(lines)


def pairs(rows: Sequence[tuple[str, object]]) -> str:
    """Label and value, the labels padded to one width: a record shown as a table."""
    width = max((len(label) for label, _ in rows), default=0)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def local(moment: datetime | None, empty: str = "-") -> str:
    return f"{moment.astimezone(LOCAL_ZONE):%Y-%m-%d %H:%M}" if moment is not None else empty


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
