"""The demo: default checklists, ~60 sites near 淮南, a finished and an open round for ``inspector``."""

import pytest

from wenming.inspections.demo import load_demo
from wenming.inspections.models import Finding, Inspection, Round, RoundKind, Site, SiteType
from wenming.regions.demo import load_demo_organisation

pytestmark = pytest.mark.django_db


def test_demo_loads_sites_and_rounds_and_loading_twice_changes_nothing():
    load_demo_organisation()
    load_demo()
    counts = (
        SiteType.objects.count(),
        Site.objects.count(),
        Round.objects.count(),
        Inspection.objects.count(),
    )
    load_demo()
    assert (
        SiteType.objects.count(),
        Site.objects.count(),
        Round.objects.count(),
        Inspection.objects.count(),
    ) == counts
    assert (
        SiteType.objects.filter(name__in=["农贸市场", "背街小巷", "新时代文明实践站"]).count() == 3
    )
    assert 55 <= counts[1] <= 65
    for site in Site.objects.all():
        assert 32.4 < float(site.latitude) < 32.95 and 116.6 < float(site.longitude) < 117.2
        assert site.unit is not None
    finished = Round.objects.get(status="finished")
    assert finished.kind == RoundKind.UNDERCOVER and finished.is_published
    assert Finding.objects.filter(inspection__round=finished, case__isnull=False).exists()
    assert not Finding.objects.filter(case__isnull=True).exists()
    current = Round.objects.get(status="open")
    assert list(current.inspectors.values_list("username", flat=True)) == ["inspector"]
    assert current.round_sites.count() >= 10


def test_checklist_items_are_linked_to_the_active_city_frameworks_leaves(db):
    from wenming.framework.models import Framework, FrameworkStatus, Indicator, Method
    from wenming.inspections.demo import link_indicators
    from wenming.inspections.models import ChecklistItem

    framework = Framework.objects.create(name="测评体系", status=FrameworkStatus.ACTIVE)
    market = Indicator.objects.create(
        framework=framework, code="4.1", name="农贸市场秩序", method=Method.INSPECTION
    )
    psa = Indicator.objects.create(
        framework=framework, code="1.1", name="公益广告刊播", method=Method.INSPECTION
    )
    link_indicators()
    items = ChecklistItem.objects.filter(site_type__code="farmers-market")
    assert items.get(category="占道经营").indicator == market
    assert items.get(category="公益广告缺失").indicator == psa  # the category's own leaf wins
    community = ChecklistItem.objects.filter(site_type__code="community", indicator__isnull=False)
    assert list(community.values_list("category", flat=True)) == [
        "公益广告缺失"
    ]  # no leaf for the rest here
