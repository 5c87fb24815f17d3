"""Spreadsheets as government offices make them, read and written safely.

Reading finds the header row by its names below any title rows, fills merged cells,
skips blank spacer rows and normalises 繁/简 and full-width text in headers. Every
problem is collected as a :class:`CellError` naming sheet, row and column, so an import
can report all of them at once and save nothing. Writing neutralises formulas; reading
reports them (a formula's value is whatever the last program to save the file computed).

Before openpyxl loads a file, its sheets are measured from the XML as a stream: openpyxl
creates an object for every cell of a merged range, so a 5 KB file merging A2:XFD1048576
would take minutes and gigabytes. A sheet whose cells or merged ranges pass the limits
(``SHEET_MAX_ROWS`` × ``SHEET_MAX_COLUMNS``, ``SHEET_MAX_CELLS``, ``SHEET_MAX_MERGED_CELLS``,
``SHEET_MAX_UNPACKED_MB``) is refused with the row or column that passed them. The same pass
(expat, one handler call per element, no tree) notes each sheet's merged ranges and formula
cells, so that :func:`open_sheets` can hand large imports to calamine, which reads values only.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import iterparse
from python_calamine import CalamineWorkbook, SheetTypeEnum

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


@dataclass(frozen=True)
class SheetLimits:
    rows: int
    columns: int
    cells: int
    merged_cells: int
    unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> SheetLimits:
        return cls(
            rows=settings.SHEET_MAX_ROWS,
            columns=settings.SHEET_MAX_COLUMNS,
            cells=settings.SHEET_MAX_CELLS,
            merged_cells=settings.SHEET_MAX_MERGED_CELLS,
            unpacked_bytes=settings.SHEET_MAX_UNPACKED_MB * 1024 * 1024,
        )


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, part name) of every worksheet, from the workbook and its relationships."""
    rels = {}
    with archive.open("xl/_rels/workbook.xml.rels") as stream:
        for _event, element in iterparse(stream):
            if element.tag == f"{_PKG_REL_NS}Relationship":
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                rels[element.get("Id")] = posixpath.normpath(path)
    parts = []
    with archive.open("xl/workbook.xml") as stream:
        for _event, element in iterparse(stream):
            if element.tag == f"{_MAIN_NS}sheet":
                part = rels.get(element.get(f"{_REL_NS}id"))
                if part in archive.NameToInfo:
                    parts.append((element.get("name", ""), part))
    return parts


def _too_big(sheet: str, what: str, limits: SheetLimits) -> SheetRejected:
    message = _(
        "%(what)s超出导入上限（每个工作表最多 %(rows)d 行 × %(cols)d 列、%(cells)d 个单元格、"
        "合并单元格共 %(merged)d 个）。请删除多余的行、列和合并后重试。"
    ) % {
        "what": what,
        "rows": limits.rows,
        "cols": limits.columns,
        "cells": limits.cells,
        "merged": limits.merged_cells,
    }
    return SheetRejected([CellError(sheet, None, None, message)])


@dataclass
class SheetFacts:
    """What the streaming pass saw in one sheet besides its size: merged ranges as
    (min_col, min_row, max_col, max_row) and the (row, column) of every formula cell."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)


_MAIN = _MAIN_NS[1:-1]
_CELL, _ROW, _FORMULA, _MERGE = (f"{_MAIN}}}{tag}" for tag in ("c", "row", "f", "mergeCell"))


class _SheetMeasure:
    """expat handlers for one sheet (a start handler per element: no tree is built)."""

    def __init__(self, title: str, limits: SheetLimits, cells: int):
        self.title, self.limits, self.cells = title, limits, cells
        self.facts = SheetFacts()
        self.merged = 0
        self.row = self.column = 0
        self.columns: dict[str, int] = {}  # letters -> number, a handful per sheet

    def _column_of(self, letters: str) -> int:
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = column_index_from_string(letters)
        return column

    def start(self, tag: str, attrs: dict) -> None:
        limits = self.limits
        if tag == _CELL:
            ref = attrs.get("r")
            if ref:
                digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                letters = ref[: len(ref) - len(digits)]
                self.row, self.column = int(digits), self._column_of(letters)
                if self.row > limits.rows:
                    raise _too_big(self.title, _("第 %(row)d 行") % {"row": self.row}, limits)
                if self.column > limits.columns:
                    raise _too_big(self.title, _("%(col)s 列") % {"col": letters}, limits)
            else:  # cells without a reference follow the previous one (as openpyxl reads them)
                self.column += 1
            self.cells += 1
            if self.cells > limits.cells:
                raise _too_big(self.title, _("单元格数量"), limits)
        elif tag == _FORMULA:
            self.facts.formulas.add((self.row, self.column))
        elif tag == _ROW:
            # Rows without a number follow the previous one (as openpyxl reads them).
            self.row, self.column = int(attrs.get("r") or self.row + 1), 0
            if self.row > limits.rows:
                raise _too_big(self.title, _("第 %(row)d 行") % {"row": self.row}, limits)
        elif tag == _MERGE:
            ref = attrs.get("ref", "")
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            if max_row > limits.rows or max_col > limits.columns:
                raise _too_big(self.title, _("合并区域 %(ref)s") % {"ref": ref}, limits)
            self.merged += (max_row - min_row + 1) * (max_col - min_col + 1)
            if self.merged > limits.merged_cells:
                raise _too_big(self.title, _("合并区域 %(ref)s") % {"ref": ref}, limits)
            self.facts.merged.append((min_col, min_row, max_col, max_row))


def _no_doctype(*_args) -> None:
    raise ValueError("DTDs are not accepted in a worksheet")  # entity expansion


def _measure_sheet(archive, title: str, part: str, limits: SheetLimits, cells: int):
    """Stream one sheet's XML; raise SheetRejected at the first cell or merged range past the
    limits. Returns the workbook's running cell count and the sheet's facts."""
    measure = _SheetMeasure(title, limits, cells)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = measure.start
    parser.StartDoctypeDeclHandler = _no_doctype
    with archive.open(part) as stream:
        parser.ParseFile(stream)
    return measure.cells, measure.facts


def measure_workbook(
    data: bytes, *, label: str = "", limits: SheetLimits | None = None
) -> dict[str, SheetFacts]:
    """Refuse an .xlsx whose sheets are too large to load, before anything is expanded; return
    each sheet's merged ranges and formula cells by title."""
    limits = limits or SheetLimits.from_settings()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > limits.unpacked_bytes:
            raise SheetRejected(
                [
                    CellError(
                        label,
                        None,
                        None,
                        _("文件解压后超过 %(mb)d MB，超出导入上限。")
                        % {"mb": limits.unpacked_bytes // (1024 * 1024)},
                    )
                ]
            )
        cells, facts = 0, {}
        for title, part in _sheet_parts(archive):
            cells, facts[title] = _measure_sheet(archive, title, part, limits, cells)
    return facts


def check_dimensions(data: bytes, *, label: str = "", limits: SheetLimits | None = None) -> None:
    """Refuse an .xlsx whose sheets are too large to load, before anything is expanded."""
    measure_workbook(data, label=label, limits=limits)


def open_workbook(data: bytes | io.BufferedIOBase, *, label: str = ""):
    """Open an uploaded .xlsx; a file that is not one, or is too large to load, raises SheetRejected."""
    raw = data if isinstance(data, bytes) else data.read()
    try:
        check_dimensions(raw, label=label)
        # Formulas are kept as formulas so that read_table can name them instead of reading
        # a cached value (or nothing, for files written by programs that cache none).
        return load_workbook(io.BytesIO(raw), data_only=False)
    except SheetRejected:
        raise
    except Exception as exc:  # zipfile, KeyError, ValueError, XML errors, InvalidFileException…
        raise SheetRejected(
            [CellError(label, None, None, _("文件不是有效的 Excel（.xlsx）文件。"))]
        ) from exc


def _merged_origins(
    ranges: Iterable[tuple[int, int, int, int]],
) -> dict[tuple[int, int], tuple[int, int]]:
    """Every cell covered by a merged range (min_col, min_row, max_col, max_row), mapped to the
    range's top-left cell (bounded by the measuring pass before anything was loaded)."""
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for min_col, min_row, max_col, max_row in ranges:
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                origins[(row, col)] = (min_row, min_col)
    return origins


class _WorksheetCells:
    """An openpyxl worksheet seen cell by cell, merged cells filled from their range's origin."""

    def __init__(self, ws: Worksheet):
        self.ws, self.title = ws, ws.title
        self.max_row, self.max_column = ws.max_row, ws.max_column
        self.origins = _merged_origins(
            (m.min_col, m.min_row, m.max_col, m.max_row) for m in ws.merged_cells.ranges
        )

    def value(self, row: int, col: int) -> object:
        return self.ws.cell(*self.origins.get((row, col), (row, col))).value

    def is_formula(self, row: int, col: int) -> bool:
        return self.ws.cell(*self.origins.get((row, col), (row, col))).data_type == "f"


class SheetValues:
    """A sheet read by :func:`open_sheets`: its values as a list of rows (calamine), with the
    merged ranges and formula cells found by the measuring pass. ``read_table`` reads it like
    an openpyxl worksheet."""

    def __init__(self, title: str, rows: list[list], facts: SheetFacts):
        self.title, self.rows, self.facts = title, rows, facts
        self.origins = _merged_origins(facts.merged)
        self.max_row = max(
            [len(rows), *(r for r, _c in facts.formulas), *(m[3] for m in facts.merged)]
        )
        self.max_column = max(
            [max((len(r) for r in rows), default=0)]
            + [c for _r, c in facts.formulas]
            + [m[2] for m in facts.merged]
        )

    def value(self, row: int, col: int) -> object:
        row, col = self.origins.get((row, col), (row, col))
        if row > len(self.rows) or col > len(self.rows[row - 1]):
            return None
        value = self.rows[row - 1][col - 1]
        return None if value == "" else value

    def is_formula(self, row: int, col: int) -> bool:
        return self.origins.get((row, col), (row, col)) in self.facts.formulas


def open_sheets(data: bytes, *, label: str = "") -> list[SheetValues]:
    """The worksheets of an uploaded .xlsx as values, for large imports: measured first like
    :func:`open_workbook`, then read by calamine (a compiled reader, many times faster than
    loading an openpyxl workbook, which builds an object per cell)."""
    try:
        facts = measure_workbook(data, label=label)
        book = CalamineWorkbook.from_object(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.name not in facts:
                continue  # chart sheets; nothing is loaded that was not measured
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            sheets.append(SheetValues(meta.name, rows, facts[meta.name]))
        return sheets
    except SheetRejected:
        raise
    except Exception as exc:  # zipfile, calamine and XML errors
        raise SheetRejected(
            [CellError(label, None, None, _("文件不是有效的 Excel（.xlsx）文件。"))]
        ) from exc


def _header_names(columns: Sequence[Column]) -> dict[str, str]:
    """Every header name (normalised once) → its column key; the first column to claim a name wins."""
    names: dict[str, str] = {}
    for column in columns:
        for alias in column.names:
            names.setdefault(normalize(alias), column.key)
    return names


def _find_header(cells, columns: Sequence[Column]) -> tuple[int, dict[int, str]]:
    """The first row (of the first HEADER_SEARCH_ROWS) naming every required column."""
    header_names = _header_names(columns)
    for row in range(1, min(cells.max_row, HEADER_SEARCH_ROWS) + 1):
        found = {}
        for col in range(1, cells.max_column + 1):
            cell = cells.value(row, col)
            key = header_names.get(normalize(str(cell))) if cell is not None else None
            if key and key not in found.values():
                found[col] = key
        if found and all(c.key in found.values() for c in columns if c.required):
            return row, found
    wanted = "、".join(c.names[0] for c in columns if c.required)
    raise SheetRejected(
        [
            CellError(
                cells.title,
                None,
                None,
                _("找不到表头：前 %(n)d 行中应有这些列：%(cols)s。")
                % {"n": HEADER_SEARCH_ROWS, "cols": wanted},
            )
        ]
    )


def read_table(ws: Worksheet | SheetValues, columns: Sequence[Column]) -> Table:
    """Read ``ws`` into rows keyed by column; raises SheetRejected when the header is missing
    or a cell the import reads holds a formula."""
    cells = ws if isinstance(ws, SheetValues) else _WorksheetCells(ws)
    header_row, mapping = _find_header(cells, columns)
    letters = {key: get_column_letter(col) for col, key in mapping.items()}
    table = Table(sheet=cells.title, header_row=header_row, letters=letters)
    formulas = []
    message = _("单元格是公式，请粘贴为数值后再导入。")
    for row in range(header_row + 1, cells.max_row + 1):
        values = {key: cells.value(row, col) for col, key in mapping.items()}
        named = [
            CellError(cells.title, row, letters[key], message)
            for col, key in mapping.items()
            if cells.is_formula(row, col)
        ]
        if not named and all(v is None or str(v).strip() == "" for v in values.values()):
            continue  # blank spacer row
        formulas.extend(named)
        table.rows.append(Row(sheet=cells.title, number=row, values=values, letters=letters))
    if formulas:
        raise SheetRejected(formulas)
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
