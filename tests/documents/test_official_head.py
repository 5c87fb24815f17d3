"""The 红头 and 刊头 of a 公文 as GB/T 9704 places them, read back from the DOCX XML and the PDF."""

import datetime
import io

import docx
from docx.oxml.ns import qn

from tests.documents import pdfcheck
from tests.documents.factories import supervision_notice
from wenming.documents.blocks import Journal, OfficialDocument, Paragraph, Table
from wenming.documents.render import TABLE_PT, _prepare_table, render_docx, render_pdf, text_width

OFFICE = "淮南市创建全国文明城市工作指挥部办公室"


def _paragraphs(data: bytes):
    return docx.Document(io.BytesIO(data)).paragraphs


def _colour(paragraph) -> str | None:
    colour = paragraph.runs[0]._r.rPr.find(qn("w:color"))
    return None if colour is None else colour.get(qn("w:val"))


def test_red_head_names_the_office_in_red_and_centres_the_number_above_a_red_rule():
    doc = supervision_notice()
    doc.masthead = OFFICE
    paragraphs = [p for p in _paragraphs(render_docx(doc)) if p.text or p._p.pPr is not None]
    head = next(p for p in paragraphs if p.text == OFFICE)
    assert _colour(head) == "E60012"
    assert head.alignment == 1  # centred
    assert head.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    # GB/T 9704 §7.2.3: the 发文机关标志's top edge 35 mm below the text block's top.
    assert round(head.paragraph_format.space_before.mm) == 35
    number = next(p for p in paragraphs if p.text == "淮创城督〔2026〕3号")
    assert number.alignment == 1
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "E60012"
    order = [p.text for p in paragraphs if p.text]
    assert order.index(OFFICE) < order.index("淮创城督〔2026〕3号") < order.index("督办单")


def _bulletin(issue: str) -> OfficialDocument:
    return OfficialDocument(
        title="关于2026年第47周创建全国文明城市工作情况的周通报",
        blocks=[Paragraph("本周全市新发现各类问题12个。")],
        issuer=OFFICE,
        date=datetime.date(2026, 11, 23),
        doc_number="淮创城通〔2026〕5号",
        journal=Journal(name="创建全国文明城市工作通报", issue=issue, editor=OFFICE),
    )


def test_a_bulletin_carries_its_series_masthead_with_the_issue_and_the_editor_and_date():
    paragraphs = _paragraphs(render_docx(_bulletin("第5期")))
    texts = [p.text for p in paragraphs if p.text]
    assert texts[:3] == ["创建全国文明城市工作通报", "第5期", f"{OFFICE}\t2026年11月23日"]
    assert _colour(paragraphs[0]) == "E60012"
    line = next(p for p in paragraphs if p.text.startswith(OFFICE))
    rule = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "E60012"


def test_a_bulletin_pdf_prints_the_masthead_text():
    text = pdfcheck.text(render_pdf(_bulletin("第5期"))).replace(" ", "").replace("\n", "")
    assert "创建全国文明城市工作通报第5期" in text
    assert f"{OFFICE}2026年11月23日" in text


def test_a_header_never_wraps_in_a_narrow_column():
    """序号 in a column given a fifteenth of the width wrapped to 序/号; it gets what it needs."""
    table = Table(
        columns=["序号", "问题", "地点", "整改期限", "照片"],
        rows=[[1, "占道经营", "光明路", "2026年12月4日", ""]],
        widths=[1, 5, 3, 2.6, 3.4],
    )
    prepared = _prepare_table(table)
    char_mm = TABLE_PT / 72 * 25.4
    for name, width in zip(prepared.columns, prepared.widths_mm):
        assert width >= text_width(name) * char_mm + 3.8, name  # DOCX cell margins: 2 × 1.9 mm
    assert abs(sum(prepared.widths_mm) - 156) < 0.01
