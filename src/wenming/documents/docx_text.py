"""Runs and paragraphs of a GB/T 9704 DOCX with their fonts named explicitly (python-docx).

Every run names its fonts (w:ascii/w:hAnsi for Latin, w:eastAsia for CJK), never the theme fonts
of the template, which would pick Japanese faces. Indents are given in characters, borders in
eighths of a point: the pieces :mod:`docx_layout` and :mod:`docx_tables` build pages from.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from wenming.documents import fonts
from wenming.documents.render import BODY_PT, RULE_GAP_MM
from wenming.documents.render import RED as RED_HEX

RED = RGBColor.from_string(RED_HEX)
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
ALIGN_XML = {"justify": "both", "left": "left", "center": "center", "right": "right"}


def name_fonts(r_pr, face: fonts.Typeface) -> None:
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


def styled_run(
    paragraph, text: str, face: fonts.Typeface, size: float, *, bold: bool | None = None, color=None
):
    run = paragraph.add_run(text)
    r_pr = run._r.get_or_add_rPr()
    name_fonts(r_pr, face)
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


def styled_paragraph(
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
    set_indent(paragraph, size, first=first_line_chars, left=left_chars, right=right_chars)
    if lead:
        styled_run(paragraph, lead, face, size, bold=True, color=color)
    if text:
        styled_run(paragraph, text, face, size, bold=bold, color=color)
    return paragraph


def set_indent(
    paragraph, size: float, *, first: float = 0, left: float = 0, right: float = 0
) -> None:
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


def blank_line(document, size: float = BODY_PT):
    paragraph = document.add_paragraph()
    styled_run(paragraph, "", fonts.BODY, size)
    return paragraph


def rule_space() -> int:
    """The gap between a line's text and a bottom border, in points (w:space)."""
    return round(RULE_GAP_MM / 25.4 * 72)


def add_border(
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
