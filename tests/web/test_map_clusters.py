"""一张图: /map/clusters.json answers clusters and single items for the visible box, in scope."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cases.factories import report
from tests.inspections.factories import SiteFactory
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db

URL = reverse("web:map_clusters")


@pytest.fixture
def places(units):
    """36 sites on a 6 × 6 lattice (some sharing a spot) in two districts, and a case at each third."""
    guangming = Region.objects.get(code="340403001001")
    yucai = Region.objects.get(code="340404001001")
    sites = []
    for n in range(36):
        region = guangming if n % 2 else yucai
        sites.append(
            SiteFactory(
                name=f"点位{n}",
                region=region,
                latitude=Decimal("32.500000") + Decimal(n // 6) * Decimal("0.031"),
                longitude=Decimal("116.800000") + Decimal(n % 6 // 2 * 2) * Decimal("0.047"),
            )
        )
    return sites


def _get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def _shown(data) -> int:
    return sum(c["count"] for c in data["clusters"]) + len(data["items"])


def _inside(sites, west, south, east, north) -> int:
    return sum(1 for s in sites if south <= s.latitude <= north and west <= s.longitude <= east)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    west=st.decimals("116.7", "117.1", places=3),
    south=st.decimals("32.4", "32.8", places=3),
    width=st.decimals("0.01", "0.6", places=3),
    height=st.decimals("0.01", "0.6", places=3),
    zoom=st.integers(3, 19),
)
def test_cluster_counts_add_up_to_the_sites_in_the_box(
    places, client, coordinator, west, south, width, height, zoom
):
    client.force_login(coordinator)
    east, north = west + width, south + height
    data = _get(client, layer="sites", bbox=f"{west},{south},{east},{north}", zoom=zoom)
    assert data["total"] == _shown(data) == _inside(places, west, south, east, north)
    for cluster in data["clusters"]:
        assert cluster["count"] == sum(cluster["counts"].values()) > 2 or zoom >= 17
        assert cluster["worst"] == next(iter(cluster["counts"]))


def test_zooming_in_splits_a_province_cluster_into_single_sites(places, client, coordinator):
    client.force_login(coordinator)
    wide = _get(client, layer="sites", bbox="116,32,118,33", zoom=5)
    assert len(wide["clusters"]) == 1 and wide["clusters"][0]["count"] == 36
    assert wide["clusters"][0]["counts"] == {"none": 36}
    close = _get(client, layer="sites", bbox="116.7,32.4,117.1,32.8", zoom=12)
    assert close["zoom"] == 12 and close["clusters"] == [] and len(close["items"]) == 36
    item = close["items"][0]
    assert item["url"] == reverse("inspections:site_detail", args=[item["id"]])
    assert item["class"] == "none" and item["name"].startswith("点位")


def test_a_community_map_holds_only_its_own_sites(places, client, community1):
    client.force_login(community1)
    data = _get(client, layer="sites", bbox="116,32,118,33", zoom=18)
    own = {s.pk for s in places if s.region_id == "340403001001"}
    assert {i["id"] for i in data["items"]} == own and data["total"] == 18


def test_cases_layer_shows_open_cases_by_state_and_filters_server_side(
    units, client, coordinator, community1
):
    guangming = Region.objects.get(code="340403001001")
    yucai = Region.objects.get(code="340404001001")
    report(coordinator, region=guangming, category="占道经营")
    report(coordinator, region=guangming, category="乱扔垃圾", latitude="32.625100")
    report(coordinator, region=yucai, category="占道经营", latitude="32.700000")
    client.force_login(coordinator)
    data = _get(client, layer="cases", bbox="116,32,118,33", zoom=5)
    assert data["total"] == 3 and data["clusters"][0]["counts"] == {"reported": 3}
    assert data["classes"]["reported"] == "待受理"
    only = _get(client, layer="cases", bbox="116,32,118,33", zoom=5, category="乱扔垃圾")
    assert only["total"] == 1 and only["items"][0]["name"].endswith("乱扔垃圾")
    assert _get(client, layer="cases", bbox="116,32,118,33", zoom=5, state="closed")["total"] == 0
    # A case waiting at intake is not the community's yet.
    client.force_login(community1)
    assert _get(client, layer="cases", bbox="116,32,118,33", zoom=5)["total"] == 0


@pytest.mark.parametrize(
    "params, words",
    [
        ({"bbox": "116,32,118", "zoom": "5"}, "四个经纬度"),
        ({"bbox": "116,x,118,33", "zoom": "5"}, "不是数字"),
        ({"bbox": "118,32,116,33", "zoom": "5"}, "西边界"),
        ({"bbox": "116,32,118,33", "zoom": "far"}, "缩放级别"),
        ({"bbox": "116,32,118,33", "zoom": "5", "layer": "roads"}, "图层"),
        ({"bbox": "116,32,118,33", "zoom": "5", "layer": "cases", "period": "2026-13"}, ""),
    ],
)
def test_bad_map_parameters_are_explained_in_chinese(client, coordinator, params, words):
    client.force_login(coordinator)
    response = client.get(URL, params)
    assert response.status_code == 400 and words in response.json()["detail"]


def test_a_huge_box_at_street_zoom_is_clustered_coarser(places, client, coordinator):
    client.force_login(coordinator)
    data = _get(client, layer="sites", bbox="-180,-90,180,90", zoom=19)
    assert data["zoom"] < 8 and data["total"] == 36


def test_the_map_needs_a_login(client):
    response = client.get(URL, {"bbox": "116,32,118,33", "zoom": "5"})
    assert response.status_code == 302
