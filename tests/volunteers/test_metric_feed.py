"""A metric leaf fed from the volunteers' figure after each month: configured once by the
coordinator, recorded by `wenming tick` for every unit answering for the leaf, read by the
assessment; a second tick records nothing twice, a corrected figure updates the value with its
audit row, a unit without data gets no value (not 0)."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.scoring.factories import small_framework
from tests.volunteers import factories as f
from wenming.accounts.models import AuditEvent
from wenming.framework import figure_feed
from wenming.framework.models import Method, MetricFeed, MetricValue
from wenming.periods import parse_period
from wenming.scoring.services import assess

SH = ZoneInfo("Asia/Shanghai")
DEC_1 = datetime(2026, 12, 1, 8, tzinfo=SH)  # November has ended


@pytest.fixture
def fed_leaf(network, units, coordinator):
    """B1 of the small framework is a metric leaf (target 10 hours) answered for by 光明社区
    (whose team served 4.5 hours in November) and 育才社区 (no service at all)."""
    leaf = small_framework()["B1"]
    leaf.method, leaf.target, leaf.lead_unit = Method.METRIC, Decimal(10), units["guangming"]
    leaf.save()
    leaf.co_units.add(units["yucai"])
    f.served(network["alice"], network["team"], date(2026, 11, 5), "3")
    f.served(network["bob"], network["team"], date(2026, 11, 20), "1.5")
    feed = figure_feed.save_feed(
        actor=coordinator,
        indicator=leaf,
        figure_key="volunteers.hours",
        period_kind="month",
        since=date(2026, 11, 1),
    )
    return leaf, feed


def tick_and_work(time_machine, when=DEC_1):
    """`wenming tick` at ``when``, then the worker's side of the queued feedings."""
    time_machine.move_to(when)
    DBTaskResult.objects.all().delete()
    call_command("tick", stdout=io.StringIO())
    queued = DBTaskResult.objects.filter(task_path__endswith="feed_metric_period")
    jobs = [tuple(r.args_kwargs["args"]) for r in queued]
    for feed_id, period_key in jobs:
        figure_feed.run_feed(feed_id, period_key)
    return jobs


def test_after_the_month_tick_feeds_the_leaf_and_the_assessment_reads_it(
    fed_leaf, units, time_machine
):
    leaf, feed = fed_leaf
    assert tick_and_work(time_machine, datetime(2026, 11, 30, 23, tzinfo=SH)) == []
    assert tick_and_work(time_machine) == [(feed.pk, "2026-11")]
    value = MetricValue.objects.get(indicator=leaf)
    assert (value.unit, value.period_start, value.period_end) == (
        units["guangming"],
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    assert value.value == Decimal("4.5") and "2026年11月" in value.source
    # 育才社区 had no service: no value rather than 0.
    assert not MetricValue.objects.filter(indicator=leaf, unit=units["yucai"]).exists()
    rows = {
        r.unit.short_name: r
        for r in assess(actor=None, framework=leaf.framework, period=parse_period("2026-11"))
        .assessment.rows.select_related("unit")
        .all()
    }
    assert rows["光明社区"].scores[str(leaf.pk)][0] == "2.25"  # 4.5 of 10 hours → 45 % of 5


def test_a_second_tick_records_nothing_and_a_correction_updates_with_an_audit_row(
    fed_leaf, network, units, time_machine
):
    leaf, feed = fed_leaf
    tick_and_work(time_machine)
    audited = AuditEvent.objects.filter(object_type="framework.metricvalue").count()
    assert tick_and_work(time_machine) == []  # fed already: nothing is due
    f.served(network["bob"], network["team"], date(2026, 11, 28), "2")  # a late record
    assert tick_and_work(time_machine, datetime(2026, 12, 2, 8, tzinfo=SH)) == [
        (feed.pk, "2026-11")
    ]
    value = MetricValue.objects.get(indicator=leaf, unit=units["guangming"])
    assert value.value == Decimal("6.5")
    change = AuditEvent.objects.filter(object_type="framework.metricvalue").latest("pk")
    assert [Decimal(v) for v in change.changes["value"]] == [Decimal("4.5"), Decimal("6.5")]
    assert AuditEvent.objects.filter(object_type="framework.metricvalue").count() == audited + 1
    assert MetricValue.objects.filter(indicator=leaf).count() == 1


def test_the_coordinator_sets_the_feed_on_the_metric_page_and_stops_typing(
    fed_leaf, coordinator, login
):
    leaf, feed = fed_leaf
    client = login(coordinator)
    page = client.get("/framework/metrics/").content.decode()
    assert "志愿服务时长" in page and 'data-testid="metric-feed"' in page
    typed = page.split('data-testid="metric-indicator"')[1].split("</select>")[0]
    assert "创建知晓率" not in typed  # a fed leaf is not typed any more
    client.post(f"/framework/metrics/feeds/{feed.pk}/stop/")
    assert not MetricFeed.objects.get(pk=feed.pk).is_active
    response = client.post(
        "/framework/metrics/feeds/",
        {"indicator": leaf.pk, "figure_key": "volunteers.share", "period_kind": "quarter"},
    )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.figure_key, feed.period_kind, feed.is_active) == (
        "volunteers.share",
        "quarter",
        True,
    )
