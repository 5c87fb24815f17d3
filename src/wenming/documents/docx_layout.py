"""DOCX in GB/T 9704 layout with python-docx (called through ``render.render_docx``).

Every run names its fonts explicitly (w:ascii/w:hAnsi for Latin, w:eastAsia for CJK, never the
theme fonts of the template, which would pick Japanese faces). The CJK names are the fonts
Chinese offices have (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312), so Word and WPS set the
document as the office expects; the font table gives each the free font as w:altName, which
a machine without them (LibreOffice here) falls back to.
"""

from __future__ import annotations

import copy
import io

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from wenming.documents import fonts
from wenming.documents.blocks import PageBreak, Paragraph
from wenming.documents.render import (
    BODY_PT,
    LINE_PT,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    MASTHEAD_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    RULE_GAP_MM,
    SMALL_PT,
    TABLE_PT,
    TEXT_WIDTH_MM,
    TITLE_PT,
    NumberedHeading,
    Picture,
    Prepared,
    PreparedTable,
    masthead_pt,
    text_width,
)
from wenming.documents.render import RED as RED_HEX

RED = RGBColor.from_string(RED_HEX)
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
ALIGN_XML = {"justify": "both", "left": "left", "center": "center", "right": "right"}
HEADING_FACE = {1: fonts.HEI, 2: fonts.KAI, 3: fonts.BODY}


def write_docx(prepared: Prepared) -> bytes:
    doc = prepared.source
    document = Document()
    _set_up(document, doc)

    if doc.journal:
        _journal(document, doc.journal, prepared.date_text)
    elif doc.masthead:
        _masthead(document, doc.masthead, doc.doc_number)
    elif doc.doc_number:
        _paragraph(document, doc.doc_number, fonts.BODY, BODY_PT, align="right")
    for line in prepared.title_lines:
        _paragraph(document, line, fonts.TITLE, TITLE_PT, align="center", line_pt=TITLE_PT * 1.6)
    _blank(document)
    if doc.recipients_line:
        _paragraph(document, doc.recipients_line, fonts.BODY, BODY_PT, align="justify")

    for block in prepared.blocks:
        if isinstance(block, NumberedHeading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            paragraph = _paragraph(
                document,
                block.text,
                fonts.BODY,
                BODY_PT,
                align=block.align,
                first_line_chars=2 if block.indent else 0,
                lead=block.lead,
            )
            paragraph.paragraph_format.widow_control = True
        elif isinstance(block, PreparedTable):
            _table(document, block)
        elif isinstance(block, Picture):
            _figure(document, block)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    if prepared.attachments:
        _blank(document)
        for number, line in enumerate(prepared.attachments):
            # Later lines align under the first attachment's name: 2 characters + "附件：".
            _paragraph(
                document,
                line,
                fonts.BODY,
                BODY_PT,
                align="left",
                left_chars=2 if number == 0 else 5,
            )
    _signature(document, prepared)
    if prepared.qr:
        _qr(document, prepared.qr, doc.qr_caption)
    _colophon(document, doc.copy_to_line, doc.printed_by, prepared.date_text)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- document set-up ---------------------------------------------------------------------------


def _set_up(document, doc) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.start_type = WD_SECTION_START.NEW_PAGE
    # The page number's rule sits 7 mm under the text block: its 4号 line ends ~23 mm up.
    section.footer_distance = Mm(23)
    section.header_distance = Mm(15)

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts_on(r_pr, fonts.BODY)
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = p_pr.find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:before"), "0")

    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _fonts_on(normal.element.get_or_add_rPr(), fonts.BODY)
    normal_format = normal.paragraph_format
    normal_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal_format.line_spacing = Pt(LINE_PT)
    normal_format.space_before = normal_format.space_after = Pt(0)
    # No automatic gap between CJK and Latin/digits ("2026年", not "2026 年"): 公文 are set solid.
    normal_p_pr = normal.element.get_or_add_pPr()
    normal_spacing = normal_p_pr.find(qn("w:spacing"))
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = OxmlElement(name)
        element.set(qn("w:val"), "0")
        normal_spacing.addprevious(element)

    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, align="right")
    _page_number(section.even_page_footer, align="left")
    _declare_fonts(document)

    properties = document.core_properties
    properties.title = doc.title.replace("\n", "")
    properties.author = doc.issuer
    properties.comments = doc.doc_number or ""
    properties.language = "zh-CN"
    # The template's thumbnail shows someone else's page: drop it.
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def _fonts_on(r_pr, face: fonts.Typeface) -> None:
    """Name the fonts on a w:rPr explicitly; theme attributes would win over names, so drop them."""
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    r_fonts.attrib.clear()
    latin = face.latin_traditional
    r_fonts.set(qn("w:ascii"), latin)
    r_fonts.set(qn("w:hAnsi"), latin)
    r_fonts.set(qn("w:cs"), latin)
    r_fonts.set(qn("w:eastAsia"), face.traditional)


def _declare_fonts(document) -> None:
    """Add the office fonts to word/fontTable.xml with the free font as w:altName."""
    part = next(
        p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    )
    root = etree.fromstring(part.blob)
    declared = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
    for face in fonts.ALL:
        if face.traditional in declared:
            continue
        declared.add(face.traditional)
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), face.traditional)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), face.family)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "swiss" if face.generic == "sans-serif" else "roman")
        pitch = etree.SubElement(font, qn("w:pitch"))
        pitch.set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(footer, *, align: str) -> None:
    """ "— 7 —" in 4号, one character in from the outer edge (odd pages right, even pages left)."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.LEFT
    paragraph_format = paragraph.paragraph_format
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == "right":
        paragraph_format.right_indent = Pt(SMALL_PT)
    else:
        paragraph_format.left_indent = Pt(SMALL_PT)
    _run(paragraph, "— ", fonts.BODY, SMALL_PT)
    _field(paragraph, "PAGE", "1")
    _run(paragraph, " —", fonts.BODY, SMALL_PT)


def _field(paragraph, instruction: str, placeholder: str) -> None:
    def fld_char(kind):
        run = _run(paragraph, "", fonts.BODY, SMALL_PT)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    fld_char("begin")
    run = _run(paragraph, "", fonts.BODY, SMALL_PT)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld_char("separate")
    _run(paragraph, placeholder, fonts.BODY, SMALL_PT)
    fld_char("end")


# --- paragraphs and runs -----------------------------------------------------------------------


def _run(
    paragraph, text: str, face: fonts.Typeface, size: float, *, bold: bool | None = None, color=None
):
    run = paragraph.add_run(text)
    r_pr = run._r.get_or_add_rPr()
    _fonts_on(r_pr, face)
    # Quotes, dashes and ellipses are shared by Latin and CJK: ask for the full-width East Asian
    # glyphs (“中文” rather than Times quotes, the 一字线 of "— 1 —").
    r_pr.find(qn("w:rFonts")).set(qn("w:hint"), "eastAsia")
    run.font.size = Pt(size)
    # 小标宋 is a heavy face of its own: bold would smear it in Word (only the PDF, set in the
    # free Song, uses bold in its place).
    run.font.bold = bool(bold)
    if color is not None:
        run.font.color.rgb = color
    return run


def _paragraph(
    document_or_cell,
    text: str,
    face: fonts.Typeface,
    size: float,
    *,
    align: str = "justify",
    first_line_chars: float = 0,
    left_chars: float = 0,
    right_chars: float = 0,
    line_pt: float | None = None,
    bold: bool | None = None,
    color=None,
    lead: str = "",
):
    paragraph = document_or_cell.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph_format = paragraph.paragraph_format
    if line_pt is not None:
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph_format.line_spacing = Pt(line_pt)
    _indent(paragraph, size, first=first_line_chars, left=left_chars, right=right_chars)
    if lead:
        _run(paragraph, lead, face, size, bold=True, color=color)
    if text:
        _run(paragraph, text, face, size, bold=bold, color=color)
    return paragraph


def _indent(paragraph, size: float, *, first: float = 0, left: float = 0, right: float = 0) -> None:
    """Indents in characters: twips for every reader plus w:*Chars so Word keeps them in characters."""
    if not (first or left or right):
        return
    paragraph_format = paragraph.paragraph_format
    if first:
        paragraph_format.first_line_indent = Pt(size * first)
    if left:
        paragraph_format.left_indent = Pt(size * left)
    if right:
        paragraph_format.right_indent = Pt(size * right)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    for name, chars in (("firstLineChars", first), ("leftChars", left), ("rightChars", right)):
        if chars:
            ind.set(qn(f"w:{name}"), str(int(round(chars * 100))))


def _blank(document, size: float = BODY_PT):
    paragraph = document.add_paragraph()
    _run(paragraph, "", fonts.BODY, size)
    return paragraph


def _heading(document, heading: NumberedHeading) -> None:
    face = HEADING_FACE[heading.level]
    paragraph = _paragraph(
        document,
        heading.text,
        face,
        BODY_PT,
        align="justify",
        first_line_chars=2,
        bold=heading.level == 3,
    )
    paragraph.paragraph_format.keep_with_next = True
    outline = OxmlElement("w:outlineLvl")  # shows in the navigation pane / 导航窗格
    outline.set(qn("w:val"), str(heading.level - 1))
    paragraph._p.get_or_add_pPr().insert_element_before(
        outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"
    )


def _masthead(document, masthead: str, doc_number: str | None) -> None:
    """版头: the issuer's name in red 35 mm below the top of the text block, the 发文字号
    centred two lines below it, a red rule 4 mm under the 发文字号, the title two lines lower."""
    size = masthead_pt(masthead)
    paragraph = _paragraph(
        document, masthead, fonts.TITLE, size, align="center", line_pt=size * 1.2, color=RED
    )
    paragraph.paragraph_format.space_before = Mm(MASTHEAD_TOP_MM)
    _blank(document)
    _blank(document)
    paragraph = _paragraph(document, doc_number or "", fonts.BODY, BODY_PT, align="center")
    _border(paragraph, "bottom", size_eighths=18, color=RED_HEX, space_pt=_rule_space())
    _blank(document)
    _blank(document)


def _rule_space() -> int:
    """The gap between a line's text and a bottom border, in points (w:space)."""
    return round(RULE_GAP_MM / 25.4 * 72)


def _journal(document, journal, date_text: str) -> None:
    """刊头 of a periodical bulletin: the series name in red, 第N期, then the editing office
    (left) and the date (right) on one line above a red rule."""
    size = min(masthead_pt(journal.name), 36.0)
    paragraph = _paragraph(
        document, journal.name, fonts.TITLE, size, align="center", line_pt=size * 1.6, color=RED
    )
    paragraph.paragraph_format.space_before = Mm(MASTHEAD_TOP_MM / 2)
    _paragraph(document, journal.issue, fonts.BODY, BODY_PT, align="center")
    _blank(document)
    paragraph = _paragraph(document, "", fonts.BODY, BODY_PT, align="left")
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Mm(TEXT_WIDTH_MM), alignment=WD_TAB_ALIGNMENT.RIGHT
    )
    _run(paragraph, f"{journal.editor}\t{date_text}", fonts.BODY, BODY_PT)
    _border(paragraph, "bottom", size_eighths=24, color=RED_HEX, space_pt=_rule_space())
    _blank(document)


def _border(
    paragraph, edge: str, *, size_eighths: int, color: str = "000000", space_pt: int = 1
) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # w:pBdr must precede w:spacing/w:ind/w:jc in a w:pPr.
        anchor = next(
            (
                p_pr.find(qn(t))
                for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")
                if p_pr.find(qn(t)) is not None
            ),
            None,
        )
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            p_pr.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space_pt))
    line.set(qn("w:color"), color)
    borders.append(line)


# --- tables and figures -----------------------------------------------------------------------


def _table(document, table: PreparedTable) -> None:
    if table.caption:
        caption = _paragraph(
            document, table.caption, fonts.HEI, SMALL_PT, align="center", line_pt=LINE_PT
        )
        caption.paragraph_format.keep_with_next = True
    has_header = bool(table.columns)
    grid = document.add_table(rows=int(has_header) + len(table.rows), cols=len(table.widths_mm))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for index, width in enumerate(table.widths_mm):
        grid.columns[index].width = Mm(width)
    if has_header:
        header = grid.rows[0]
        _row_properties(header, header=table.repeat_header)
        for index, name in enumerate(table.columns):
            _cell(header.cells[index], name, table.widths_mm[index], fonts.HEI, align="center")
    prototype = None  # the XML of the first plain-text row, copied for the rest (python-docx is slow per run)
    for grid_row, row in zip(list(grid.rows)[int(has_header) :], table.rows):
        aligns = [
            "center" if table.numeric[i] or (isinstance(v, str) and text_width(v) <= 6) else "left"
            for i, v in enumerate(row)
        ]
        plain = all(isinstance(v, str) and "\n" not in v and "\t" not in v for v in row)
        if plain and prototype is not None:
            _copy_row(prototype, grid_row._tr, row, aligns)
            continue
        cells = grid_row.cells
        _row_properties(grid_row, header=False)
        for index, value in enumerate(row):
            _cell(cells[index], value, table.widths_mm[index], fonts.BODY, align=aligns[index])
        if plain and all(value for value in row):
            prototype = grid_row._tr
    _blank(document, size=8).paragraph_format.line_spacing = Pt(10)


def _copy_row(prototype, target, values: list[str], aligns: list[str]) -> None:
    """Replace ``target`` (an empty w:tr) by a copy of ``prototype`` holding ``values``."""
    row = copy.deepcopy(prototype)
    for tc, value, align in zip(row.findall(qn("w:tc")), values, aligns):
        tc.find(qn("w:p")).find(qn("w:pPr")).find(qn("w:jc")).set(qn("w:val"), ALIGN_XML[align])
        tc.find(".//" + qn("w:t")).text = value
    target.addprevious(row)
    target.getparent().remove(target)


def _row_properties(row, *, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _cell(cell, value: str | Picture, width_mm: float, face: fonts.Typeface, *, align: str) -> None:
    cell.width = Mm(width_mm)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = ALIGN[align]
    paragraph_format = paragraph.paragraph_format
    if isinstance(value, Picture):
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph_format.space_before = paragraph_format.space_after = Pt(2)
        paragraph.add_run().add_picture(io.BytesIO(value.data), width=Mm(value.width_mm))
        if value.caption:
            _paragraph(
                cell,
                value.caption,
                fonts.BODY,
                TABLE_PT - 2,
                align="center",
                line_pt=TABLE_PT * 1.3,
            )
        return
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(TABLE_PT * 1.5)
    paragraph_format.space_before = paragraph_format.space_after = Pt(1.5)
    _run(paragraph, value, face, TABLE_PT)


def _figure(document, picture: Picture) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph_format = paragraph.paragraph_format
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_format.space_before = Pt(4)
    paragraph_format.keep_with_next = bool(picture.caption)
    paragraph.add_run().add_picture(io.BytesIO(picture.data), width=Mm(picture.width_mm))
    if picture.caption:
        _paragraph(document, picture.caption, fonts.KAI, SMALL_PT, align="center", line_pt=LINE_PT)


# --- 落款, QR code and 版记 --------------------------------------------------------------------


def _signature(document, prepared: Prepared) -> None:
    """The 落款 never stands alone on a page: it keeps the last line of text with it."""
    doc = prepared.source
    last = document.paragraphs[-1] if document.paragraphs else None
    if last is not None and last.text.strip():
        last.paragraph_format.keep_with_next = True
    _blank(document).paragraph_format.keep_with_next = True
    issuer = _paragraph(
        document, doc.issuer, fonts.BODY, BODY_PT, align="right", right_chars=prepared.issuer_indent
    )
    issuer.paragraph_format.keep_with_next = True
    date = _paragraph(
        document,
        prepared.date_text,
        fonts.BODY,
        BODY_PT,
        align="right",
        right_chars=prepared.date_indent,
    )
    date.paragraph_format.keep_with_next = prepared.qr is not None  # the QR code stays with it


def _qr(document, qr: Picture, caption: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.space_before = Pt(8)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(qr.data), width=Mm(qr.width_mm))
    _paragraph(document, caption, fonts.BODY, TABLE_PT, align="left", line_pt=TABLE_PT * 1.5)


def _colophon(document, copy_to_line: str, printed_by: str, date_text: str) -> None:
    """版记: 抄送 and 印发机关/印发日期 between a thick rule above and below, thin between."""
    lines = [line for line in (copy_to_line, printed_by) if line]
    if not lines:
        return
    _blank(document)
    for number, line in enumerate(lines):
        # The rules span the text block, so the text is set in by a first-line indent (左空一字)
        # and a right tab stop (右空一字) rather than by paragraph indents.
        if line is printed_by:
            paragraph = _paragraph(
                document,
                "",
                fonts.BODY,
                SMALL_PT,
                align="left",
                first_line_chars=1,
                line_pt=LINE_PT,
            )
            tab_stops = paragraph.paragraph_format.tab_stops
            tab_stops.add_tab_stop(
                Mm(TEXT_WIDTH_MM) - Pt(SMALL_PT), alignment=WD_TAB_ALIGNMENT.RIGHT
            )
            _run(paragraph, f"{printed_by}\t{date_text}印发", fonts.BODY, SMALL_PT)
        else:
            paragraph = _paragraph(
                document,
                line,
                fonts.BODY,
                SMALL_PT,
                align="left",
                first_line_chars=1,
                line_pt=LINE_PT,
            )
        paragraph.paragraph_format.keep_with_next = number < len(lines) - 1
        if number == 0:
            _border(paragraph, "top", size_eighths=8)
        _border(paragraph, "bottom", size_eighths=8 if number == len(lines) - 1 else 4)
