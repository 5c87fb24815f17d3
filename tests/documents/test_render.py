"""A bulletin-like 公文 renders to a DOCX Word/LibreOffice can reopen and to a PDF a viewer shows
with every Chinese character, in GB/T 9704 layout."""

import io
import logging
import time

import docx
import pytest
from docx.oxml.ns import qn

from tests.documents import pdfcheck
from tests.documents.factories import bulletin, supervision_notice
from wenming.documents.blocks import Chart, Heading, OfficialDocument, Paragraph, Table
from wenming.documents.render import chinese_date, chinese_numeral, render_docx, render_pdf

# One xdist worker takes the whole module (scripts/run-tests.sh: --dist loadgroup), so the
# module-scoped renders below run once, not once per worker.
pytestmark = pytest.mark.xdist_group("documents-render")

# What a reader must find in both formats.
EXPECTED = [
    "淮南市创建全国文明城市工作指挥部办公室",
    "淮创城办〔2026〕47号",
    "关于2026年第47周全国文明城市创建",
    "工作情况的通报",
    "各县区创建办、市直各有关单位：",
    "一、总体情况（第1部分）",
    "（一）各县区整改情况",
    "全市共建成老年食堂551家，其中城市280家，农村271家。",
    "一是田家庵区、大通区整改及时，问题“清零”；谢家集区、八公山区仍有逾期问题。",
    "表1各县区问题整改情况",
    "按期整改率（%）",
    "毛集实验区",
    "95.80",
    "1.背街小巷环境卫生",
    "图1谢家集区育才路垃圾堆积（11月20日暗访）",
    "育才路垃圾堆积，未及时清运",
    "二、下一步工作要求",
    "附件：1．各县区问题清单",
    "2．挂牌督办问题照片",
    "2026年11月23日",
    "扫码查看详情",
    "抄送：市委办公室，市政府办公室。",
    "2026年11月23日印发",
]


@pytest.fixture(scope="module")
def document():
    return bulletin()


@pytest.fixture(scope="module")
def docx_bytes(document):
    return render_docx(document)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def pdf_render(document):
    """The PDF and the warnings WeasyPrint logged while rendering it (missing glyphs among them)."""
    collect = _Collect()
    logging.getLogger().addHandler(collect)
    try:
        return render_pdf(document), collect.messages
    finally:
        logging.getLogger().removeHandler(collect)


@pytest.fixture(scope="module")
def pdf_bytes(pdf_render):
    return pdf_render[0]


def _squash(text: str) -> str:
    return "".join(text.split())


def _docx_text(data: bytes) -> str:
    opened = docx.Document(io.BytesIO(data))
    parts = [p.text for p in opened.paragraphs]
    for table in opened.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return _squash("".join(parts))


def test_docx_reopens_with_all_the_text(docx_bytes):
    text = _docx_text(docx_bytes)
    missing = [s for s in EXPECTED if _squash(s) not in text]
    assert not missing


def test_docx_page_is_a4_with_the_official_margins(docx_bytes):
    section = docx.Document(io.BytesIO(docx_bytes)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [37, 35, 28, 26]


def test_docx_names_the_office_fonts_on_every_run_and_sizes_title_and_body(docx_bytes):
    """Word and WPS in an office set the document in 方正小标宋简体, 黑体, 楷体_GB2312 and
    仿宋_GB2312; the font table names the free font each falls back to where they are missing."""
    opened = docx.Document(io.BytesIO(docx_bytes))
    east_asian = {}
    for paragraph in opened.paragraphs:
        for run in paragraph.runs:
            if not run.text:
                continue  # a picture's run
            r_fonts = run._r.rPr.find(qn("w:rFonts"))
            east_asian.setdefault(r_fonts.get(qn("w:eastAsia")), run.text)
            assert r_fonts.get(qn("w:asciiTheme")) is None
    assert set(east_asian) == {"方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"}
    title = next(p for p in opened.paragraphs if p.text.startswith("关于2026年"))
    assert title.runs[0].font.size.pt == 22 and title.alignment == 1  # centred
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert not title.runs[0].font.bold  # 小标宋 is heavy itself: no smeared faux bold
    body = next(p for p in opened.paragraphs if "老年食堂551家" in p.text)
    assert body.runs[0].font.size.pt == 16
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in opened.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    normal = opened.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert opened.styles["Normal"].paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.1)
    font_table = opened.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"/>' in font_table
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="AR PL UKai CN"/>' in font_table


def test_docx_carries_the_charts_photos_and_qr_code(docx_bytes):
    opened = docx.Document(io.BytesIO(docx_bytes))
    # two charts, a photo, a photo in a table cell, the QR code
    assert len(opened.inline_shapes) == 5


def test_docx_signature_is_right_aligned_and_the_date_is_chinese(docx_bytes):
    opened = docx.Document(io.BytesIO(docx_bytes))
    date = next(p for p in opened.paragraphs if p.text == "2026年11月23日")
    assert date.alignment == 2  # right


def test_pdf_contains_all_the_chinese_text(pdf_bytes):
    text = pdfcheck.text(pdf_bytes)
    missing = [s for s in EXPECTED if _squash(s) not in text]
    assert not missing
    assert "\ufffd" not in text


def test_pdf_embeds_every_font(pdf_bytes):
    fonts = pdfcheck.fonts(pdf_bytes)
    assert {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC", "AR-PL-UKai-CN"} <= {
        name.split("+", 1)[-1] for name in fonts
    }
    assert all(fonts.values()), fonts


def _missing_glyph_warnings(caplog, doc) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        render_pdf(doc)
    return [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()]


def test_pdf_draws_no_missing_glyph(pdf_render):
    assert [message for message in pdf_render[1] if "glyph" in message] == []


def test_missing_glyph_check_notices_a_character_no_font_has(caplog):
    """The check above is not blind: a character outside every installed font is reported."""
    doc = OfficialDocument(
        title="缺字测试", blocks=[Paragraph("\U0010fffd")], issuer="市文明办", date=bulletin().date
    )
    assert _missing_glyph_warnings(caplog, doc)


def test_pdf_is_a4_with_page_numbers_and_images(pdf_bytes):
    pages = pdfcheck.reader(pdf_bytes).pages
    for page in pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert "—1—" in _squash(pages[0].extract_text())
    assert pdfcheck.image_count(pdf_bytes) == 5


def test_headings_number_themselves_and_restart_under_a_new_parent():
    doc = OfficialDocument(
        title="编号",
        issuer="市文明办",
        date=bulletin().date,
        blocks=[
            Heading("甲"),
            Heading("子", level=2),
            Heading("丑", level=2),
            Heading("一级", level=3),
            Heading("乙"),
            Heading("寅", level=2),
            Heading("已编号", numbered=False),
        ],
    )
    text = _docx_text(render_docx(doc))
    for part in ["一、甲", "（一）子", "（二）丑", "1.一级", "二、乙", "（一）寅", "已编号"]:
        assert part in text


def test_chinese_forms():
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 23, 99)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十三",
        "九十九",
    ]
    assert chinese_date(bulletin().date.replace(month=3, day=5)) == "2026年3月5日"


def test_blocks_refuse_shapes_that_cannot_be_laid_out():
    with pytest.raises(ValueError):
        Table(columns=["甲", "乙"], rows=[["只有一格"]])
    with pytest.raises(ValueError):
        Chart(kind="bar", title="图", categories=["甲", "乙"], series={"数": [1]})
    with pytest.raises(ValueError):
        Heading("四级", level=4)


def test_render_time_of_a_ten_page_bulletin(capsys):
    doc = bulletin(sections=3)
    started = time.perf_counter()
    docx_bytes = render_docx(doc)
    middle = time.perf_counter()
    pdf_bytes = render_pdf(doc)
    finished = time.perf_counter()
    pages = len(pdfcheck.reader(pdf_bytes).pages)
    with capsys.disabled():
        print(
            f"\n[documents] {pages}-page bulletin: DOCX {middle - started:.2f} s ({len(docx_bytes) // 1024} KB), "
            f"PDF {finished - middle:.2f} s ({len(pdf_bytes) // 1024} KB)"
        )
    assert pages >= 10


def test_a_form_without_header_row_and_line_breaks_render_in_both_formats():
    doc = supervision_notice()
    docx_text, pdf_text = _docx_text(render_docx(doc)), pdfcheck.text(render_pdf(doc))
    for part in [
        "督办单",
        "淮南市谢家集区人民政府：",
        "督办事项",
        "育才路垃圾堆积问题逾期未整改",
        "督办时限",
        "请于督办时限前整改到位，",
        "并将整改情况书面报送市创城办。",
    ]:
        assert part in docx_text and part in pdf_text
    table = docx.Document(io.BytesIO(render_docx(doc))).tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "督办事项",
        "育才路垃圾堆积问题逾期未整改",
    ]


def test_lazy_translations_and_line_breaks_in_cells_render():
    from django.utils.translation import gettext_lazy

    doc = OfficialDocument(
        title=gettext_lazy("关于限期整改的通知"),
        issuer=gettext_lazy("市文明办"),
        date=bulletin().date,
        recipients=[gettext_lazy("光明社区")],
        qr_caption=gettext_lazy("扫码查看"),
        blocks=[
            Heading(gettext_lazy("问题清单")),
            Table(
                columns=[gettext_lazy("序号"), gettext_lazy("问题")],
                rows=[[1, "占道经营（一般）\n光明路菜场门口"]],
                caption=gettext_lazy("表1"),
            ),
        ],
    )
    docx_text, pdf_text = _docx_text(render_docx(doc)), pdfcheck.text(render_pdf(doc))
    for part in [
        "关于限期整改的通知",
        "光明社区：",
        "一、问题清单",
        "序号",
        "占道经营（一般）光明路菜场门口",
    ]:
        assert part in docx_text and part in pdf_text


def test_every_chart_kind_draws_chinese_without_missing_glyphs(caplog):
    from PIL import Image as PILImage

    from wenming.documents.charts import chart_png

    communities = [f"第{i}社区居委会" for i in range(1, 67)]
    charts = {
        "pie": Chart(
            kind="pie",
            title="问题类别分布",
            categories=["占道经营", "乱堆乱放", "其他"],
            series={"件数": [52, 40, 2]},
        ),
        "ranking": Chart(
            kind="bar",
            title="66个社区得分排名",
            categories=communities,
            series={"得分": [99 - i * 0.7 for i in range(66)]},
        ),
        "days": Chart(
            kind="line",
            title="本月每日发现问题",
            categories=[f"11月{d}日" for d in range(1, 31)],
            series={"发现": [d % 7 for d in range(30)], "整改": [d % 5 for d in range(30)]},
        ),
    }
    with caplog.at_level(logging.WARNING):
        sizes = {
            name: PILImage.open(io.BytesIO(chart_png(chart))).size for name, chart in charts.items()
        }
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    width, height = sizes["ranking"]
    assert height > width  # 66 names do not fit under vertical bars: the ranking turns horizontal


def test_a_photo_that_no_longer_decodes_prints_a_placeholder_instead_of_failing():
    from wenming.documents.render import BROKEN_IMAGE, Image

    doc = OfficialDocument(
        title="照片损坏",
        issuer="市文明办",
        date=bulletin().date,
        blocks=[
            Image(data=b"not a jpeg"),
            Table(columns=["照片"], rows=[[Image(data=b"\xff\xd8broken")]]),
        ],
    )
    assert BROKEN_IMAGE in _docx_text(render_docx(doc))
    assert BROKEN_IMAGE in pdfcheck.text(render_pdf(doc))


def test_a_long_ranking_table_keeps_every_row_in_order():
    rows = [[i, f"第{i}社区居委会", i * 3, f"{90 - i / 100:.2f}"] for i in range(1, 301)]
    doc = OfficialDocument(
        title="排名",
        issuer="市文明办",
        date=bulletin().date,
        blocks=[Table(columns=["排名", "单位", "问题", "得分"], rows=rows)],
    )
    table = docx.Document(io.BytesIO(render_docx(doc))).tables[0]
    assert [cell.text for cell in table.rows[300].cells] == [
        "300",
        "第300社区居委会",
        "900",
        "87.00",
    ]
    assert len(table.rows) == 301
