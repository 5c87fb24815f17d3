"""Tables and pictures of a GB/T 9704 DOCX (python-docx): a caption in 黑体, a centred grid
whose header row repeats on every page, rows that never split across pages, cells in 小4号."""

from __future__ import annotations

import copy
import io

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from wenming.documents import fonts
from wenming.documents.docx_text import ALIGN, ALIGN_XML, blank_line, styled_paragraph, styled_run
from wenming.documents.render import (
    LINE_PT,
    SMALL_PT,
    TABLE_PT,
    Picture,
    PreparedTable,
    text_width,
)


def add_table(document, table: PreparedTable) -> None:
    if table.caption:
        caption = styled_paragraph(
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
            _fill_cell(header.cells[index], name, table.widths_mm[index], fonts.HEI, align="center")
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
            _fill_cell(cells[index], value, table.widths_mm[index], fonts.BODY, align=aligns[index])
        if plain and all(value for value in row):
            prototype = grid_row._tr
    blank_line(document, size=8).paragraph_format.line_spacing = Pt(10)


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


def _fill_cell(
    cell, value: str | Picture, width_mm: float, face: fonts.Typeface, *, align: str
) -> None:
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
            styled_paragraph(
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
    styled_run(paragraph, value, face, TABLE_PT)


def add_figure(document, picture: Picture) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph_format = paragraph.paragraph_format
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_format.space_before = Pt(4)
    paragraph_format.keep_with_next = bool(picture.caption)
    paragraph.add_run().add_picture(io.BytesIO(picture.data), width=Mm(picture.width_mm))
    if picture.caption:
        styled_paragraph(
            document, picture.caption, fonts.KAI, SMALL_PT, align="center", line_pt=LINE_PT
        )
