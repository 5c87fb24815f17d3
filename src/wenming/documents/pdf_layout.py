"""PDF in GB/T 9704 layout with WeasyPrint (called through ``render.render_pdf``).

The document becomes HTML (templates/documents/official.html) styled by official.css; WeasyPrint
lays it out with Pango and embeds the fonts as subsets. Latin letters and digits use the
Liberation fonts (Times/Arial metrics) through a unicode-range face, CJK text the free CJK fonts.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
    RED,
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


def write_pdf(prepared: Prepared) -> bytes:
    pictures = Pictures()
    html = render_html(prepared, pictures)
    return HTML(string=html, base_url=None, url_fetcher=pictures).write_pdf(
        pdf_variant=None, uncompressed_pdf=False
    )


class Pictures(URLFetcher):
    """The document's images, served to WeasyPrint by number (``wenming-picture:3``) rather
    than written into the HTML as data: URLs, which its HTML parser would read through character
    by character (a bulletin's charts and photos are a megabyte of base64). Besides them only
    files are read: the fonts the @font-face rules name with local()."""

    SCHEME = "wenming-picture"

    def __init__(self):
        super().__init__(allowed_protocols=("file", self.SCHEME))
        self.pictures: list[Picture] = []

    def add(self, picture: Picture) -> str:
        self.pictures.append(picture)
        return f"{self.SCHEME}:{len(self.pictures) - 1}"

    def fetch(self, url, headers=None):
        scheme, _, number = url.partition(":")
        if scheme != self.SCHEME:
            return super().fetch(url, headers)
        picture = self.pictures[int(number)]
        return URLFetcherResponse(url, picture.data, {"Content-Type": picture.mime})


def render_html(prepared: Prepared, pictures: Pictures) -> str:
    doc = prepared.source
    head = doc.journal.name if doc.journal else doc.masthead
    return render_to_string(
        "documents/official.html",
        {
            "css": _css(),
            "doc": doc,
            "title_lines": prepared.title_lines,
            "masthead_pt": f"{masthead_pt(head):.1f}",
            "blocks": [_block(block, pictures) for block in prepared.blocks],
            "attachments": prepared.attachments,
            "issuer_indent": f"{prepared.issuer_indent:.2f}",
            "date_text": prepared.date_text,
            "date_indent": f"{prepared.date_indent:.2f}",
            "qr": _image(prepared.qr, pictures) if prepared.qr else None,
        },
    )


def _block(block, pictures: Pictures) -> dict:
    if isinstance(block, NumberedHeading):
        return {"kind": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Paragraph):
        return {
            "kind": "paragraph",
            "text": _hold_spaces(block.text),
            "lead": _hold_spaces(block.lead),
            "indent": block.indent,
            "align": block.align,
        }
    if isinstance(block, PreparedTable):
        return {
            "kind": "table",
            "caption": block.caption,
            "columns": block.columns,
            "widths": [f"{w:.2f}" for w in block.widths_mm],
            "repeat_header": block.repeat_header,
            "rows": [
                [
                    {"image": _image(value, pictures)}
                    if isinstance(value, Picture)
                    else {
                        "text": value,
                        "align": "center" if block.numeric[i] or text_width(value) <= 6 else "left",
                    }
                    for i, value in enumerate(row)
                ]
                for row in block.rows
            ],
        }
    if isinstance(block, Picture):
        return {"kind": "figure", "image": _image(block, pictures)}
    if isinstance(block, PageBreak):
        return {"kind": "page_break"}
    raise TypeError(f"cannot lay out {block!r}")


# A space next to a Chinese character ("以下 6 个问题", "1. 主要负责"): WeasyPrint justifies a
# line by widening its spaces only, so in Chinese text the one or two spaces of a line would
# open into wide gaps. A no-break space keeps its width (and such a space is no place to
# break a Chinese line anyway).
_SPACE_BY_CJK = re.compile(
    r"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]) +| +(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])"
)


def _hold_spaces(text: str) -> str:
    return _SPACE_BY_CJK.sub("\u2005", text)


def _image(picture: Picture, pictures: Pictures) -> dict:
    return {
        "src": pictures.add(picture),
        "width": f"{picture.width_mm:.2f}",
        "caption": picture.caption,
    }


@cache
def _css() -> str:
    """The stylesheet with the page geometry and font lists filled in."""
    template = (
        resources.files("wenming.documents")
        .joinpath("templates/documents/official.css")
        .read_text("utf-8")
    )
    values = {
        "MARGINS": f"{MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm",
        "BODY_PT": f"{BODY_PT}pt",
        "TITLE_PT": f"{TITLE_PT}pt",
        "SMALL_PT": f"{SMALL_PT}pt",
        "TABLE_PT": f"{TABLE_PT}pt",
        "LINE_PT": f"{LINE_PT}pt",
        "TEXT_WIDTH": f"{TEXT_WIDTH_MM}mm",
        "MASTHEAD_TOP": f"{MASTHEAD_TOP_MM}mm",
        "JOURNAL_TOP": f"{MASTHEAD_TOP_MM / 2}mm",
        "RULE_GAP": f"{RULE_GAP_MM}mm",
        "RED": f"#{RED}",
        "TITLE_LINE": f"{TITLE_PT * 1.6:.1f}pt",
        "TABLE_LINE": f"{TABLE_PT * 1.5:.1f}pt",
        "BODY_FONT": _family(fonts.BODY),
        "TITLE_FONT": _family(fonts.TITLE),
        "HEI_FONT": _family(fonts.HEI),
        "KAI_FONT": _family(fonts.KAI),
        "LATIN_FACES": _latin_faces(),
    }
    for name, value in values.items():
        template = template.replace(f"/*{name}*/", value)
    return template


def _family(face: fonts.Typeface) -> str:
    return f'"Latin {face.latin_free}", "{face.family}", "{face.traditional}", {face.generic}'


def _latin_faces() -> str:
    """@font-face rules that take only Latin-1 from the Liberation fonts, so that quotes, dashes
    and ellipses in Chinese text come from the CJK font at full width."""
    rules = []
    for family in sorted({face.latin_free for face in fonts.ALL}):
        for weight, style in (("normal", "Regular"), ("bold", "Bold")):
            rules.append(
                f'@font-face {{ font-family: "Latin {family}"; font-weight: {weight}; '
                f'src: local("{family} {style}"), local("{family}"); unicode-range: U+0000-00FF; }}'
            )
    return "\n".join(rules)
