"""Writing a framework as a task-decomposition table that reads back to the same framework."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from wenming.framework.models import Cadence, Method, Rule
from wenming.framework.workbook.spec import (
    LEVEL_HEADERS,
    IndicatorSpec,
    content_name,
    format_points,
)
from wenming.sheets import safe_cell

EXPORT_TAIL = (
    "测评内容",
    "测评方法",
    "分值",
    "计分规则",
    "任务周期",
    "目标值",
    "佐证材料",
    "牵头单位",
    "责任单位",
)


def _is_content_row(node: IndicatorSpec, parent: IndicatorSpec | None) -> bool:
    """An item named by its 测评内容 goes on a row of its parent's (the form reading recognises)."""
    return (
        parent is not None
        and not node.children
        and len(parent.children) >= 2
        and bool(node.description)
        and node.name == content_name(node.description)
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


def _leaf_row(path: list[IndicatorSpec], leaf: IndicatorSpec, levels: int) -> list:
    """A leaf's row: its ancestors' names, one per level, then its columns (EXPORT_TAIL)."""
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
    return [safe_cell(c) if c != "" else None for c in cells]


def _merge_runs(ws, rows: list, levels: int, first_data_row: int) -> None:
    """Merge each level's column over the rows that share the same node there."""
    for level in range(levels):

        def node_at(i: int, level: int = level) -> IndicatorSpec | None:
            path = rows[i][0] if i < len(rows) else []
            return path[level] if len(path) > level else None

        run_start = 0
        for i in range(1, len(rows) + 1):
            previous, current = node_at(i - 1), node_at(i)
            if current is None or current is not previous:
                if previous is not None and i - 1 > run_start:
                    ws.merge_cells(
                        start_row=first_data_row + run_start,
                        start_column=level + 1,
                        end_row=first_data_row + i - 1,
                        end_column=level + 1,
                    )
                run_start = i


def write_framework(
    *, title: str, roots: Sequence[IndicatorSpec], total_points: Decimal | None = None
) -> bytes:
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
        ws.append(_leaf_row(path, leaf, levels))
    _merge_runs(ws, rows, levels, first_data_row)
    wrap = Alignment(wrap_text=True, vertical="center")
    for index, name in enumerate(header, start=1):
        wide = name in ("测评内容", "佐证材料", "责任单位") or index <= levels
        ws.column_dimensions[get_column_letter(index)].width = 30 if wide else 12
        for row in ws.iter_rows(min_row=first_data_row, min_col=index, max_col=index):
            row[0].alignment = wrap
    ws.freeze_panes = ws.cell(first_data_row, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
