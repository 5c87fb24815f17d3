"""Render an official document (公文) as DOCX and as PDF, in GB/T 9704 layout.

The API other apps use::

    from wenming.documents.render import (
        OfficialDocument, Heading, Paragraph, Table, Image, Chart, PageBreak,
        render_docx, render_pdf,
    )
    from wenming.documents.services import next_document_number

    doc = OfficialDocument(
        title="关于田家庵区占道经营问题限期整改的通知",
        doc_number=next_document_number(prefix="淮创城整", year=2026),   # 淮创城整〔2026〕15号
        recipients=["田家庵区人民政府"],
        blocks=[
            Heading("基本情况"),                                  # 一、基本情况 (黑体)
            Heading("存在问题", level=2),                         # （一）存在问题 (楷体)
            Paragraph("11月20日暗访发现……"),
            Table(columns=["序号", "问题", "整改时限"], rows=[[1, "占道经营", "11月25日"]]),
            Chart(kind="bar", title="各区问题数", categories=["田家庵区", "谢家集区"],
                  series={"问题数": [12, 7]}),
            Image(data=jpeg_bytes, caption="现场照片", width=80),
            PageBreak(),
        ],
        issuer="淮南市创建全国文明城市工作指挥部办公室",          # 落款
        date=datetime.date(2026, 11, 23),                        # 成文日期 → 2026年11月23日
        copy_to=["市委办公室", "市政府办公室"],                    # 抄送 (optional)
        qr_url="https://wenming.example/cases/?unit=12",          # QR code (optional)
    )
    docx_bytes = render_docx(doc)
    pdf_bytes = render_pdf(doc)

Layout (both formats): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 ×
225 mm); 红头 (the issuer in red, 35 mm below the text block's top, the 发文字号 centred two lines
under it, a red rule 4 mm below) or, for a periodical bulletin, a 刊头 (series name in red, 第N期,
editing office and date on one line, red rule); title
2号 (22 pt) 小标宋-style, centred; body 3号 (16 pt) 仿宋-style at a fixed 28.95 pt line pitch
(22 lines a page); 一、 headings 黑体, （一） 楷体; 主送 flush left; 落款 and 成文日期 right
(no seal: 署名右空二字, the date's first character two to the right of the 署名's); page
numbers "— 1 —" in 4号 at the bottom, odd pages right and even pages left; 版记 (抄送,
印发机关) between rules at the end. Fonts: see :mod:`wenming.documents.fonts`.

The PDF is rendered by WeasyPrint (HTML/CSS through Pango) with the fonts embedded as
subsets; charts are matplotlib PNGs shared by both formats. Both renderers are pure
functions of the document: no database access, so a bulletin renders the same anywhere.
"""

from __future__ import annotations

import datetime
import functools
import io
import logging
from dataclasses import dataclass, field, replace

import qrcode
from PIL import Image as PILImage
from PIL import ImageOps
from qrcode.constants import ERROR_CORRECT_M

from wenming.documents.blocks import (
    Block,
    Cell,
    Chart,
    Heading,
    Image,
    Journal,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Table,
)
from wenming.documents.charts import chart_png
from wenming.documents.fonts import require_fonts

__all__ = [
    "OfficialDocument",
    "Journal",
    "Block",
    "Heading",
    "Paragraph",
    "Table",
    "Image",
    "Chart",
    "PageBreak",
    "render_docx",
    "render_pdf",
    "chinese_date",
    "chinese_numeral",
]

logger = logging.getLogger(__name__)

# Geometry of the page (GB/T 9704 §5.2): the text block is 156 mm × 225 mm.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
SMALL_PT = 14  # 4号: page numbers, 版记, captions
TABLE_PT = 12  # 小4号: tables hold many columns
LINE_PT = 28.95  # 225 mm / 22 lines
# 版头 (GB/T 9704 §7.2): the 发文机关标志's top edge 35 mm below the text block's top; the
# 发文字号 two lines under it, the red rule 4 mm under the 发文字号, the title two lines under that.
MASTHEAD_TOP_MM = 35
RULE_GAP_MM = 4
RED = "E60012"


def masthead_pt(text: str) -> float:
    """The 发文机关标志's size: as large as fits the text block's width, at most 36 pt
    (a long office name is set smaller rather than wrapped)."""
    return min(36.0, (TEXT_WIDTH_MM / 25.4 * 72) / max(text_width(text), 1) * 0.96)


IMAGE_DPI = 200


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as a .docx file (python-docx)."""
    from wenming.documents.docx_layout import write_docx  # it builds on this module: a cycle

    return write_docx(prepare(doc))


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as a PDF with its CJK fonts embedded (WeasyPrint); raises
    ``fonts.FontMissing`` (a Chinese message) rather than print boxes for missing fonts."""
    from wenming.documents.pdf_layout import write_pdf  # it builds on this module: a cycle

    require_fonts()
    return write_pdf(prepare(doc))


# --- Chinese forms ------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers)."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")


def chinese_date(day: datetime.date) -> str:
    """成文日期 with Arabic numerals and no padding (GB/T 9704 §7.3.5.1): 2026年11月3日."""
    return f"{day.year}年{day.month}月{day.day}日"


def text_width(text: str) -> float:
    """Width in characters of the body size: CJK and full-width forms 1, ASCII ½ (Times digits)."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch != "—" else 1.0 for ch in text)


# --- The prepared document both engines lay out ---------------------------------------------


@dataclass(frozen=True)
class Picture:
    """An image ready to place: normalised bytes, its MIME type and size in millimetres."""

    data: bytes = field(repr=False)
    mime: str
    width_mm: float
    height_mm: float
    caption: str = ""


@dataclass(frozen=True)
class NumberedHeading:
    text: str  # with its number, e.g. 一、总体情况
    level: int


@dataclass(frozen=True)
class PreparedTable:
    columns: list[str]
    rows: list[list[str | Picture]]
    widths_mm: list[float]
    repeat_header: bool
    caption: str
    numeric: list[bool]  # per column: right-align/centre numbers


@dataclass(frozen=True)
class Prepared:
    source: OfficialDocument
    blocks: list[NumberedHeading | Paragraph | PreparedTable | Picture | PageBreak]
    attachments: list[str]
    # 落款: right indents in characters of the body size
    issuer_indent: float
    date_text: str
    date_indent: float
    qr: Picture | None

    @property
    def title_lines(self) -> list[str]:
        return [line for line in self.source.title.split("\n") if line.strip()]


def prepare(doc: OfficialDocument) -> Prepared:
    """Number the headings, draw the charts, normalise the images, place the signature."""
    doc = _as_text(doc)
    blocks: list = []
    counters = [0, 0, 0]
    for block in doc.blocks:
        if isinstance(block, Heading):
            counters[block.level - 1] += 1
            for deeper in range(block.level, 3):
                counters[deeper] = 0
            blocks.append(NumberedHeading(_numbered(block, counters[block.level - 1]), block.level))
        elif isinstance(block, Image):
            try:
                blocks.append(
                    picture(
                        block.data,
                        width_mm=min(block.width, TEXT_WIDTH_MM),
                        caption=str(block.caption),
                    )
                )
            except ValueError:
                blocks.append(Paragraph(BROKEN_IMAGE, indent=False, align="center"))
        elif isinstance(block, Table):
            blocks.append(_prepare_table(block))
        elif isinstance(block, Chart):
            blocks.append(chart_picture(block, width_mm=min(block.width, TEXT_WIDTH_MM)))
        elif isinstance(block, Paragraph):
            # Prose typed into a text box: each line is a paragraph of its own (a forced line break
            # in justified text would stretch the line before it across the page).
            lines = [line.strip() for line in str(block.text).splitlines() if line.strip()] or [""]
            blocks += [
                replace(block, text=line, lead=block.lead if i == 0 else "")
                for i, line in enumerate(lines)
            ]
        elif isinstance(block, PageBreak):
            blocks.append(block)
        else:
            raise TypeError(f"not a document block: {block!r}")

    issuer_indent, date_indent = _signature_indents(doc.issuer, chinese_date(doc.date))
    qr = picture(qr_png(doc.qr_url), width_mm=28) if doc.qr_url else None
    return Prepared(
        source=doc,
        blocks=blocks,
        attachments=_attachment_lines(doc.attachments),
        issuer_indent=issuer_indent,
        date_text=chinese_date(doc.date),
        date_indent=date_indent,
        qr=qr,
    )


def _as_text(doc: OfficialDocument) -> OfficialDocument:
    """The document with its lines as plain str (callers may pass lazy translations)."""

    def names(value):
        return (
            str(value)
            if isinstance(value, str) or not isinstance(value, (list, tuple))
            else [str(v) for v in value]
        )

    return replace(
        doc,
        title=str(doc.title),
        issuer=str(doc.issuer),
        doc_number=str(doc.doc_number) if doc.doc_number else None,
        recipients=names(doc.recipients),
        copy_to=names(doc.copy_to),
        qr_caption=str(doc.qr_caption),
        masthead=str(doc.masthead),
        journal=Journal(
            *(str(v) for v in (doc.journal.name, doc.journal.issue, doc.journal.editor))
        )
        if doc.journal
        else None,
        attachments=[str(a) for a in doc.attachments],
        printed_by=str(doc.printed_by),
    )


def _numbered(heading: Heading, number: int) -> str:
    if not heading.numbered:
        return str(heading.text)
    prefix = {
        1: f"{chinese_numeral(number)}、",
        2: f"（{chinese_numeral(number)}）",
        3: f"{number}.",
    }
    return prefix[heading.level] + str(heading.text)


def _signature_indents(issuer: str, date_text: str) -> tuple[float, float]:
    """GB/T 9704 §7.3.5.2 (no seal): the 署名 sits two characters from the right; the date's
    first character is two characters right of the 署名's first; a date longer than the 署名
    keeps two characters from the right and pushes the 署名 left instead."""
    issuer_width, date_width = text_width(issuer), text_width(date_text)
    issuer_indent = 2.0
    date_indent = issuer_indent + issuer_width - 2 - date_width
    if date_indent < 2:
        date_indent = 2.0
        issuer_indent = date_indent + date_width + 2 - issuer_width
    return issuer_indent, date_indent


def _attachment_lines(names: list[str]) -> list[str]:
    names = [name.strip() for name in names if name and name.strip()]
    if len(names) == 1:
        return [f"附件：{names[0]}"]
    return [("附件：" if i == 1 else "") + f"{i}．{name}" for i, name in enumerate(names, start=1)]


def _prepare_table(table: Table) -> PreparedTable:
    count = table.column_count
    relative = table.widths or [_natural_width(table, i) for i in range(count)]
    total = sum(relative) or 1
    widths = _fit_headers(
        [TEXT_WIDTH_MM * w / total for w in relative], [str(name) for name in table.columns]
    )
    rows = [[_cell(value, widths[i]) for i, value in enumerate(row)] for row in table.rows]
    numeric = [
        bool(table.rows)
        and all(isinstance(row[i], (int, float)) or row[i] in (None, "", "—") for row in table.rows)
        for i in range(count)
    ]
    columns = [str(name) for name in table.columns]  # lazy translations become text here
    return PreparedTable(columns, rows, widths, table.repeat_header, str(table.caption), numeric)


# A cell's horizontal padding (DOCX's default cell margins are the wider: 2 × 1.9 mm) plus slack.
CELL_PADDING_MM = 4.5


def _fit_headers(widths: list[float], columns: list[str]) -> list[float]:
    """Widen a column whose header would wrap ("序" over "号") to fit its longest header line,
    taking the room from the columns that have more than they need, in proportion."""
    char_mm = TABLE_PT / 72 * 25.4
    needed = [
        max((text_width(line) for line in name.split("\n")), default=0) * char_mm + CELL_PADDING_MM
        for name in columns
    ] or [0.0] * len(widths)
    short = sum(max(0.0, need - width) for need, width in zip(needed, widths))
    spare = sum(max(0.0, width - need) for need, width in zip(needed, widths))
    if not short or spare < short:
        return widths
    return [
        need if width < need else width - (width - need) * short / spare
        for need, width in zip(needed, widths)
    ]


def _natural_width(table: Table, column: int) -> float:
    """A column's share by its widest content (capped so one long text does not starve the rest)."""
    texts = [table.columns[column]] if table.columns else []
    texts += [format_cell(row[column]) for row in table.rows if not isinstance(row[column], Image)]
    widest = max(text_width(t) for t in texts) if texts else 2
    if any(isinstance(row[column], Image) for row in table.rows):
        widest = max(widest, 10)
    return min(max(widest, 2.5), 18) + 1


def format_cell(value: Cell) -> str:
    """How a table cell prints: numbers as given (floats to two decimals), None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value).strip()


def _cell(value: Cell, column_mm: float) -> str | Picture:
    if isinstance(value, Image):
        try:
            return picture(
                value.data, width_mm=min(value.width, column_mm - 3), caption=str(value.caption)
            )
        except ValueError:
            return BROKEN_IMAGE
    return format_cell(value)


# --- Images ------------------------------------------------------------------------------------

# A stored photo that no longer decodes must not stop a notice from being printed.
BROKEN_IMAGE = "［图片无法显示］"


def picture(data: bytes, *, width_mm: float, caption: str = "") -> Picture:
    """Normalise an image for print: EXIF orientation applied, down-sampled to IMAGE_DPI at
    its printed width (a phone photo of 4000 px needs ~900), photos as JPEG, graphics as PNG."""
    normalised, mime, aspect = _normalise(data, round(width_mm, 1))
    return Picture(normalised, mime, width_mm, width_mm * aspect, caption)


def chart_picture(chart: Chart, *, width_mm: float) -> Picture:
    """A chart's PNG as drawn (an opaque PNG at IMAGE_DPI already): decoding and encoding it
    again, as :func:`picture` does for any image, would cost more than a tenth of a second a
    bulletin and change nothing. Only a chart wider than its place is scaled down."""
    data = chart_png(chart)
    caption = str(chart.caption)
    with PILImage.open(io.BytesIO(data)) as image:  # reads the header, not the pixels
        width_px, height_px = image.size
    if width_px > width_mm / 25.4 * IMAGE_DPI + 1:
        return picture(data, width_mm=width_mm, caption=caption)
    return Picture(data, "image/png", width_mm, width_mm * height_px / width_px, caption)


@functools.lru_cache(maxsize=32)  # bytes cache their hash: a hit costs one comparison
def _normalise(data: bytes, width_mm: float) -> tuple[bytes, str, float]:
    try:
        with PILImage.open(io.BytesIO(data)) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
            source_format = original.format
    except Exception as exc:  # Pillow raises many kinds for broken input
        logger.warning("documents: an image could not be decoded (%s); printing a placeholder", exc)
        raise ValueError(str(exc)) from exc
    aspect = image.height / image.width if image.width else 1
    target = max(int(width_mm / 25.4 * IMAGE_DPI), 1)
    if image.width > target:
        image = image.resize((target, max(int(target * aspect), 1)), PILImage.LANCZOS)
    out = io.BytesIO()
    if source_format == "JPEG" or (image.mode == "RGB" and source_format not in ("PNG", "GIF")):
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        return out.getvalue(), "image/jpeg", aspect
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    image.save(out, format="PNG", optimize=False)
    return out.getvalue(), "image/png", aspect


@functools.lru_cache(maxsize=32)
def qr_png(url: str) -> bytes:
    """A QR code for ``url`` as a crisp black-and-white PNG."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(url)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out)
    return out.getvalue()


# What a download of a rendered document is served as.
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
