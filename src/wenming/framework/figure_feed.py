"""A metric leaf (数据指标) fed from a register's figure (wenming.figures) instead of typed.

The office names the leaf, the unit, the period and the figure (e.g. ``meal.total``); the figure
is computed as the work report computes it and recorded through ``record_metric_value`` with its
source and period as the value's 数据来源, so the assessment and the report state one number.
A figure whose source holds no data for the period is refused rather than recorded as 0.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wenming.figures import Subject, compute, providers
from wenming.framework.models import MetricValue
from wenming.framework.services import MetricValueError, record_metric_value
from wenming.periods import PeriodError, parse_period
from wenming.regions.models import Unit


def feed_metric_from_figure(
    *, actor, indicator, unit: Unit, period_key: str, figure_key: str
) -> MetricValue:
    if figure_key not in providers():
        raise MetricValueError(_("没有名为“%(key)s”的台账数据。") % {"key": figure_key})
    try:
        period = parse_period(period_key)
    except PeriodError as exc:
        raise MetricValueError(str(exc)) from None
    subject = Subject(
        region_code=unit.region_id,
        period=period,
        unit_id=unit.pk,
        territorial=unit.is_territorial,
    )
    figure = compute(subject, [figure_key])[figure_key]
    if not figure.has_data:
        raise MetricValueError(
            _("%(label)s在%(period)s没有数据，不能作为指标数据。")
            % {"label": figure.label, "period": period.label}
        )
    return record_metric_value(
        actor=actor,
        indicator=indicator,
        unit=unit,
        period=(period.start, period.end),
        value=figure.value,
        note=f"{figure.source} {figure.period_label}"[:200],
    )
