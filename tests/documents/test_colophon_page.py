"""The 版记 closes the last page (GB/T 9704 §7.4, §10): its last line sits on the text block's
bottom edge however short the text above it, and it never stands alone on a page — when it does
not fit under the 落款, the last lines of text and the 落款 move over with it. The PDF is read
back as a viewer places its words; the DOCX as LibreOffice prints it."""

import datetime
import io
import re
import shutil

import docx
import pytest
from docx.oxml.ns import qn

from tests.documents import pdfcheck
from wenming.documents.blocks import OfficialDocument, Paragraph
from wenming.documents.render import (
    LINE_PT,
    MARGIN_BOTTOM_MM,
    PAGE_HEIGHT_MM,
    render_docx,
    render_pdf,
)

# The DOCX tests share one LibreOffice run (office_printed, once per module): under --dist
# loadgroup they go to one worker together; the PDF tests are handed out like any other.
office_group = pytest.mark.xdist_group("colophon-office")

PRINTED_BY = "淮南市创建全国文明城市工作指挥部办公室"
TEXT_BOTTOM_PT = (PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM) / 25.4 * 72
SHORT, LONG = 3, 40  # one page with room to spare; two full pages and part of a third
SWEEP = range(8, 24)  # from well short of a full page to well past it, one line at a time


def filled(lines: int, *, colophon: bool = True) -> OfficialDocument:
    """A 公文 whose body is ``lines`` one-line paragraphs."""
    return OfficialDocument(
        title="关于版记位置的通知",
        blocks=[Paragraph(f"第{i}段正文，用于填满页面。") for i in range(1, lines + 1)],
        issuer=PRINTED_BY,
        date=datetime.date(2026, 11, 23),
        copy_to=["市委办公室"] if colophon else "",
        printed_by=PRINTED_BY if colophon else "",
    )


def colophon_at_foot(pages: list[list[pdfcheck.Word]], lines: int) -> float:
    """Check that the last page ends with the 落款 and then the 版记 on its bottom edge, after
    the last line of text; returns the room between the 落款 and the 版记, in points."""
    *earlier, last = pages
    assert not [w for page in earlier for w in page if w.text.startswith("抄送")]
    copy_to = next(w for w in last if w.text.startswith("抄送：市委办公室"))
    printed = [w for w in last if w.text.endswith("印发")][-1]
    # The 版记's last line ends on the text block's bottom edge (its rule is drawn on it).
    assert TEXT_BOTTOM_PT - LINE_PT / 2 < printed.bottom <= TEXT_BOTTOM_PT + 1, printed
    assert copy_to.bottom <= printed.top
    signature = [w for w in last if w.text == PRINTED_BY and w.bottom < copy_to.top]
    assert signature, "the 落款 is on the 版记's page, above it"
    assert f"第{lines}段" in "".join(w.text for w in last), "the last text is on it too"
    return copy_to.top - signature[-1].bottom


@pytest.mark.parametrize("lines", [SHORT, LONG])
def test_pdf_colophon_ends_on_the_bottom_edge_of_the_last_page(lines):
    room = colophon_at_foot(pdfcheck.page_words(render_pdf(filled(lines))), lines)
    if lines == SHORT:  # it does not follow the text: the page's spare room is above it
        assert room > 8 * LINE_PT


def page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in pdfcheck.reader(pdf).pages]


@pytest.mark.heavy
def test_pdf_colophon_keeps_body_text_on_its_page():
    spilled = []
    for lines in SWEEP:
        pdf = render_pdf(filled(lines))
        colophon_at_foot(pdfcheck.page_words(pdf), lines)
        last = page_texts(pdf)[-1]
        assert "抄送：市委办公室。" in last and "2026年11月23日印发" in last, lines
        # One case of the 版记 taking a page of its own is enough; the rest need not be rendered
        # without it again.
        if not spilled and len(pdfcheck.reader(pdf).pages) > len(
            pdfcheck.reader(render_pdf(filled(lines, colophon=False))).pages
        ):
            spilled.append(lines)
    # The sweep did cover the case: the 版记 did not fit on the page with the 落款.
    assert spilled


@pytest.fixture(scope="module")
def office_printed(tmp_path_factory):
    """The short, the long and the swept documents' DOCX as LibreOffice prints them."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed (scripts/system-deps.sh installs it)")
    documents = {f"lines-{n}": render_docx(filled(n)) for n in (SHORT, LONG, *SWEEP)}
    return pdfcheck.office_pdfs(documents, tmp_path_factory.mktemp("office"))


@office_group
@pytest.mark.parametrize("lines", [SHORT, LONG])
def test_docx_colophon_ends_on_the_bottom_edge_of_the_last_page(office_printed, lines):
    room = colophon_at_foot(pdfcheck.page_words(office_printed[f"lines-{lines}"]), lines)
    if lines == SHORT:
        assert room > 8 * LINE_PT


@office_group
def test_docx_colophon_never_stands_alone(office_printed):
    pages = []
    for lines in SWEEP:
        printed = pdfcheck.page_words(office_printed[f"lines-{lines}"])
        colophon_at_foot(printed, lines)
        pages.append(len(printed))
    assert len(set(pages)) > 1  # the sweep crossed a page


def test_docx_colophon_floats_at_the_foot_and_keeps_with_the_last_text():
    """What Word and WPS read: the 版记 is a table floating on the bottom margin, the same width
    as the text block, and the last text, the 落款 and the 版记 keep together."""
    opened = docx.Document(io.BytesIO(render_docx(filled(12))))
    table = opened.tables[-1]
    placement = table._tbl.tblPr.find(qn("w:tblpPr"))
    assert placement.get(qn("w:vertAnchor")) == "margin"
    assert placement.get(qn("w:tblpYSpec")) == "bottom"
    assert [c.text for row in table.rows for c in row.cells] == [
        "抄送：市委办公室。",
        f"{PRINTED_BY}\t2026年11月23日印发",
    ]
    assert round(table.columns[0].width.mm) == 156
    paragraphs = opened.paragraphs
    last_text = next(i for i, p in enumerate(paragraphs) if p.text.startswith("第12段"))
    chain = paragraphs[last_text:-1] + [c.paragraphs[0] for row in table.rows for c in row.cells]
    assert all(p.paragraph_format.keep_with_next for p in chain), [
        (p.text, p.paragraph_format.keep_with_next) for p in chain
    ]
    assert paragraphs[-1].text == ""  # the 1 pt paragraph the table is anchored to
