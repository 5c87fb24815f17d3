"""Spreadsheets as government offices make them, read and written safely.

Reading finds the header row by its names below any title rows, fills merged cells,
skips blank spacer rows and normalises 繁/简 and full-width text in headers. Every
problem is collected as a :class:`CellError` naming sheet, row and column, so an import
can report all of them at once and save nothing. Writing neutralises formulas.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wenming.hanzi import normalize

HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Column:
    """A column the reader looks for: a key and the header names users write for it."""

    key: str
    names: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [_("工作表“%(sheet)s”") % {"sheet": self.sheet}] if self.sheet else []
        if self.row is not None:
            where.append(_("第 %(row)d 行") % {"row": self.row})
        if self.column:
            where.append(_("%(col)s 列") % {"col": self.column})
        return "，".join(where) + "：" + self.message if where else self.message


class SheetRejected(Exception):
    """The file cannot be imported; ``errors`` lists every reason found."""

    def __init__(self, errors: Sequence[CellError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = list(errors)


@dataclass
class Row:
    sheet: str
    number: int  # 1-based row number as Excel shows it
    values: dict[str, object]
    letters: dict[str, str]  # key -> column letter

    def text(self, key: str) -> str:
        """The cell as trimmed text ('' when empty); numbers without a spurious '.0'."""
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        return str(value).strip()

    def error(self, key: str, message: str) -> CellError:
        return CellError(self.sheet, self.number, self.letters.get(key), message)


@dataclass
class Table:
    sheet: str
    header_row: int
    rows: list[Row] = field(default_factory=list)
    letters: dict[str, str] = field(
        default_factory=dict
    )  # key -> column letter, for the columns found


def open_workbook(data: bytes | io.BufferedIOBase, *, label: str = ""):
    """Open an uploaded .xlsx; a file that is not one raises SheetRejected."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        return load_workbook(stream, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError, InvalidFileException…
        raise SheetRejected(
            [CellError(label, None, None, _("文件不是有效的 Excel（.xlsx）文件。"))]
        ) from exc


def _merged_values(ws: Worksheet) -> dict[tuple[int, int], object]:
    """Every cell covered by a merged range, mapped to the range's top-left value."""
    filled: dict[tuple[int, int], object] = {}
    for merged in ws.merged_cells.ranges:
        top_left = ws.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                filled[(row, col)] = top_left
    return filled


def _header_names(columns: Sequence[Column]) -> dict[str, str]:
    """Every header name (normalised once) → its column key; the first column to claim a name wins."""
    names: dict[str, str] = {}
    for column in columns:
        for alias in column.names:
            names.setdefault(normalize(alias), column.key)
    return names


def read_table(ws: Worksheet, columns: Sequence[Column]) -> Table:
    """Read ``ws`` into rows keyed by column; raises SheetRejected when the header is missing."""
    merged = _merged_values(ws)

    def value(row: int, col: int) -> object:
        return merged.get((row, col), ws.cell(row, col).value)

    max_col = ws.max_column
    header_names = _header_names(columns)
    header_row = None
    mapping: dict[int, str] = {}
    for row in range(1, min(ws.max_row, HEADER_SEARCH_ROWS) + 1):
        found = {}
        for col in range(1, max_col + 1):
            cell = value(row, col)
            key = header_names.get(normalize(str(cell))) if cell is not None else None
            if key and key not in found.values():
                found[col] = key
        if found and all(c.key in found.values() for c in columns if c.required):
            header_row, mapping = row, found
            break
    if header_row is None:
        wanted = "、".join(c.names[0] for c in columns if c.required)
        raise SheetRejected(
            [
                CellError(
                    ws.title,
                    None,
                    None,
                    _("找不到表头：前 %(n)d 行中应有这些列：%(cols)s。")
                    % {"n": HEADER_SEARCH_ROWS, "cols": wanted},
                )
            ]
        )
    letters = {key: get_column_letter(col) for col, key in mapping.items()}
    table = Table(sheet=ws.title, header_row=header_row, letters=letters)
    for row in range(header_row + 1, ws.max_row + 1):
        values = {key: value(row, col) for col, key in mapping.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue  # blank spacer row
        table.rows.append(Row(sheet=ws.title, number=row, values=values, letters=letters))
    return table


# Cells starting with these would be run as formulas by Excel or LibreOffice.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value that a spreadsheet shows as text, never evaluates (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def workbook_bytes(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]],
) -> bytes:
    """Write sheets of (title, header, rows) to .xlsx bytes, every cell formula-safe."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(list(header))
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        for index, name in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(index)].width = max(10, len(str(name)) * 2 + 4)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
