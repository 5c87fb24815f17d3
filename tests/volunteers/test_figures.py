"""The volunteer figures: registered and their share of the population, active, hours and 服务人次
by region and month, demands met; the same numbers on the page, in the API and in a metric leaf."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.materials.factories import indicator
from tests.volunteers import factories as f
from wenming.framework.figure_feed import feed_metric_from_figure
from wenming.framework.models import Method
from wenming.regions.models import Region
from wenming.volunteers import selectors
from wenming.volunteers.models import (
    Demand,
    DemandState,
    RegionPopulation,
    Volunteer,
)


@pytest.fixture
def figures_world(network):
    team, alice, bob = network["team"], network["alice"], network["bob"]
    other = f.team("育才社区青年志愿服务队", "340404001001")
    carol = f.volunteer(3, name="赵小兰", region_code="340404001001", teams=[other])
    Volunteer.objects.update(registered_on=date(2025, 1, 1))
    RegionPopulation.objects.create(region_id="340403000000", year=2026, population=1000)
    f.served(alice, team, date(2026, 10, 5), "2")
    f.served(alice, team, date(2026, 11, 5), "3")
    f.served(bob, team, date(2026, 11, 20), "1.5")
    f.served(carol, other, date(2026, 11, 21), "4")
    f.served(bob, team, date(2025, 6, 1), "2")  # more than 12 months before November 2026
    for state in (DemandState.COMPLETED, DemandState.COMPLETED, DemandState.OPEN):
        d = Demand.objects.create(
            category="elderly",
            title="助老",
            region_id="340403001001",
            handler_region_id="340403001001",
            channel="public",
            state=state,
            rating=5 if state == DemandState.COMPLETED else None,
        )
        Demand.objects.filter(pk=d.pk).update(
            created=timezone.make_aware(timezone.datetime(2026, 11, 10, 9))
        )
    return network


def test_figures_of_a_district_for_a_month(figures_world):
    tja = Region.objects.get(pk="340403000000")
    found = selectors.figures(tja, start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert (found.registered, found.population, found.share) == (2, 1000, Decimal("0.20"))
    assert found.active == 2  # alice and bob served within the 12 months to 30 November
    assert (found.hours, found.services) == (Decimal("4.5"), 2)
    assert (found.demands, found.demands_met, found.rating) == (3, 2, Decimal("5.0"))


def test_hours_by_region_and_month_is_one_row_per_child_and_month(figures_world):
    city = Region.objects.get(pk="340400000000")
    rows = selectors.hours_by_region_month(city, start=date(2026, 1, 1), end=date(2026, 11, 30))
    got = {(r["name"], r["month"].month): (r["hours"], r["services"]) for r in rows}
    assert got == {
        ("田家庵区", 10): (Decimal("2"), 1),
        ("田家庵区", 11): (Decimal("4.5"), 2),
        ("谢家集区", 11): (Decimal("4"), 1),
    }


def test_the_share_feeds_a_metric_leaf_with_its_source(figures_world, coordinator, units):
    leaf = indicator(code="5.3.1", name="注册志愿者占居民人口比例", method=Method.METRIC)
    value = feed_metric_from_figure(
        actor=coordinator,
        indicator=leaf,
        unit=units["tja_gov"],
        period_key="2026-11",
        figure_key="volunteers.share",
    )
    assert value.value == Decimal("0.2") and "志愿服务记录" in value.source
    hours = feed_metric_from_figure(
        actor=coordinator,
        indicator=indicator(code="5.3.2", name="志愿服务时长", method=Method.METRIC),
        unit=units["tja_gov"],
        period_key="2026-11",
        figure_key="volunteers.hours",
    )
    assert hours.value == Decimal("4.5")


def test_page_and_api_state_the_same_figures(figures_world, coordinator, login):
    from wenming.accounts.tokens import issue_token

    client = login(coordinator)
    page = client.get("/volunteers/figures/?region=340403000000&period=2026-11").content.decode()
    assert '<td data-testid="fig-registered">2</td>' in page and "0.20%" in page and "4.5" in page
    raw, _token = issue_token(user=coordinator)
    body = client.get(
        "/api/v1/volunteers/figures?region=340403000000&period=2026-11",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    ).json()
    assert body["registered"] == 2 and body["services"] == 2
    assert Decimal(body["share"]) == Decimal("0.20") and Decimal(body["hours"]) == Decimal("4.5")


def test_a_community_sees_only_its_own_figures(figures_world, community1, login):
    assert login(community1).get("/volunteers/figures/?region=340404000000").status_code == 404
    assert login(community1).get("/volunteers/figures/").status_code == 200


def test_the_overview_counts_volunteers_in_名(figures_world, coordinator, login):
    page = login(coordinator).get("/volunteers/").content.decode()
    assert re.search(
        r'data-testid="fig-registered">\d+</span> <small class="fs-6">名</small>', page
    )
