"""The plain data model of an official document (公文): what to say, not how it looks.

Callers (cases, scoring, welfare reports…) build an :class:`OfficialDocument` from the figures
of one Assessment or selector; :mod:`wenming.documents.render` lays it out as DOCX and PDF.
Nothing here touches the database, so a document can be built and rendered in any process.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal, Union


@dataclass(frozen=True)
class Heading:
    """A section heading. Level 1 is numbered 一、 (黑体), level 2 （一） (楷体), level 3 1. (仿宋 bold).

    With ``numbered=False`` the text is shown as given (for text that already carries its number).
    """

    text: str
    level: int = 1
    numbered: bool = True

    def __post_init__(self):
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    """Body text (3号仿宋). ``indent`` adds the customary two-character first-line indent;
    ``lead`` is an optional bold lead-in phrase written before the text (e.g. "一是").
    Each line of a multi-line text becomes a paragraph of its own."""

    text: str
    indent: bool = True
    align: Literal["justify", "left", "center", "right"] = "justify"
    lead: str = ""


@dataclass(frozen=True)
class Image:
    """A picture (PNG/JPEG/GIF bytes) with an optional caption; ``width`` in millimetres.

    Also allowed as a table cell (e.g. the photo of a case in a 整改通知书).
    """

    data: bytes = field(repr=False)
    caption: str = ""
    width: float = 120.0


Cell = Union[str, int, float, None, Image]


@dataclass(frozen=True)
class Table:
    """A bordered table. ``widths`` are relative column widths (any unit; scaled to the text
    width); ``repeat_header`` repeats the header row on every page; ``caption`` goes above.

    With ``columns=[]`` the table has no header row (a form such as a 督办单: label, value).
    """

    columns: list[str]
    rows: list[list[Cell]]
    widths: list[float] | None = None
    repeat_header: bool = True
    caption: str = ""

    def __post_init__(self):
        count = self.column_count
        if not count:
            raise ValueError("a table needs columns or at least one row")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != count:
                raise ValueError(f"table row {number} has {len(row)} cells for {count} columns")
        if self.widths is not None and len(self.widths) != count:
            raise ValueError("table widths must give one width per column")

    @property
    def column_count(self) -> int:
        return len(self.columns) if self.columns else (len(self.rows[0]) if self.rows else 0)


@dataclass(frozen=True)
class Chart:
    """A bar, line or pie chart drawn with matplotlib in a CJK font.

    ``series`` maps a series name to one value per category (a pie uses the first series).
    ``width`` in millimetres; the height follows a 16:9-ish ratio unless ``height`` is given
    (horizontal bars grow taller than ``height`` when their names need it, up to a page).
    ``caption`` prints under the chart (e.g. which categories a long list was cut to).
    """

    kind: Literal["bar", "line", "pie"]
    title: str
    categories: list[str]
    series: dict[str, list[float]]
    y_label: str = ""
    width: float = 150.0
    height: float | None = None
    caption: str = ""

    def __post_init__(self):
        if self.kind not in ("bar", "line", "pie"):
            raise ValueError(f"chart kind must be bar, line or pie, not {self.kind!r}")
        for name, values in self.series.items():
            if len(values) != len(self.categories):
                raise ValueError(
                    f"chart series {name!r} has {len(values)} values for {len(self.categories)} categories"
                )


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Union[Heading, Paragraph, Table, Image, Chart, PageBreak]


@dataclass(frozen=True)
class Journal:
    """刊头 of a periodical 通报/简报 in place of the 红头: the series name in red
    (《创建全国文明城市工作通报》), the issue (第3期) under it, then the editing office and the
    date on one line above a red rule."""

    name: str
    issue: str
    editor: str


@dataclass
class OfficialDocument:
    """One 公文 in GB/T 9704 order: 版头 (masthead, 发文字号), 标题, 主送, 正文, 附件说明,
    落款 (issuer), 成文日期, then 版记 (抄送, 印发机关).

    - ``doc_number``: 发文字号 such as 淮创城整〔2026〕15号 (see ``services.next_document_number``).
    - ``recipients``: 主送机关, a list joined with 、 and closed with a full-width colon.
    - ``masthead``: 发文机关标志 in red (e.g. 淮南市创建全国文明城市工作指挥部办公室); optional;
      the 发文字号 is then centred under it, above the red rule (下行文, GB/T 9704 §7.2).
    - ``journal``: the 刊头 of a periodical bulletin instead (see :class:`Journal`).
    - ``qr_url``: printed as a QR code after the date, with ``qr_caption`` beside it.
    - ``attachments``: 附件说明 lines (names of the attachments), numbered when more than one.
    - ``printed_by``: 印发机关 in the 版记; the 印发日期 is ``date``.
    """

    title: str
    blocks: list[Block]
    issuer: str
    date: datetime.date
    doc_number: str | None = None
    recipients: list[str] | str = ""
    copy_to: list[str] | str = ""
    qr_url: str | None = None
    qr_caption: str = "扫码查看详情"
    masthead: str = ""
    journal: Journal | None = None
    attachments: list[str] = field(default_factory=list)
    printed_by: str = ""

    @property
    def recipients_line(self) -> str:
        """主送 as printed: names joined with 、 and a closing full-width colon."""
        names = _names(self.recipients)
        return "、".join(names) + "：" if names else ""

    @property
    def copy_to_line(self) -> str:
        names = _names(self.copy_to)
        return "抄送：" + "，".join(names) + "。" if names else ""


def _names(value: list[str] | str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    return [name.strip().rstrip("：:") for name in value if name and name.strip()]
