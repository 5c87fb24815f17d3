"""Frameworks, indicators and tasks for tests, plus the demo departments the shipped framework names."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from wenming.framework.models import Framework, Indicator, Method, Task
from wenming.regions.demo import DEPARTMENTS
from wenming.regions.models import Region, Unit


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"测评体系{n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"指标{n}")
    method = Method.MATERIAL
    points = Decimal(5)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    indicator = factory.SubFactory(IndicatorFactory)
    unit = None
    region = factory.LazyAttribute(lambda task: task.unit.region)
    title = factory.LazyAttribute(lambda task: f"{task.indicator.code} {task.indicator.name}")
    period_start = date(2026, 1, 1)
    due = date(2026, 12, 31)


def add_demo_departments(city: Region) -> dict[str, Unit]:
    """The city departments of the demo (市城管局, 团市委 …) that the test cast lacks, by short name."""
    by_short = {u.short_name: u for u in Unit.objects.all()}
    for full, short, kind, parent in DEPARTMENTS:
        if short not in by_short:
            by_short[short] = Unit.objects.create(
                name=full,
                short_name=short,
                kind=kind,
                region=city,
                parent=by_short.get(parent) if parent else None,
            )
    return by_short


def xlsx(
    rows,
    *,
    title: str | None = None,
    merges=(),
    sheet: str = "测评体系",
    blank_rows_after_title: int = 0,
) -> bytes:
    """A workbook shaped like a government table: optional title rows, then ``rows`` (header first)."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    for _ in range(blank_rows_after_title):
        ws.append([])
    for row in rows:
        ws.append(list(row))
    for cells in merges:
        ws.merge_cells(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def tree_dump(framework) -> list[tuple]:
    """Everything that makes two frameworks' trees the same, in order."""

    def number(value):
        return None if value is None else format(Decimal(value).normalize(), "f")

    indicators = (
        Indicator.objects.filter(framework=framework)
        .select_related("parent", "lead_unit")
        .prefetch_related("co_units", "joint_lead_units")
        .order_by("position")
    )
    return [
        (
            i.code,
            i.name,
            i.depth,
            i.parent.code if i.parent else None,
            i.description,
            i.method,
            number(i.points),
            i.rule,
            i.cadence,
            number(i.target),
            i.evidence,
            i.lead_unit.name if i.lead_unit else None,
            sorted(u.name for u in i.joint_lead_units.all()),
            sorted(u.name for u in i.co_units.all()),
            i.is_feature,
        )
        for i in indicators
    ]
