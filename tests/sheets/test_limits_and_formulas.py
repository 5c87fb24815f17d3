"""Spreadsheet imports refuse sheets too large to load, quickly and in little memory, and name
formulas instead of reading them as empty cells."""

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from wenming.inspections import services
from wenming.inspections.models import Site
from wenming.sheets import SheetRejected

pytestmark = pytest.mark.django_db

HEADER = ["点位名称", "点位类型", "所在区划", "责任单位", "地址", "纬度", "经度"]
ROW = ["光明农贸市场", "农贸市场", "340403001001", "光明社区", "光明路 8 号", 32.6401, 117.0102]


def _book(rows, *, merge=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "点位"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _with_sheet_xml(data: bytes, edit) -> bytes:
    """Rewrite the first sheet's XML (openpyxl itself would expand a huge merge while writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = edit(content.decode()).encode()
            dst.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _import_measured(coordinator, data):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(SheetRejected) as rejected:
            services.import_sites(actor=coordinator, data=data, filename="bomb.xlsx")
    finally:
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"refused in {elapsed:.3f} s, peak traced allocations {peak / 1e6:.1f} MB")
    return rejected.value, peak


def test_a_merged_range_over_the_whole_sheet_is_refused_small(coordinator, units):
    small = _book([ROW], merge="A2:B3")
    bomb = _with_sheet_xml(small, lambda xml: xml.replace('ref="A2:B3"', 'ref="A2:XFD1048576"'))
    assert len(bomb) < 10_000
    error, peak = _import_measured(coordinator, bomb)
    assert peak < 200 * 1024 * 1024
    assert "合并区域 A2:XFD1048576" in str(error) and "20000 行 × 200 列" in str(error)
    assert not Site.objects.exists()


def test_a_cell_far_outside_the_limits_is_refused_with_its_row(coordinator, units):
    far = _with_sheet_xml(
        _book([ROW]),
        lambda xml: xml.replace(
            "</sheetData>", '<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row></sheetData>'
        ),
    )
    error, peak = _import_measured(coordinator, far)
    assert peak < 200 * 1024 * 1024
    assert "第 1048576 行" in str(error)


def test_limits_are_configurable(coordinator, units, settings):
    settings.SHEET_MAX_COLUMNS = 5
    with pytest.raises(SheetRejected) as rejected:
        services.import_sites(actor=coordinator, data=_book([ROW]), filename="wide.xlsx")
    assert "F 列" in str(rejected.value)


def test_a_formula_is_named_by_row_and_column_not_read_as_empty(coordinator, units):
    rows = [ROW, ["向阳巷", "背街小巷", "340403001002", "=B2", "", 32.64, "=1+116"]]
    with pytest.raises(SheetRejected) as rejected:
        services.import_sites(actor=coordinator, data=_book(rows), filename="f.xlsx")
    messages = [str(e) for e in rejected.value.errors]
    assert messages == [
        "工作表“点位”，第 3 行，D 列：单元格是公式，请粘贴为数值后再导入。",
        "工作表“点位”，第 3 行，G 列：单元格是公式，请粘贴为数值后再导入。",
    ]
    assert not Site.objects.exists()


def test_text_that_starts_with_an_equals_sign_is_not_a_formula(coordinator, units):
    wb_bytes = _with_sheet_xml(
        _book([ROW]),
        lambda xml: re.sub(
            r'<c r="E2" t="inlineStr"><is><t>[^<]*</t></is></c>',
            '<c r="E2" t="inlineStr"><is><t>=光明路</t></is></c>',
            xml,
        ),
    )
    summary = services.import_sites(actor=coordinator, data=wb_bytes, filename="ok.xlsx")
    assert summary.created == 1
    assert Site.objects.get().address == "=光明路"
