"""Ledger figures (台账数值): a unit's value of a metric leaf for a period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.framework import permissions
from wenming.framework.errors import MetricValueError
from wenming.framework.models import Indicator, Method, MetricValue
from wenming.numbers import clean_number
from wenming.regions.models import Unit
from wenming.regions.selectors import units_visible_to


def record_metric_value(
    *,
    actor,
    indicator: Indicator | int,
    unit: Unit | int,
    period: tuple[date, date],
    value: Decimal,
    note: str = "",
) -> MetricValue:
    """Enter (or correct) the ledger figure of a metric leaf for a unit and period [start, end];
    one figure per (leaf, unit, period): a second entry replaces the first, audited as a change."""
    permissions.ensure_can(actor, permissions.RECORD_METRIC)
    indicator_id = indicator.pk if isinstance(indicator, Indicator) else indicator
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    start, end = period
    with transaction.atomic():
        leaf = _metric_leaf(indicator_id)
        target_unit = _unit_for(actor, unit_id)
        if start is None or end is None or end < start:
            raise MetricValueError(_("统计期的结束日期不能早于开始日期。"))
        if value is None:
            raise MetricValueError(_("请填写数值。"))
        value = clean_number(MetricValue, "value", value, minimum=0, error=MetricValueError)
        metric, action, changes = _save(leaf, target_unit, start, end, value, note)
        record(
            actor=actor,
            action=action,
            obj=metric,
            changes=changes,
            summary=f"{leaf.code} {leaf.name} · {target_unit.name} · {start}～{end}：{value}",
        )
    return metric


def _metric_leaf(indicator_id: int) -> Indicator:
    leaf = (
        Indicator.objects.filter(pk=indicator_id, method=Method.METRIC)
        .select_related("framework")
        .first()
    )
    if leaf is None:
        raise MetricValueError(_("所选指标不是数据指标（按台账数据测评的末级指标）。"))
    return leaf


def _unit_for(actor, unit_id: int) -> Unit:
    """The unit, within the actor's territory (a job, with no actor, may name any unit)."""
    units = units_visible_to(actor) if actor is not None else Unit.objects.all()
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise MetricValueError(_("所选单位不存在或不在您的管理范围内。"))
    return unit


def _save(leaf: Indicator, unit: Unit, start: date, end: date, value: Decimal, note: str):
    """Create the period's figure, or replace the one entered before; returns it with the audit
    action and changes."""
    existing = (
        MetricValue.objects.select_for_update()
        .filter(indicator=leaf, unit=unit, period_start=start, period_end=end)
        .first()
    )
    if existing is None:
        metric = MetricValue.objects.create(
            indicator=leaf,
            unit=unit,
            region_id=unit.region_id,
            period_start=start,
            period_end=end,
            value=value,
            source=note,
        )
        return metric, AuditAction.CREATE, {"value": str(value)}
    changes = {"value": [str(existing.value), str(value)], "source": [existing.source, note]}
    existing.value, existing.source = value, note
    existing.save(update_fields=["value", "source"])
    return existing, AuditAction.UPDATE, changes
