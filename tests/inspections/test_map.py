"""The site map: vendored Leaflet, tiles from settings, CSP allowing the tile host."""

import pytest
from django.urls import reverse

from tests.inspections.factories import SiteFactory
from wenming import settings as wenming_settings

pytestmark = pytest.mark.django_db


def test_without_tiles_the_map_says_so_and_still_loads_leaflet(coordinator, login, settings):
    settings.WENMING_MAP_TILES = []
    body = login(coordinator).get(reverse("inspections:site_map")).content.decode()
    assert 'data-testid="map-no-tiles"' in body
    assert "vendor/leaflet-1.9.4/leaflet.js" in body and '"tiles": []' in body


def test_configured_tiles_reach_the_page(coordinator, login, settings):
    settings.WENMING_MAP_TILES = [
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}"
    ]
    body = login(coordinator).get(reverse("inspections:site_map")).content.decode()
    assert "tianditu.gov.cn" in body and 'data-testid="map-no-tiles"' not in body


def test_tile_hosts_become_csp_img_sources(monkeypatch):
    monkeypatch.setattr(
        wenming_settings,
        "WENMING_MAP_TILES",
        [
            "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY",
            "https://t{s}.tianditu.gov.cn/cva_w/wmts?tk=KEY",
            "http://tiles.example.org/{z}/{x}/{y}.png",
        ],
    )
    assert wenming_settings.map_tile_sources() == [
        "http://tiles.example.org",
        "https://*.tianditu.gov.cn",
    ]


def test_map_items_carry_positions_classes_and_links(coordinator, login, units):
    site = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    SiteFactory(name="没有坐标", latitude=None, longitude=None)
    data = (
        login(coordinator)
        .get(reverse("web:map_clusters"), {"layer": "sites", "bbox": "116,32,118,33", "zoom": "14"})
        .json()
    )
    assert data["total"] == 1 and data["items"] == [
        {
            "id": site.pk,
            "name": "光明农贸市场",
            "lat": 32.64,
            "lng": 117.01,
            "type": "农贸市场",
            "unit": units["guangming"].short_name,
            "class": "none",
            "url": reverse("inspections:site_detail", args=[site.pk]),
        }
    ]
