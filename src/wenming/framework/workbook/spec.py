"""The table's vocabulary (columns, method/rule/cadence names) and the plain tree it reads into."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from wenming.framework.models import Cadence, Method, Rule
from wenming.hanzi import to_simplified
from wenming.sheets import Column

LEVEL_HEADERS = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")
LEVEL_KEYS = tuple(f"level{i}" for i in range(1, len(LEVEL_HEADERS) + 1))

COLUMNS = (
    Column("level1", ("一级指标",), required=False),
    Column("level2", ("二级指标",), required=False),
    Column("level3", ("三级指标", "测评项目"), required=False),
    Column("level4", ("四级指标",), required=False),
    Column("level5", ("五级指标",), required=False),
    Column("description", ("测评内容", "测评标准"), required=False),
    Column("method", ("测评方法", "测评方式"), required=False),
    Column("points", ("分值", "分数", "分值(分)", "分数(分)")),
    Column("rule", ("计分规则", "计分方式"), required=False),
    Column("cadence", ("任务周期", "报送周期", "频次"), required=False),
    Column("target", ("目标值",), required=False),
    Column("evidence", ("佐证材料", "佐证材料要求", "材料要求"), required=False),
    Column("lead", ("牵头单位",), required=False),
    Column("responsible", ("责任单位",), required=False),
    Column("cooperating", ("配合单位", "协办单位"), required=False),
)
UNIT_KEYS = ("lead", "responsible", "cooperating")

METHOD_ALIASES = {
    Method.MATERIAL: (
        "网上申报",
        "网上资料申报",
        "网上资料",
        "资料申报",
        "资料审核",
        "材料审核",
        "网上测评",
    ),
    Method.INSPECTION: (
        "实地考察",
        "实地测评",
        "实地检查",
        "实地察看",
        "暗访",
        "明查暗访",
        "现场检查",
    ),
    Method.SURVEY: ("问卷调查", "问卷", "入户调查", "问卷测评"),
    Method.METRIC: ("数据指标", "数据", "统计数据", "数据监测"),
}
RULE_ALIASES = {
    Rule.RATE: ("按比例计分", "按比例", "比例", "达标率"),
    Rule.DEDUCT: ("扣分制", "扣分", "按扣分"),
}
CADENCE_ALIASES = {
    Cadence.ONCE: ("一次性", "一次", "年度", "每年"),
    Cadence.MONTHLY: ("每月", "月度", "按月"),
    Cadence.QUARTERLY: ("每季度", "季度", "按季度", "每季"),
}

FEATURE_PREFIX = "特色"
NAME_MAX = 300
CONTENT_NAME_MAX = 60

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD.update({0xFF0E: ord("."), 0x3000: ord(" ")})

CODE_RE = re.compile(r"^(\d+(?:\.\d+)*)(\s+|[、.]\s*)?(?=\S)")
ORDINAL_RE = re.compile(
    r"^(?:[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）]|[一二三四五六七八九十]+\s*[、.])\s*"
)
POINTS_SUFFIX_RE = re.compile(r"\s*[（(]\s*(?:满分|共|计)?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
FULL_MARK_RE = re.compile(r"\s*[（(]\s*(?:基础指标)?(?:满分|总分)\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
SENTENCE_END_RE = re.compile(r"[。；;！!？?\n]")


def tidy(text: str) -> str:
    """Simplified characters, half-width digits and letters; punctuation as typed; blanks collapsed."""
    text = str(text)
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # the quote our formula-safe export put before a leading = + - @
    folded = to_simplified(text.translate(_FOLD))
    lines = (" ".join(line.split()) for line in folded.splitlines())
    return "\n".join(line for line in lines if line)


def tidy_name(text: str) -> str:
    return "".join(tidy(text).split())


def content_name(description: str) -> str:
    """The name of an item known only by its 测评内容: its first sentence, at most 60 characters."""
    first = SENTENCE_END_RE.split(tidy(description), maxsplit=1)[0].strip()
    return first if len(first) <= CONTENT_NAME_MAX else first[: CONTENT_NAME_MAX - 1] + "…"


def format_points(points: Decimal | int | float) -> str:
    text = format(Decimal(points).normalize(), "f")
    return text


@dataclass
class IndicatorSpec:
    """An indicator as plain data: read from a workbook, written to one, or shipped as a default.

    ``leads`` and ``co`` hold Units after reading; for writing, anything whose str() is a name.
    """

    name: str
    points: Decimal | int | str | None = None
    code: str = ""
    description: str = ""
    method: str = ""
    rule: str = Rule.RATE
    cadence: str = Cadence.ONCE
    target: Decimal | None = None
    evidence: str = ""
    leads: list = field(default_factory=list)
    co: list = field(default_factory=list)
    children: list[IndicatorSpec] = field(default_factory=list)
    is_feature: bool = False

    def walk(
        self, depth: int = 1, parent: IndicatorSpec | None = None
    ) -> Iterable[tuple[IndicatorSpec, int, IndicatorSpec | None]]:
        """(node, depth, parent) for this node and everything under it, parents first."""
        yield self, depth, parent
        for child in self.children:
            yield from child.walk(depth + 1, self)


@dataclass
class ReadFramework:
    title: str
    total_points: Decimal | None
    roots: list[IndicatorSpec]
