"""A register's figure feeds a metric leaf: the value recorded is the one the report states,
with its source and period; a figure without data is refused, not recorded as 0."""

from decimal import Decimal

import pytest

from tests.materials.factories import indicator
from tests.welfare.factories import meal_points
from wenming.framework.figure_feed import feed_metric_from_figure
from wenming.framework.models import Method
from wenming.framework.services import MetricValueError
from wenming.regions.models import Region


def test_meal_points_feed_a_metric_leaf_with_their_source(coordinator, units):
    meal_points(Region.objects.get(code="340403001001"), 4)
    meal_points(Region.objects.get(code="340404001201"), 3)
    leaf = indicator(code="4.2.1", name="老年助餐服务点数量", method=Method.METRIC)
    value = feed_metric_from_figure(
        actor=coordinator,
        indicator=leaf,
        unit=units["civil"],
        period_key="2026",
        figure_key="meal.total",
    )
    assert value.value == Decimal(7)
    assert "民生台账·老年食堂（助餐点）" in value.source and "2026年" in value.source
    with pytest.raises(MetricValueError, match="没有数据"):
        feed_metric_from_figure(
            actor=coordinator,
            indicator=leaf,
            unit=units["civil"],
            period_key="2026",
            figure_key="safety.drills",
        )
