"""Reading a framework table: every problem collected with sheet, row and column; nothing half-read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from wenming.framework.models import Cadence, Method, Rule
from wenming.framework.workbook.spec import (
    CADENCE_ALIASES,
    CODE_RE,
    COLUMNS,
    FEATURE_PREFIX,
    FULL_MARK_RE,
    LEVEL_KEYS,
    METHOD_ALIASES,
    NAME_MAX,
    ORDINAL_RE,
    POINTS_SUFFIX_RE,
    RULE_ALIASES,
    UNIT_KEYS,
    IndicatorSpec,
    ReadFramework,
    content_name,
    tidy,
    tidy_name,
)
from wenming.framework.workbook.units import UnitResolver, split_names
from wenming.hanzi import normalize
from wenming.sheets import CellError, Row, SheetRejected, read_table


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
    if (
        not value.is_finite()
        or value < 0
        or value >= limit
        or value != value.quantize(Decimal(1).scaleb(-places))
    ):
        return None
    return value


@dataclass
class _Cell:
    code_hint: str
    name: str
    points: Decimal | None


def _parse_cell(text: str) -> _Cell:
    """ "1.2 公共秩序（8分）" → code hint 1.2, name 公共秩序, points 8; numbering like 一、 dropped."""
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
        code_hint, text = match.group(1), text[match.end() :]
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

    def _path(
        self, row: Row, level_keys: list[str], previous: list[str]
    ) -> list[tuple[str, str]] | None:
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
                same_branch = [normalize(c) for c in cells[:i]] == [
                    normalize(c) for c in previous[:i]
                ]
                if i < len(previous) and same_branch:
                    cells[i] = previous[i]
                else:
                    self.errors.append(
                        row.error(level_keys[i], _("上级指标为空，无法确定本行指标的归属。"))
                    )
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
        return all(
            row.text(key) in ("", deepest_text) for key in row.letters if key not in level_keys
        )

    def _leaf_values(self, row: Row, table) -> IndicatorSpec:
        spec = IndicatorSpec(name="")
        spec.description = tidy(row.text("description"))
        points = _decimal(row.text("points"))
        if not row.text("points"):
            self.errors.append(row.error("points", _("分值不能为空。")))
        elif points is None:
            self.errors.append(
                row.error(
                    "points",
                    _("分值“%(v)s”应为不小于 0、最多两位小数的数字。") % {"v": row.text("points")},
                )
            )
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
                self.errors.append(
                    row.error(
                        "target", _("目标值“%(v)s”不是有效的数字。") % {"v": row.text("target")}
                    )
                )
        spec.evidence = tidy(row.text("evidence"))
        resolved = self._units(row)
        spec.leads = resolved.get("lead", [])
        spec.co = [
            u
            for key in ("responsible", "cooperating")
            for u in resolved.get(key, [])
            if u not in spec.leads
        ]
        spec.co = list(dict.fromkeys(spec.co))
        return spec

    def _units(self, row: Row) -> dict[str, list]:
        """The units each unit column names (lead, responsible, cooperating), resolved by full or
        short name; a name found nowhere, or short for several units, is an error of the row."""
        named = {key: row.text(key) for key in UNIT_KEYS if key in row.letters}
        resolved: dict[str, list] = {}
        for key, text in named.items():
            units, unknown, ambiguous = self.resolver.resolve(text)
            resolved[key] = units
            if unknown:
                self.errors.append(
                    row.error(
                        key,
                        _("找不到单位：%(names)s（请填写单位全称或简称）。")
                        % {"names": "、".join(unknown)},
                    )
                )
            if ambiguous:
                self.errors.append(
                    row.error(
                        key,
                        _("简称对应多个单位，请写全称：%(names)s。")
                        % {"names": "、".join(ambiguous)},
                    )
                )
        if named and not any(named.values()):
            self.errors.append(row.error(next(iter(named)), _("未填写牵头单位或责任单位。")))
        return resolved

    def _choice(self, row: Row, key: str, aliases: dict, *, required: bool = False) -> str | None:
        text = row.text(key)
        if not text:
            if required:
                self.errors.append(
                    row.error(key, _("不能为空，可填：%(v)s。") % {"v": _labels(aliases)})
                )
            return None
        if len(split_names(text)) > 1 and key == "method":
            self.errors.append(
                row.error(key, _("一个指标只能有一种测评方法，“%(v)s”请拆成多行。") % {"v": text})
            )
            return None
        value = _lookup(aliases, text)
        if value is None:
            self.errors.append(
                row.error(
                    key,
                    _("无法识别“%(v)s”，可填：%(opts)s。") % {"v": text, "opts": _labels(aliases)},
                )
            )
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
            self.errors.append(
                node.row.error(
                    node.column_key,
                    _("指标“%(name)s”既没有分值，也没有下级指标。") % {"name": node.cell.name},
                )
            )
            return None
        children = []
        for entry in node.entries:
            if isinstance(entry, _Node):
                child = self._spec(entry)
            else:
                # Several rows under one indicator: each row is an item named by its 测评内容.
                child = entry.spec
                if not child.description:
                    self.errors.append(
                        entry.row.error(
                            "description"
                            if "description" in entry.row.letters
                            else node.column_key,
                            _("“%(name)s”占多行或另有下级指标时，每行都要填写测评内容。")
                            % {"name": node.cell.name},
                        )
                    )
                    continue
                child.name = content_name(child.description)
            if child is not None:
                children.append(child)
        points = node.cell.points
        if points is None:
            points = sum((Decimal(c.points) for c in children), Decimal(0))
        return IndicatorSpec(
            name=node.cell.name,
            code=node.cell.code_hint,
            points=points,
            method="",
            children=children,
        )


def _assign_codes(siblings: list[IndicatorSpec], parent_code: str) -> None:
    """Codes as the table gives them when they fit under the parent's, else by position."""
    prefix = f"{parent_code}." if parent_code else ""
    used: set[str] = set()
    for node in siblings:
        hint = node.code
        fits = (
            hint and hint.startswith(prefix) and "." not in hint[len(prefix) :] and hint not in used
        )
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
            reader.errors.append(
                CellError(
                    ws.title,
                    table.header_row,
                    None,
                    _("表头中应有“一级指标”“二级指标”“三级指标”或“测评项目”列。"),
                )
            )
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
        title = (title[: match.start()] + title[match.end() :]).strip()
    return ReadFramework(title=title, total_points=total, roots=roots)
