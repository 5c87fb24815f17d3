"""Ledger figures of metric leaves (MetricValue): entered by the coordinator on a page, audited,
a second entry for the same leaf, unit and period corrects the first; others may not."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wenming.accounts.models import AuditAction, AuditEvent
from wenming.framework import services
from wenming.framework.models import Framework, FrameworkStatus, Indicator, Method, MetricValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaves():
    fw = Framework.objects.create(
        name="测试体系", status=FrameworkStatus.ACTIVE, total_points=Decimal(10)
    )
    root = Indicator.objects.create(
        framework=fw, code="C", name="养老服务", points=10, depth=1, position=1
    )
    metric = Indicator.objects.create(
        framework=fw,
        parent=root,
        code="C1",
        name="老年助餐点数量",
        points=5,
        depth=2,
        position=2,
        method=Method.METRIC,
        target=Decimal(551),
    )
    material = Indicator.objects.create(
        framework=fw,
        parent=root,
        code="C2",
        name="工作台账",
        points=5,
        depth=2,
        position=3,
        method=Method.MATERIAL,
    )
    return metric, material


def _post(client, indicator, unit, value, **extra):
    data = {
        "indicator": indicator.pk,
        "unit": unit.pk,
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
        "value": value,
        "note": "民政局养老服务台账 2026年11月",
        **extra,
    }
    return client.post(reverse("framework:metric_values"), data)


def test_the_coordinator_enters_and_corrects_a_figure_and_both_are_audited(
    client, coordinator, units, leaves
):
    metric, _ = leaves
    client.force_login(coordinator)
    page = client.get(reverse("framework:metric_values"))
    assert page.status_code == 200 and "C1 老年助餐点数量" in page.content.decode()
    assert _post(client, metric, units["civil"], "540").status_code == 302
    assert _post(client, metric, units["civil"], "551").status_code == 302
    value = MetricValue.objects.get()
    assert (value.value, value.unit, value.region_id, value.source) == (
        Decimal("551"),
        units["civil"],
        units["civil"].region_id,
        "民政局养老服务台账 2026年11月",
    )
    actions = list(
        AuditEvent.objects.filter(object_type__icontains="metric")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE]
    html = client.get(reverse("framework:metric_values")).content.decode()
    assert "551" in html and "2026-11-01 ～ 2026-11-30" in html


def test_a_leaf_that_is_not_a_metric_and_a_reversed_period_are_refused_in_chinese(
    client, coordinator, units, leaves
):
    metric, material = leaves
    client.force_login(coordinator)
    assert (
        _post(client, material, units["civil"], "1").status_code == 422
    )  # not offered on the page
    with pytest.raises(services.MetricValueError, match="不是数据指标"):
        services.record_metric_value(
            actor=coordinator,
            indicator=material,
            unit=units["civil"],
            period=(date(2026, 11, 1), date(2026, 11, 30)),
            value=Decimal(1),
        )
    response = _post(client, metric, units["civil"], "1", period_start="2026-12-01")
    assert response.status_code == 422 and "结束日期不能早于开始日期" in response.content.decode()
    assert not MetricValue.objects.exists()


def test_a_liaison_may_not_enter_figures(client, community1, units, leaves):
    metric, _ = leaves
    client.force_login(community1)
    assert client.get(reverse("framework:metric_values")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_metric_value(
            actor=community1,
            indicator=metric,
            unit=units["guangming"],
            period=(None, None),
            value=Decimal(1),
        )
    assert not MetricValue.objects.exists()
