"""The 版记 never stands alone on a page (GB/T 9704 §7.4.2: it closes the last page of text):
when it does not fit under the 落款, the last lines of text and the 落款 move over with it."""

import datetime
import io
import re

import docx
import pytest

from tests.documents import pdfcheck
from wenming.documents.blocks import OfficialDocument, Paragraph
from wenming.documents.render import render_docx, render_pdf

pytestmark = pytest.mark.xdist_group("documents-render")

PRINTED_BY = "淮南市创建全国文明城市工作指挥部办公室"


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


def page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in pdfcheck.reader(pdf).pages]


def test_pdf_colophon_keeps_body_text_on_its_page():
    # Sweep the body from well short of a full page to well past it, one line at a time, so
    # that some length leaves room for the 落款 but not for the 版记 under it.
    spilled = []
    for lines in range(8, 24):
        pages = page_texts(render_pdf(filled(lines)))
        last = pages[-1]
        assert "抄送：市委办公室。" in last and "2026年11月23日印发" in last, lines
        assert f"第{lines}段正文" in last, (lines, last)
        assert PRINTED_BY in last.split("抄送：")[0], (lines, last)  # the 落款 above it
        if len(pages) > len(page_texts(render_pdf(filled(lines, colophon=False)))):
            spilled.append(lines)
    # The sweep did cover the case: the 版记 did not fit on the page with the 落款.
    assert spilled


def test_docx_colophon_keeps_with_last_text():
    paragraphs = docx.Document(io.BytesIO(render_docx(filled(12)))).paragraphs
    last_text = next(i for i, p in enumerate(paragraphs) if p.text.startswith("第12段"))
    colophon = next(i for i, p in enumerate(paragraphs) if p.text.startswith("抄送"))
    chain = paragraphs[last_text : colophon + 1]
    assert all(p.paragraph_format.keep_with_next for p in chain), [
        (p.text, p.paragraph_format.keep_with_next) for p in chain
    ]
