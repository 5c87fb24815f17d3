"""DOCX in GB/T 9704 layout with python-docx (called through ``render.render_docx``): the page
set-up, 版头 or 刊头, title, headings, 落款, QR code and 版记; runs and paragraphs come from
:mod:`docx_text`, tables and pictures from :mod:`docx_tables`.

The CJK font names are the fonts Chinese offices have (方正小标宋简体, 黑体, 楷体_GB2312,
仿宋_GB2312), so Word and WPS set the document as the office expects; the font table gives each
the free font as w:altName, which a machine without them (LibreOffice here) falls back to.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from wenming.documents import fonts
from wenming.documents.blocks import PageBreak, Paragraph
from wenming.documents.docx_colophon import add_colophon
from wenming.documents.docx_tables import add_figure, add_table
from wenming.documents.docx_text import (
    RED,
    add_border,
    blank_line,
    name_fonts,
    rule_space,
    styled_paragraph,
    styled_run,
)
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
    SMALL_PT,
    TABLE_PT,
    TEXT_WIDTH_MM,
    TITLE_PT,
    NumberedHeading,
    Picture,
    Prepared,
    PreparedTable,
    masthead_pt,
)
from wenming.documents.render import RED as RED_HEX

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
        styled_paragraph(document, doc.doc_number, fonts.BODY, BODY_PT, align="right")
    for line in prepared.title_lines:
        styled_paragraph(
            document, line, fonts.TITLE, TITLE_PT, align="center", line_pt=TITLE_PT * 1.6
        )
    blank_line(document)
    if doc.recipients_line:
        styled_paragraph(document, doc.recipients_line, fonts.BODY, BODY_PT, align="justify")

    for block in prepared.blocks:
        if isinstance(block, NumberedHeading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            paragraph = styled_paragraph(
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
            add_table(document, block)
        elif isinstance(block, Picture):
            add_figure(document, block)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    if prepared.attachments:
        blank_line(document)
        for number, line in enumerate(prepared.attachments):
            # Later lines align under the first attachment's name: 2 characters + "附件：".
            styled_paragraph(
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
    add_colophon(document, doc.copy_to_line, doc.printed_by, prepared.date_text)

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
    name_fonts(r_pr, fonts.BODY)
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
    name_fonts(normal.element.get_or_add_rPr(), fonts.BODY)
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
    styled_run(paragraph, "— ", fonts.BODY, SMALL_PT)
    _field(paragraph, "PAGE", "1")
    styled_run(paragraph, " —", fonts.BODY, SMALL_PT)


def _field(paragraph, instruction: str, placeholder: str) -> None:
    def fld_char(kind):
        run = styled_run(paragraph, "", fonts.BODY, SMALL_PT)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    fld_char("begin")
    run = styled_run(paragraph, "", fonts.BODY, SMALL_PT)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld_char("separate")
    styled_run(paragraph, placeholder, fonts.BODY, SMALL_PT)
    fld_char("end")


def _heading(document, heading: NumberedHeading) -> None:
    face = HEADING_FACE[heading.level]
    paragraph = styled_paragraph(
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
    paragraph = styled_paragraph(
        document, masthead, fonts.TITLE, size, align="center", line_pt=size * 1.2, color=RED
    )
    paragraph.paragraph_format.space_before = Mm(MASTHEAD_TOP_MM)
    blank_line(document)
    blank_line(document)
    paragraph = styled_paragraph(document, doc_number or "", fonts.BODY, BODY_PT, align="center")
    add_border(paragraph, "bottom", size_eighths=18, color=RED_HEX, space_pt=rule_space())
    blank_line(document)
    blank_line(document)


def _journal(document, journal, date_text: str) -> None:
    """刊头 of a periodical bulletin: the series name in red, 第N期, then the editing office
    (left) and the date (right) on one line above a red rule."""
    size = min(masthead_pt(journal.name), 36.0)
    paragraph = styled_paragraph(
        document, journal.name, fonts.TITLE, size, align="center", line_pt=size * 1.6, color=RED
    )
    paragraph.paragraph_format.space_before = Mm(MASTHEAD_TOP_MM / 2)
    styled_paragraph(document, journal.issue, fonts.BODY, BODY_PT, align="center")
    blank_line(document)
    paragraph = styled_paragraph(document, "", fonts.BODY, BODY_PT, align="left")
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Mm(TEXT_WIDTH_MM), alignment=WD_TAB_ALIGNMENT.RIGHT
    )
    styled_run(paragraph, f"{journal.editor}\t{date_text}", fonts.BODY, BODY_PT)
    add_border(paragraph, "bottom", size_eighths=24, color=RED_HEX, space_pt=rule_space())
    blank_line(document)


# --- 落款 and QR code (the 版记: docx_colophon) ---------------------------------------------


def _signature(document, prepared: Prepared) -> None:
    """The 落款 never stands alone on a page: it keeps the last line of text with it."""
    doc = prepared.source
    last = document.paragraphs[-1] if document.paragraphs else None
    if last is not None and last.text.strip():
        last.paragraph_format.keep_with_next = True
    blank_line(document).paragraph_format.keep_with_next = True
    issuer = styled_paragraph(
        document, doc.issuer, fonts.BODY, BODY_PT, align="right", right_chars=prepared.issuer_indent
    )
    issuer.paragraph_format.keep_with_next = True
    date = styled_paragraph(
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
    styled_paragraph(document, caption, fonts.BODY, TABLE_PT, align="left", line_pt=TABLE_PT * 1.5)
