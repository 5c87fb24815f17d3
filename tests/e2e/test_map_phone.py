"""一张图 on a 390 px phone: the coordinator opens the dashboard map, zooms into a district by
tapping clusters, and opens a site from it. Screenshots go to WENMING_SCREENSHOTS when set."""

import os
from decimal import Decimal

import pytest

from tests.inspections.factories import SiteFactory
from tests.scoring.factories import small_city
from wenming.inspections.services import refresh_site_results
from wenming.periods import parse_period
from wenming.regions.models import Region
from wenming.scoring.services import assess

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("WENMING_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def _sites():
    """Sites in two districts some kilometres apart, so that the city view clusters them."""
    for code, lat, lng in (("340403001001", 32.63, 117.00), ("340404001001", 32.58, 116.86)):
        region = Region.objects.get(code=code)
        for n in range(12):
            SiteFactory(
                name=f"{region.name}点位{n + 1}",
                region=region,
                latitude=Decimal(str(lat)) + Decimal(n % 4) * Decimal("0.004"),
                longitude=Decimal(str(lng)) + Decimal(n // 4) * Decimal("0.005"),
            )
    refresh_site_results()


def test_coordinator_zooms_into_a_district_and_opens_a_site_on_a_phone(
    browser_page, live_server, login_as, units, admin_user, inspector, coordinator
):
    city = small_city(units, admin=admin_user, inspector=inspector)
    assessment = assess(
        actor=None, framework=city["framework"], period=parse_period("2026-W46")
    ).assessment
    _sites()
    page = browser_page("phone")
    login_as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/scoring/")  # 考核通报 · 一张图
    page.locator("[data-testid=chart-trend][data-ready='1']").wait_for()
    site_map = page.get_by_test_id("site-map")
    page.locator("[data-testid=site-map][data-ready='1']").wait_for()
    _shot(page, "dashboard-phone")
    assert page.get_by_test_id("map-cluster").count() >= 1
    for _ in range(8):  # tap the biggest cluster until single sites show
        if page.get_by_test_id("map-item").count():
            break
        zoom = int(site_map.get_attribute("data-zoom"))
        page.get_by_test_id("map-cluster").first.click()
        page.locator(f"[data-testid=site-map][data-ready='1']:not([data-zoom='{zoom}'])").wait_for()
    _shot(page, "site-map-phone-district")
    page.get_by_test_id("map-item").first.click()
    link = page.get_by_test_id("map-item-link")
    name = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert "/inspections/sites/" in page.url and name in page.content()

    for size in ("phone", "desktop"):
        other = browser_page(size)
        login_as(other, live_server, coordinator)
        other.goto(f"{live_server.url}/inspections/sites/map/")
        other.locator("[data-testid=site-map][data-ready='1']").wait_for()
        _shot(other, f"site-map-{size}")
        other.goto(f"{live_server.url}/scoring/assessments/{assessment.pk}/")
        _shot(other, f"ranking-{size}")
        if size == "desktop":
            other.goto(f"{live_server.url}/scoring/")
            other.locator("[data-testid=chart-trend][data-ready='1']").wait_for()
            other.locator("[data-testid=site-map][data-ready='1']").wait_for()
            _shot(other, "dashboard-desktop")
