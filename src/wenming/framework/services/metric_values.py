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
        leaf = (
            Indicator.objects.filter(pk=indicator_id, method=Method.METRIC)
            .select_related("framework")
            .first()
        )
        if leaf is None:
            raise MetricValueError(_("所选指标不是数据指标（按台账数据测评的末级指标）。"))
        target_unit = (
            (units_visible_to(actor) if actor is not None else Unit.objects.all())
            .filter(pk=unit_id)
            .first()
        )
        if target_unit is None:
            raise MetricValueError(_("所选单位不存在或不在您的管理范围内。"))
        if start is None or end is None or end < start:
            raise MetricValueError(_("统计期的结束日期不能早于开始日期。"))
        if value is None:
            raise MetricValueError(_("请填写数值。"))
        value = clean_number(MetricValue, "value", value, minimum=0, error=MetricValueError)
        existing = (
            MetricValue.objects.select_for_update()
            .filter(indicator=leaf, unit=target_unit, period_start=start, period_end=end)
            .first()
        )
        if existing is None:
            metric = MetricValue.objects.create(
                indicator=leaf,
                unit=target_unit,
                region_id=target_unit.region_id,
                period_start=start,
                period_end=end,
                value=value,
                source=note,
            )
            action, changes = AuditAction.CREATE, {"value": str(value)}
        else:
            changes = {
                "value": [str(existing.value), str(value)],
                "source": [existing.source, note],
            }
            existing.value, existing.source = value, note
            existing.save(update_fields=["value", "source"])
            metric, action = existing, AuditAction.UPDATE
        record(
            actor=actor,
            action=action,
            obj=metric,
            changes=changes,
            summary=f"{leaf.code} {leaf.name} · {target_unit.name} · {start}～{end}：{value}",
        )
    return metric
