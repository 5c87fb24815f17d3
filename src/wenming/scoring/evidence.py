"""The evidence an assessment counts, read through the owning apps' selectors — one grouped
query per kind of evidence, by (region, unit, indicator), whatever the number of rows.

Read only: scoring never touches a domain table itself (DESIGN.md §3). Each function returns
plain "cells" (num, den, sample per leaf as arithmetic.leaf_score reads them);
:mod:`wenming.scoring.engine` attributes them to units and scores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from wenming.cases.selectors import exposed_case_summaries
from wenming.framework import selectors as framework_selectors
from wenming.inspections import selectors as inspection_selectors
from wenming.materials import selectors as material_selectors
from wenming.periods import Period
from wenming.surveys import selectors as survey_selectors

ZERO = Decimal("0")


def bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as [start, end) instants (Period.bounds)."""
    return period.bounds()


@dataclass(frozen=True)
class Cell:
    region: str
    unit_id: int | None
    indicator_id: int
    num: Decimal
    den: Decimal
    sample: int


def material_cells(framework_id: int, period: Period) -> list[Cell]:
    """Material leaves: num = Σ grade percent, den = tasks counted (materials.selectors.graded_task_cells)."""
    _start, end = bounds(period)
    rows = material_selectors.graded_task_cells(
        framework_id=framework_id, first_day=period.start, last_day=period.end, end=end
    )
    return [
        Cell(
            r["region"],
            r["unit_id"],
            r["indicator_id"],
            Decimal(r["percent"]),
            Decimal(r["tasks"]),
            r["tasks"],
        )
        for r in rows
    ]


def metric_cells(framework_id: int, period: Period) -> list[Cell]:
    """Metric leaves: num = Σ ledger figures, den = figures (the leaf scores their mean against the
    target; framework.selectors.metric_value_cells)."""
    rows = framework_selectors.metric_value_cells(
        framework_id=framework_id, first_day=period.start, last_day=period.end
    )
    return [
        Cell(
            r["region"],
            r["unit_id"],
            r["indicator_id"],
            Decimal(r["total"]),
            Decimal(r["figures"]),
            r["figures"],
        )
        for r in rows
    ]


def inspection_cells(framework_id: int, period: Period, rules: dict[int, str]) -> list[Cell]:
    """Inspection leaves (inspections.selectors.checklist_result_cells). ``rate``: num = passed,
    den = passed + failed; ``deduct``: num = points deducted for failed items, den = visits."""
    start, end = bounds(period)
    cells = []
    for r in inspection_selectors.checklist_result_cells(
        framework_id=framework_id, start=start, end=end
    ):
        indicator = r["indicator_id"]
        if rules.get(indicator) == "deduct":
            num, den = Decimal(r["deducted"]), Decimal(r["visits"])
        else:
            num, den = Decimal(r["passed"]), Decimal(r["passed"] + r["failed"])
        cells.append(Cell(r["region"], r["unit_id"], indicator, num, den, r["visits"]))
    return cells


def survey_cells(framework_id: int, period: Period) -> list[Cell]:
    """Survey leaves: num = Σ answer score (0…100), den = answers; the unit is the survey's
    organiser (surveys.selectors.scored_answer_cells)."""
    start, end = bounds(period)
    rows = survey_selectors.scored_answer_cells(framework_id=framework_id, start=start, end=end)
    return [
        Cell(
            r["region"],
            r["unit_id"],
            r["indicator_id"],
            Decimal(r["total"]),
            Decimal(r["answers"]),
            r["answers"],
        )
        for r in rows
    ]


def task_cells(framework_id: int, period: Period) -> list[dict]:
    """Tasks due in the period per unit: done (任务完成率, framework.selectors) and, for material
    leaves, handed in by the due date (材料按时报送率, the materials app's condition) — one scan."""
    tasks = framework_selectors.task_completion_counts(
        framework_id=framework_id,
        first_day=period.start,
        last_day=period.end,
        material_on_time=material_selectors.handed_in_by_due(),
    )
    return [{"unit_id": unit_id, **row} for unit_id, row in tasks.items()]


def exposed_cases(region_prefix: str, period: Period, *, limit: int = 10) -> list[dict]:
    """挂牌督办 in the scope at the period's end (cases.selectors.exposed_case_summaries); the
    assessment stores them in its snapshot, and its bulletin prints them from there."""
    _start, end = bounds(period)
    return exposed_case_summaries(region_prefix=region_prefix, end=end, limit=limit)
