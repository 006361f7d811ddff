"""Lists as spreadsheets: CSV and Excel (XLSX) with the same columns, safe to open.

XLSX files have typed dates, a frozen heading row, filters on every column and widths that
fit; both formats are written row by row (bounded memory), and no cell ever starts a
formula: text beginning with = + - @ (or a tab or carriage return) gets a leading
apostrophe, as in every spreadsheet Scrutiny writes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14       # characters, in Excel
    kind: str = "text"    # text | date | number


def escape_formula(value: object) -> str:
    """A cell never starts as a live formula: =, +, -, @ (and tab/CR tricks) are quoted."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _uk(value: Any) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%-d %B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return escape_formula(value)


def csv_bytes(columns: list[Column], rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_uk(v) for v in row])
    return out.getvalue().encode("utf-8-sig")  # the mark tells Excel the text is UTF-8


def xlsx_bytes(columns: list[Column], rows: Iterable[list[Any]], title: str = "Sheet") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=title[:31] or "Sheet")
    ws.freeze_panes = "A2"
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    bold = Font(bold=True)
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=c.header)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        cells = []
        for c, value in zip(columns, row, strict=False):
            if c.kind == "date" and isinstance(value, date):
                cell = WriteOnlyCell(ws, value=value.date() if isinstance(value, datetime) else value)
                cell.number_format = "dd/mm/yyyy"
            elif c.kind == "number" and isinstance(value, int | float):
                cell = WriteOnlyCell(ws, value=value)
            else:
                cell = WriteOnlyCell(ws, value=escape_formula(value))
                cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def response(fmt: str, name: str, columns: list[Column], rows: Iterable[list[Any]],
             title: str = "Sheet") -> HttpResponse:
    """A download of the rows as CSV or XLSX, named ``name-YYYY-MM-DD.fmt``."""
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        out = HttpResponse(xlsx_bytes(columns, rows, title), content_type=XLSX_TYPE)
    else:
        out = HttpResponse(csv_bytes(columns, rows), content_type="text/csv; charset=utf-8")
    out["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return out
