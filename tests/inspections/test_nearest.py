"""The inspector's site picker: unvisited sites first, nearest first from the phone's position."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.inspections.factories import SiteFactory, answers_for, make_round
from wenming.inspections import selectors, services

pytestmark = pytest.mark.django_db

HERE = (32.640000, 117.010000)


@pytest.fixture
def round_with_sites(coordinator, inspector, units):
    far = SiteFactory(name="远处", latitude=Decimal("32.700000"), longitude=Decimal("117.100000"))
    near = SiteFactory(name="近处", latitude=Decimal("32.640500"), longitude=Decimal("117.010500"))
    middle = SiteFactory(
        name="中间", latitude=Decimal("32.650000"), longitude=Decimal("117.020000")
    )
    nowhere = SiteFactory(name="无坐标", latitude=None, longitude=None)
    round = make_round(coordinator, sites=[far, nowhere, middle, near], inspectors=[inspector])
    return round, {"far": far, "near": near, "middle": middle, "nowhere": nowhere}


def test_stops_come_nearest_first_and_sites_without_a_position_last(inspector, round_with_sites):
    round, _ = round_with_sites
    stops = selectors.round_stops(inspector, round, latitude=HERE[0], longitude=HERE[1])
    assert [s.site.name for s in stops] == ["近处", "中间", "远处", "无坐标"]
    assert stops[0].distance_m < 100 and stops[0].distance_text.endswith("米")
    assert stops[2].distance_text.endswith("公里")


def test_without_a_position_the_round_order_is_kept(inspector, round_with_sites):
    round, _ = round_with_sites
    assert [s.site.name for s in selectors.round_stops(inspector, round)] == [
        "远处",
        "无坐标",
        "中间",
        "近处",
    ]


def test_visited_sites_move_to_the_end(inspector, round_with_sites):
    round, sites = round_with_sites
    services.record_inspection(
        actor=inspector, round=round, site=sites["near"], answers=answers_for(sites["near"])
    )
    stops = selectors.round_stops(inspector, round, latitude=HERE[0], longitude=HERE[1])
    assert stops[-1].site.name == "近处" and stops[-1].visited


def test_the_htmx_request_returns_the_sorted_list(inspector, round_with_sites, login):
    round, _ = round_with_sites
    client = login(inspector)
    url = reverse("inspections:visit_sites", args=[round.pk])
    response = client.get(url, {"lat": HERE[0], "lon": HERE[1]}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.index("近处") < body.index("中间") < body.index("远处")
    full = client.get(url).content.decode()
    assert "visit_sites.js" in full and "<script>" not in full
