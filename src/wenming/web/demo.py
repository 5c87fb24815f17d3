"""The demo city (淮南市), loaded app by app in dependency order; web sits above every app, so the
hand-offs between them (the inspection sites where the demo's cases happen) are made here."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from wenming.cases import demo as case_demo
from wenming.community import demo as community_demo
from wenming.framework import demo as framework_demo
from wenming.framework import figure_feed
from wenming.framework.models import FrameworkStatus, Indicator, Method, MetricFeed
from wenming.honors import demo as honor_demo
from wenming.inspections import demo as inspection_demo
from wenming.materials import demo as material_demo
from wenming.participation import demo as participation_demo
from wenming.regions.demo import load_demo_organisation
from wenming.scoring import demo as scoring_demo
from wenming.surveys import demo as survey_demo
from wenming.volunteers import demo as volunteer_demo
from wenming.welfare import demo as welfare_demo


def load_demo_city() -> dict[str, dict[str, int]]:
    """Every app's demo data, each loader idempotent; returns each app's counts."""
    loaded = {"organisation": load_demo_organisation(), "framework": framework_demo.load_demo()}
    loaded["surveys"] = survey_demo.load_demo()
    loaded["materials"] = material_demo.load_demo()
    loaded["inspections"] = inspection_demo.load_demo()
    loaded["cases"] = case_demo.load_demo(places=inspection_demo.case_places())
    loaded["scoring"] = scoring_demo.load_demo()
    loaded["welfare"] = welfare_demo.load_demo()
    loaded["community"] = community_demo.load_demo()
    loaded["participation"] = participation_demo.load_demo(places=inspection_demo.case_places())
    loaded["volunteers"] = volunteer_demo.load_demo()
    loaded["feeds"] = feed_demo_leaf()
    loaded["honors"] = honor_demo.load_demo()
    return loaded


def feed_demo_leaf() -> dict[str, int]:
    """注册志愿者比例 of the city framework is fed from the volunteers' share each month (the
    coordinator no longer types it); the months already ended are fed now, as tick would."""
    leaf = Indicator.objects.filter(
        framework__status=FrameworkStatus.ACTIVE, method=Method.METRIC, name="注册志愿者比例"
    ).first()
    if leaf is None:
        return {"feeds": 0, "values": 0}
    if not MetricFeed.objects.filter(indicator=leaf).exists():
        today = timezone.localdate()
        figure_feed.save_feed(
            actor=None,
            indicator=leaf,
            figure_key="volunteers.share",
            period_kind="month",
            since=(today.replace(day=1) - timedelta(days=1)).replace(day=1),
        )
    for feed_id, period_key in figure_feed.due_feeds():
        figure_feed.run_feed(feed_id, period_key)
    return {"feeds": MetricFeed.objects.count(), "values": leaf.metric_values.count()}
