"""Offices' spreadsheets read as plain tables: XLSX (every sheet) and CSV.

Merged cells give their value to every cell they cover; formulas give the value Excel
last calculated (a formula never calculated is reported, not evaluated); blank rows are
skipped; the header row is the first with at least three filled cells.  Dates come typed
from XLSX, and as text in the forms offices type them otherwise (``office_date``).
"""

from __future__ import annotations

import calendar
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_BYTES = 50 * 1024 * 1024


class SheetError(Exception):
    """The file as a whole cannot be read; the message says why, in a sentence."""


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number in the sheet, cells) for non-blank rows
    notes: list[str] = field(default_factory=list)

    def column(self, index: int) -> list[Any]:
        return [cells[index] if index < len(cells) else None for _, cells in self.rows]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(name: str, grid: list[list[Any]], notes: list[str]) -> Sheet | None:
    header_at = next((i for i, row in enumerate(grid[:50])
                      if sum(not _blank(v) for v in row) >= 3), None)
    if header_at is None:
        return None
    header = [str(v).strip() if not _blank(v) else f"Column {i + 1}"
              for i, v in enumerate(grid[header_at])]
    while header and header[-1].startswith("Column ") and all(
            len(r) < len(header) or _blank(r[len(header) - 1]) for r in grid[header_at + 1:]):
        header.pop()
    rows = [(header_at + 2 + i, row[:len(header)]) for i, row in enumerate(grid[header_at + 1:])
            if any(not _blank(v) for v in row[:len(header)])]
    if len(rows) > MAX_ROWS:
        raise SheetError(f"the sheet “{name}” has {len(rows):,} rows; Scrutiny imports up to "
                         f"{MAX_ROWS:,} at a time, so split it into smaller sheets")
    return Sheet(name, header, rows, notes)


def read_xlsx(data: bytes) -> list[Sheet]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SheetError("is not a readable Excel workbook (.xlsx)") from exc
    except Exception as exc:  # damaged parts surface as many kinds of error
        raise SheetError(f"is a damaged Excel workbook ({type(exc).__name__})") from exc
    formulas = None
    sheets = []
    for ws in book.worksheets:
        if ws.max_column > MAX_COLUMNS:
            raise SheetError(f"the sheet “{ws.title}” has {ws.max_column} columns; "
                             f"at most {MAX_COLUMNS} are read")
        if ws.max_row > MAX_ROWS * 2:
            raise SheetError(f"the sheet “{ws.title}” has {ws.max_row:,} rows; Scrutiny imports "
                             f"up to {MAX_ROWS:,} at a time, so split it into smaller sheets")
        grid = [list(row) for row in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
            for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = top
        notes = []
        if any(v is None for row in grid for v in row):
            if formulas is None:
                formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False,
                                                  read_only=True)
            uncalculated = sum(
                1 for r, row in enumerate(formulas[ws.title].iter_rows(values_only=True))
                for c, value in enumerate(row) if isinstance(value, str) and value.startswith("=")
                and r < len(grid) and c < len(grid[r]) and grid[r][c] is None)
            if uncalculated:
                notes.append(f"{uncalculated} formula cell{'s' if uncalculated != 1 else ''} "
                             "had no calculated value (open and save the file in Excel to "
                             "calculate them); they are read as empty")
        table = _table(ws.title, grid, notes)
        if table is not None:
            sheets.append(table)
    return sheets


def read_csv(data: bytes) -> list[Sheet]:
    from charset_normalizer import from_bytes

    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", "replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(data).best()
            if best is None:
                raise SheetError("is not readable text") from None
            text = str(best)
    if "\x00" in text:
        raise SheetError("is not a CSV file (it holds binary data)")
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    grid = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    table = _table("CSV", grid, [])
    return [table] if table else []


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """Every sheet with a header row; SheetError for a file that cannot be read at all."""
    if len(data) > MAX_BYTES:
        raise SheetError(f"is too large ({len(data) / 1048576:.0f} MB; the limit is "
                         f"{MAX_BYTES // 1048576} MB)")
    if not data.strip():
        raise SheetError("is empty")
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        sheets = read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        sheets = read_csv(data)
    elif name.endswith(".xls"):
        raise SheetError("is an old-style Excel file (.xls); save it as .xlsx and upload again")
    else:
        raise SheetError("is not a spreadsheet Scrutiny reads; upload .xlsx or .csv")
    if not sheets:
        raise SheetError("has no table: no row with at least three filled cells to use as headings")
    return sheets


# Dates as offices write them.  Day first, always (England and Wales).
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})
MONTHS["sept"] = 9
EXCEL_EPOCH = date(1899, 12, 30)
NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
WORDS = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+)?([A-Za-z]{3,9})\.?[\s\-/,]+'?(\d{2}|\d{4})$")


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if y < 100 else y


def _plausible(day: date, raw: Any) -> date:
    if not 2000 <= day.year <= 2099:
        raise ValueError(f"“{raw}” is not a date between 2000 and 2099")
    return day


def office_date(value: Any) -> date | None:
    """A date from a cell: typed, an Excel serial number, or text like 31/12/2025, 31.12.25,
    Dec-25 (the month's last day), 31 December 2025.  None for an empty cell; ValueError
    (with a sentence) for anything else."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return _plausible(value.date(), value)
    if isinstance(value, date):
        return _plausible(value, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _plausible(EXCEL_EPOCH + timedelta(days=int(value)), value)
        raise ValueError(f"“{value}” is not a date")
    text = str(value).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # an Excel serial number written out as text
        return office_date(float(text))
    try:
        if m := ISO.match(text):
            return _plausible(date(int(m[1]), int(m[2]), int(m[3])), text)
        if m := NUMERIC.match(text):
            return _plausible(date(_year(m[3]), int(m[2]), int(m[1])), text)
        if (m := WORDS.match(text)) and m[2].lower() in MONTHS:
            year, month = _year(m[3]), MONTHS[m[2].lower()]
            day = int(m[1]) if m[1] else calendar.monthrange(year, month)[1]
            return _plausible(date(year, month, day), text)
    except ValueError as exc:
        if "between 2000" in str(exc):
            raise
        raise ValueError(f"“{text}” is not a real date") from exc
    raise ValueError(f"“{text}” is not a date Scrutiny understands (write it as 31/12/2025)")
