"""The framework as government tables have it: reading and writing the xlsx.

One row per leaf; the hierarchy columns (一级/二级/三级指标 or 测评项目) name its ancestors,
usually as merged cells spanning rows; a blank ancestor cell means "same as the row above".
A hierarchy cell may carry its code and points: "1.2 公共秩序（8分）". When several rows
share the same deepest indicator, each row is one of its items and is named after its 测评内容.
Units are free text matched by full or short name; collective names (各区人民政府, 各街道办事处…)
expand to every unit of that kind. Every problem is collected with sheet, row and column.

Reading returns plain :class:`IndicatorSpec` trees; writing takes the same trees, so an export
imports back to the same framework.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from wenming.framework.models import Cadence, Method, Rule
from wenming.hanzi import normalize, to_simplified
from wenming.regions.models import UnitKind
from wenming.regions.services import UnitIndex
from wenming.sheets import CellError, Column, Row, SheetRejected, read_table, safe_cell

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
    Method.MATERIAL: ("网上申报", "网上资料申报", "网上资料", "资料申报", "资料审核", "材料审核", "网上测评"),
    Method.INSPECTION: ("实地考察", "实地测评", "实地检查", "实地察看", "暗访", "明查暗访", "现场检查"),
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

# Collective names: (names, unit kind, suffixes of the unit's region name or None for all of the kind).
COLLECTIVE_NAMES: tuple[tuple[frozenset[str], str, tuple[str, ...] | None], ...] = (
    (frozenset({"各区人民政府", "各区政府"}), UnitKind.GOVERNMENT, ("区",)),
    (frozenset({"各县人民政府", "各县政府", "各县(市)人民政府", "各县(市)政府"}), UnitKind.GOVERNMENT, ("县", "市")),
    (frozenset({"各县区人民政府", "各区县人民政府", "各县区政府", "各区县政府", "各县(区)人民政府", "各县(区)政府",
                "各区(县)人民政府", "各区(县)政府", "各县(市、区)人民政府", "各县(市、区)政府", "各县市区政府"}),
     UnitKind.GOVERNMENT, None),
    (frozenset({"各街道办事处", "各街道", "各街道办"}), UnitKind.STREET, ("街道",)),
    (frozenset({"各乡镇", "各乡镇人民政府", "各乡镇政府", "各镇"}), UnitKind.STREET, ("乡", "镇")),
    (frozenset({"各街道(乡镇)", "各乡镇(街道)", "各街镇", "各乡镇街道", "各街道乡镇", "各镇街"}), UnitKind.STREET, None),
    (frozenset({"各社区", "各社区居委会", "各居委会", "各城市社区", "各社区居民委员会"}), UnitKind.COMMUNITY, ("社区",)),
    (frozenset({"各村", "各行政村", "各村委会", "各村民委员会"}), UnitKind.COMMUNITY, ("村",)),
    (frozenset({"各社区(村)", "各村(社区)", "各村居", "各村(居)", "各村(社区)居委会"}), UnitKind.COMMUNITY, None),
)

FEATURE_PREFIX = "特色"
NAME_MAX = 300
CONTENT_NAME_MAX = 60

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD.update({0xFF0E: ord("."), 0x3000: ord(" ")})

CODE_RE = re.compile(r"^(\d+(?:\.\d+)*)(\s+|[、.]\s*)?(?=\S)")
ORDINAL_RE = re.compile(r"^(?:[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）]|[一二三四五六七八九十]+\s*[、.])\s*")
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

    def walk(self, depth: int = 1, parent: IndicatorSpec | None = None) -> Iterable[tuple[IndicatorSpec, int, IndicatorSpec | None]]:
        """(node, depth, parent) for this node and everything under it, parents first."""
        yield self, depth, parent
        for child in self.children:
            yield from child.walk(depth + 1, self)


@dataclass
class ReadFramework:
    title: str
    total_points: Decimal | None
    roots: list[IndicatorSpec]


# ---------------------------------------------------------------------------- units


def split_names(text: str) -> list[str]:
    """Unit names separated by 、，, ; or blanks — but not inside brackets: 各县（市、区）政府."""
    text = unicodedata.normalize("NFKC", text)
    names, current, depth = [], [], 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and (char in "、,;/" or char.isspace()):
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    return [n.strip() for n in names if n.strip()]


class UnitResolver:
    """Unit names as tables write them → Units: full or short name, 繁/简, collective names."""

    def __init__(self, units):
        self.units = [u for u in units if u.is_active]
        self.index = UnitIndex(self.units)
        self.collectives: dict[str, list] = {}
        for names, kind, suffixes in COLLECTIVE_NAMES:
            members = [
                u for u in self.units
                if u.kind == kind and (suffixes is None or u.region.name.endswith(suffixes))
            ]
            for name in names:
                self.collectives[normalize(name)] = members

    def resolve(self, text: str) -> tuple[list, list[str]]:
        """(units in the order named, without repeats; names not found)."""
        found, unknown = [], []
        for name in split_names(text):
            unit = self.index.find(name)
            members = [unit] if unit is not None else self.collectives.get(normalize(name))
            if not members:
                unknown.append(name)
            for member in members or ():
                if member not in found:
                    found.append(member)
        return found, unknown


# ---------------------------------------------------------------------------- reading


def _lookup(aliases: dict, text: str) -> str | None:
    key = normalize(text)
    for value, names in aliases.items():
        if key in (value, normalize(value.label)) or key in (normalize(n) for n in names):
            return value
    return None


def _labels(aliases: dict) -> str:
    return "、".join(str(value.label) for value in aliases)


def _decimal(text: str, *, places: int = 2, limit: int = 100000) -> Decimal | None:
    """A non-negative number with at most ``places`` decimals ("１０分" → 10), or None."""
    key = normalize(text).removesuffix("分")
    try:
        value = Decimal(key)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value >= limit or value != value.quantize(Decimal(1).scaleb(-places)):
        return None
    return value


@dataclass
class _Cell:
    code_hint: str
    name: str
    points: Decimal | None


def _parse_cell(text: str) -> _Cell:
    """"1.2 公共秩序（8分）" → code hint 1.2, name 公共秩序, points 8; numbering like 一、 dropped."""
    text = tidy(text)
    points = None
    match = POINTS_SUFFIX_RE.search(text)
    if match and match.start() > 0:
        points = Decimal(match.group(1))
        text = text[: match.start()]
    code_hint = ""
    match = CODE_RE.match(text)
    if match and (match.group(2) or "." in match.group(1)):
        # Numbering such as "2.3 " is the table's code; used when it fits under the parent's.
        code_hint, text = match.group(1), text[match.end():]
    elif not match:
        text = ORDINAL_RE.sub("", text)
    return _Cell(code_hint, tidy_name(text), points)


@dataclass
class _LeafRow:
    row: Row
    spec: IndicatorSpec  # name filled in later


@dataclass
class _Node:
    cell: _Cell
    level: int
    row: Row
    column_key: str
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list = field(default_factory=list)  # _Node and _LeafRow in order of appearance
    leaf_rows: list[_LeafRow] = field(default_factory=list)


class _Reader:
    def __init__(self, resolver: UnitResolver):
        self.resolver = resolver
        self.errors: list[CellError] = []
        self.root = _Node(_Cell("", "", None), 0, None, "")

    # -- one row

    def read_table(self, table, level_keys: list[str]) -> None:
        previous: list[str] = []
        for row in table.rows:
            path = self._path(row, level_keys, previous)
            if path is None:
                continue
            previous = [text for text, _key in path]
            node = self._node_for(path, row)
            if node is None:
                continue
            if self._is_declaration(row, path[-1][0], level_keys):
                continue
            leaf = _LeafRow(row, self._leaf_values(row, table))
            node.leaf_rows.append(leaf)
            node.entries.append(leaf)

    def _path(self, row: Row, level_keys: list[str], previous: list[str]) -> list[tuple[str, str]] | None:
        cells = [row.text(key) for key in level_keys]
        # A horizontally merged section title repeats its text into the next hierarchy columns.
        for i in range(len(cells) - 1, 0, -1):
            if cells[i] and normalize(cells[i]) == normalize(cells[i - 1]):
                cells[i] = ""
        filled = [i for i, text in enumerate(cells) if text]
        if not filled:
            self.errors.append(row.error(level_keys[0], _("未填写指标名称。")))
            return None
        deepest = filled[-1]
        for i in range(deepest):
            if not cells[i]:
                # A blank ancestor means "same as the row above" (tables that do not merge cells).
                same_branch = [normalize(c) for c in cells[:i]] == [normalize(c) for c in previous[:i]]
                if i < len(previous) and same_branch:
                    cells[i] = previous[i]
                else:
                    self.errors.append(row.error(level_keys[i], _("上级指标为空，无法确定本行指标的归属。")))
                    return None
        return [(cells[i], level_keys[i]) for i in range(deepest + 1) if cells[i]]

    def _node_for(self, path: list[tuple[str, str]], row: Row) -> _Node | None:
        node = self.root
        for level, (text, key) in enumerate(path, start=1):
            cell = _parse_cell(text)
            if not cell.name:
                self.errors.append(row.error(key, _("指标名称为空。")))
                return None
            if len(cell.name) > NAME_MAX:
                self.errors.append(row.error(key, _("指标名称超过 %(n)d 个字。") % {"n": NAME_MAX}))
                return None
            child = node.children.get(normalize(cell.name))
            if child is None:
                child = _Node(cell, level, row, key)
                node.children[normalize(cell.name)] = child
                node.entries.append(child)
            elif child.cell.points is None:
                child.cell.points = cell.points
            node = child
        return node

    @staticmethod
    def _is_declaration(row: Row, deepest_text: str, level_keys: list[str]) -> bool:
        """A row that only names an indicator (a section title), giving no leaf values."""
        return all(row.text(key) in ("", deepest_text) for key in row.letters if key not in level_keys)

    def _leaf_values(self, row: Row, table) -> IndicatorSpec:
        spec = IndicatorSpec(name="")
        spec.description = tidy(row.text("description"))
        points = _decimal(row.text("points"))
        if not row.text("points"):
            self.errors.append(row.error("points", _("分值不能为空。")))
        elif points is None:
            self.errors.append(row.error("points", _("分值“%(v)s”应为不小于 0、最多两位小数的数字。") % {"v": row.text("points")}))
        spec.points = points if points is not None else Decimal(0)
        if "method" in row.letters:
            spec.method = self._choice(row, "method", METHOD_ALIASES, required=True) or ""
        else:
            spec.method = Method.MATERIAL
        spec.rule = self._choice(row, "rule", RULE_ALIASES) or Rule.RATE
        spec.cadence = self._choice(row, "cadence", CADENCE_ALIASES) or Cadence.ONCE
        if row.text("target"):
            spec.target = _decimal(row.text("target"), places=4, limit=10**10)
            if spec.target is None:
                self.errors.append(row.error("target", _("目标值“%(v)s”不是有效的数字。") % {"v": row.text("target")}))
        spec.evidence = tidy(row.text("evidence"))
        named = {key: row.text(key) for key in UNIT_KEYS if key in row.letters}
        resolved: dict[str, list] = {}
        for key, text in named.items():
            units, unknown = self.resolver.resolve(text)
            resolved[key] = units
            if unknown:
                self.errors.append(row.error(key, _("找不到单位：%(names)s（请填写单位全称或简称）。") % {"names": "、".join(unknown)}))
        if named and not any(named.values()):
            self.errors.append(row.error(next(iter(named)), _("未填写牵头单位或责任单位。")))
        spec.leads = resolved.get("lead", [])
        spec.co = [u for key in ("responsible", "cooperating") for u in resolved.get(key, []) if u not in spec.leads]
        spec.co = list(dict.fromkeys(spec.co))
        return spec

    def _choice(self, row: Row, key: str, aliases: dict, *, required: bool = False) -> str | None:
        text = row.text(key)
        if not text:
            if required:
                self.errors.append(row.error(key, _("不能为空，可填：%(v)s。") % {"v": _labels(aliases)}))
            return None
        if len(split_names(text)) > 1 and key == "method":
            self.errors.append(row.error(key, _("一个指标只能有一种测评方法，“%(v)s”请拆成多行。") % {"v": text}))
            return None
        value = _lookup(aliases, text)
        if value is None:
            self.errors.append(row.error(key, _("无法识别“%(v)s”，可填：%(opts)s。") % {"v": text, "opts": _labels(aliases)}))
        return value

    # -- the tree

    def build(self) -> list[IndicatorSpec]:
        roots = [self._spec(entry) for entry in self.root.entries]
        roots = [r for r in roots if r is not None]
        _assign_codes(roots, "")
        for root in roots:
            if normalize(root.name).startswith(FEATURE_PREFIX):
                for node, _depth, _parent in root.walk():
                    node.is_feature = True
        return roots

    def _spec(self, node: _Node) -> IndicatorSpec | None:
        if not node.children and len(node.leaf_rows) == 1:
            spec = node.leaf_rows[0].spec
            spec.name, spec.code = node.cell.name, node.cell.code_hint
            return spec
        if not node.children and not node.leaf_rows:
            self.errors.append(node.row.error(node.column_key, _("指标“%(name)s”既没有分值，也没有下级指标。") % {"name": node.cell.name}))
            return None
        children = []
        for entry in node.entries:
            if isinstance(entry, _Node):
                child = self._spec(entry)
            else:
                # Several rows under one indicator: each row is an item named by its 测评内容.
                child = entry.spec
                if not child.description:
                    self.errors.append(entry.row.error(
                        "description" if "description" in entry.row.letters else node.column_key,
                        _("“%(name)s”占多行或另有下级指标时，每行都要填写测评内容。") % {"name": node.cell.name},
                    ))
                    continue
                child.name = content_name(child.description)
            if child is not None:
                children.append(child)
        points = node.cell.points
        if points is None:
            points = sum((Decimal(c.points) for c in children), Decimal(0))
        return IndicatorSpec(name=node.cell.name, code=node.cell.code_hint, points=points, method="", children=children)


def _assign_codes(siblings: list[IndicatorSpec], parent_code: str) -> None:
    """Codes as the table gives them when they fit under the parent's, else by position."""
    prefix = f"{parent_code}." if parent_code else ""
    used: set[str] = set()
    for node in siblings:
        hint = node.code
        fits = hint and hint.startswith(prefix) and "." not in hint[len(prefix):] and hint not in used
        node.code = hint if fits else ""
        if fits:
            used.add(hint)
    for position, node in enumerate(siblings, start=1):
        if not node.code:
            number = position
            while f"{prefix}{number}" in used:
                number += 1
            node.code = f"{prefix}{number}"
            used.add(node.code)
        _assign_codes(node.children, node.code)


def _title(ws, header_row: int) -> str:
    """The first text above the header (e.g. “××市创建全国文明城市测评体系任务分解表”)."""
    if header_row <= 1:
        return ""
    for row in ws.iter_rows(min_row=1, max_row=header_row - 1, values_only=True):
        for value in row:
            if value is not None and str(value).strip():
                return tidy(str(value))
    return ""


def read_framework(wb, *, units, label: str = "") -> ReadFramework:
    """Every sheet with the framework's header, read into one tree; SheetRejected lists every problem."""
    reader = _Reader(UnitResolver(units))
    title = ""
    first_rejection: SheetRejected | None = None
    read_any = False
    for ws in wb.worksheets:
        try:
            table = read_table(ws, COLUMNS)
        except SheetRejected as rejected:
            first_rejection = first_rejection or rejected
            continue
        level_keys = [key for key in LEVEL_KEYS if key in table.letters]
        if not level_keys:
            reader.errors.append(CellError(ws.title, table.header_row, None, _("表头中应有“一级指标”“二级指标”“三级指标”或“测评项目”列。")))
            continue
        read_any = True
        title = title or _title(ws, table.header_row)
        reader.read_table(table, level_keys)
    if not read_any and not reader.errors:
        raise first_rejection or SheetRejected([CellError(label, None, None, _("工作簿是空的。"))])
    roots = reader.build() if read_any else []
    if read_any and not roots and not reader.errors:
        reader.errors.append(CellError(label, None, None, _("表中没有任何指标。")))
    if reader.errors:
        raise SheetRejected(reader.errors)
    total = None
    match = FULL_MARK_RE.search(title)
    if match:
        total = Decimal(match.group(1))
        title = (title[: match.start()] + title[match.end():]).strip()
    return ReadFramework(title=title, total_points=total, roots=roots)


# ---------------------------------------------------------------------------- writing

EXPORT_TAIL = ("测评内容", "测评方法", "分值", "计分规则", "任务周期", "目标值", "佐证材料", "牵头单位", "责任单位")


def _is_content_row(node: IndicatorSpec, parent: IndicatorSpec | None) -> bool:
    """An item named by its 测评内容 goes on a row of its parent's (the form reading recognises)."""
    return (
        parent is not None and not node.children and len(parent.children) >= 2
        and bool(node.description) and node.name == content_name(node.description)
    )


def _cell_text(node: IndicatorSpec) -> str:
    text = f"{node.code} {node.name}" if node.code else node.name
    if node.children and node.points is not None:
        text += f"（{format_points(node.points)}分）"
    return text


def _choice_label(choices, value: str) -> str:
    return str(choices(value).label) if value else ""


def _rows(roots: Sequence[IndicatorSpec]) -> list[tuple[list[IndicatorSpec], IndicatorSpec]]:
    """(hierarchy path, leaf) per leaf, in tree order."""
    rows = []

    def visit(node: IndicatorSpec, ancestors: list[IndicatorSpec]) -> None:
        if node.children:
            for child in node.children:
                visit(child, ancestors + [node])
            return
        parent = ancestors[-1] if ancestors else None
        path = ancestors if _is_content_row(node, parent) else ancestors + [node]
        rows.append((path, node))

    for root in roots:
        visit(root, [])
    return rows


def write_framework(*, title: str, roots: Sequence[IndicatorSpec], total_points: Decimal | None = None) -> bytes:
    """The framework as a task-decomposition table: a title row, merged hierarchy cells, one row per leaf."""
    rows = _rows(roots)
    levels = max((len(path) for path, _leaf in rows), default=1)
    if levels > len(LEVEL_HEADERS):
        raise ValueError(f"indicator tree deeper than {len(LEVEL_HEADERS)} levels")
    header = list(LEVEL_HEADERS[:levels]) + list(EXPORT_TAIL)
    wb = Workbook()
    ws = wb.active
    ws.title = "测评体系"
    if total_points is not None:
        title = f"{title}（满分{format_points(total_points)}分）"
    ws.append([safe_cell(title)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    first_data_row = 3
    for path, leaf in rows:
        cells = [_cell_text(node) for node in path] + [""] * (levels - len(path))
        cells += [
            leaf.description,
            _choice_label(Method, leaf.method),
            Decimal(leaf.points) if leaf.points is not None else None,
            _choice_label(Rule, leaf.rule),
            _choice_label(Cadence, leaf.cadence),
            leaf.target,
            leaf.evidence,
            "、".join(str(u) for u in leaf.leads),
            "、".join(str(u) for u in leaf.co),
        ]
        ws.append([safe_cell(c) if c != "" else None for c in cells])
    wrap = Alignment(wrap_text=True, vertical="center")
    for level in range(levels):
        def node_at(i: int, level: int = level) -> IndicatorSpec | None:
            path = rows[i][0] if i < len(rows) else []
            return path[level] if len(path) > level else None

        run_start = 0
        for i in range(1, len(rows) + 1):
            previous, current = node_at(i - 1), node_at(i)
            if current is None or current is not previous:
                if previous is not None and i - 1 > run_start:
                    ws.merge_cells(start_row=first_data_row + run_start, start_column=level + 1,
                                   end_row=first_data_row + i - 1, end_column=level + 1)
                run_start = i
    for index, name in enumerate(header, start=1):
        wide = name in ("测评内容", "佐证材料", "责任单位") or index <= levels
        ws.column_dimensions[get_column_letter(index)].width = 30 if wide else 12
        for row in ws.iter_rows(min_row=first_data_row, min_col=index, max_col=index):
            row[0].alignment = wrap
    ws.freeze_panes = ws.cell(first_data_row, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
