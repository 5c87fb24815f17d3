"""The metric feeds' reads: the latest run of each feed, as the metric page lists it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.scoring.factories import small_framework
from wenming.framework import selectors
from wenming.framework.models import Method, MetricFeed, MetricFeedRun

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def _feed(leaf):
    leaf.method = Method.METRIC
    leaf.save()
    return MetricFeed.objects.create(
        indicator=leaf, figure_key="volunteers.hours", period_kind="month", since=date(2026, 1, 1)
    )


def _run(feed, key, day):
    return MetricFeedRun.objects.create(
        feed=feed, period_key=key, ran_at=datetime(2026, 12, day, 9, tzinfo=SH)
    )


def test_each_feed_shows_its_latest_run_and_a_feed_never_run_none(units):
    leaves = small_framework()
    fed, other, never = _feed(leaves["B1"]), _feed(leaves["B2"]), _feed(leaves["A1"])
    _run(fed, "2026-10", 1)
    latest = _run(fed, "2026-09", 3)  # an older period fed again later
    _run(fed, "2026-11", 2)
    only = _run(other, "2026-11", 1)
    last = selectors.last_runs([fed, other, never])
    assert last == {fed.pk: latest, other.pk: only}
    assert selectors.feed_run_times([fed])[(fed.pk, "2026-09")] == latest.ran_at
    assert {f.pk for f in selectors.active_feeds(leaves=[leaves["B1"], leaves["A1"]])} == {
        fed.pk,
        never.pk,
    }
    never.is_active = False
    never.save()
    assert selectors.get_active_feed(never.pk) is None
    assert selectors.get_active_feed(fed.pk) == fed
