"""版记 of a GB/T 9704 DOCX (python-docx): 抄送 and 印发机关/印发日期 at the foot of the last page.

GB/T 9704 §7.4 and §10 put the 版记 last on the last page, its closing rule on the bottom edge of
the text block, however short the text above it. The lines are a one-column table that floats
(w:tblpPr) with its bottom on the bottom margin, anchored to a paragraph as small as a paragraph
gets after it: Word and WPS place it there, and so does LibreOffice, which turns such a table
into a frame — but LibreOffice 7.x only when text could stand beside it, so the table is placed
from the page's left edge (horzAnchor="page") rather than the margin, which lets a table as wide
as the text block pass that test. The rules are the table's borders: thick above and below,
thin between (分隔线与版心等宽).
"""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from wenming.documents import fonts
from wenming.documents.docx_text import set_indent, styled_paragraph, styled_run
from wenming.documents.render import LINE_PT, MARGIN_LEFT_MM, SMALL_PT, TEXT_WIDTH_MM


def twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def add_colophon(document, copy_to_line: str, printed_by: str, date_text: str) -> None:
    """版记 at the foot of the page the document ends on: never alone on a page, because the
    落款 (and with it the last lines of text, see docx_layout._signature) keeps with it."""
    lines = [line for line in (copy_to_line, printed_by) if line]
    if not lines:
        return
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = document.add_table(rows=len(lines), cols=1)
    table.autofit = False
    _float_at_page_foot(table)
    for row, line in zip(table.rows, lines):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cell = row.cells[0]
        cell.width = Mm(TEXT_WIDTH_MM)
        paragraph = cell.paragraphs[0]
        paragraph_format = paragraph.paragraph_format
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph_format.line_spacing = Pt(LINE_PT)
        paragraph_format.keep_with_next = True
        # 左空一字 and 右空一字: the cell is as wide as the rules, the text set in by indents.
        set_indent(paragraph, SMALL_PT, left=1, right=1)
        if line is printed_by:
            # 印发机关 left, 印发日期 right, on one line: a right tab stop at the right indent.
            paragraph_format.tab_stops.add_tab_stop(
                Mm(TEXT_WIDTH_MM) - Pt(SMALL_PT), alignment=WD_TAB_ALIGNMENT.RIGHT
            )
            line = f"{printed_by}\t{date_text}印发"
        styled_run(paragraph, line, fonts.BODY, SMALL_PT)
    # The paragraph the table is anchored to (a document ends with a paragraph): 1 pt high, so
    # it never needs a page of its own.
    styled_paragraph(document, "", fonts.BODY, 1, align="left", line_pt=1)


def _float_at_page_foot(table) -> None:
    tbl_pr = table._tbl.tblPr
    placement = _element(
        "w:tblpPr",
        leftFromText="0",
        rightFromText="0",
        # A line of space between the 落款 and the top rule when they share a page.
        topFromText=str(round(LINE_PT * 20)),
        bottomFromText="0",
        vertAnchor="margin",
        tblpYSpec="bottom",
        horzAnchor="page",
        tblpX=twips(MARGIN_LEFT_MM),
    )
    tbl_pr.insert_element_before(placement, "w:tblOverlap", "w:tblW", "w:tblLook")
    tbl_pr.insert_element_before(_element("w:tblOverlap", val="never"), "w:tblW", "w:tblLook")
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), twips(TEXT_WIDTH_MM))
    borders = OxmlElement("w:tblBorders")
    # In eighths of a point: 0.35 mm above and below, 0.25 mm between (GB/T 9704 §10).
    for edge, eighths in (("top", 8), ("left", 0), ("bottom", 8), ("right", 0), ("insideH", 6)):
        attributes = {"val": "single", "sz": str(eighths), "space": "0", "color": "000000"}
        borders.append(_element(f"w:{edge}", **(attributes if eighths else {"val": "nil"})))
    borders.append(_element("w:insideV", val="nil"))
    tbl_pr.insert_element_before(borders, "w:tblLayout", "w:tblCellMar", "w:tblLook")
    tbl_pr.insert_element_before(_element("w:tblLayout", type="fixed"), "w:tblCellMar", "w:tblLook")
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        margins.append(_element(f"w:{edge}", w="0", type="dxa"))
    tbl_pr.insert_element_before(margins, "w:tblLook")


def _element(tag: str, **attributes: str):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element
