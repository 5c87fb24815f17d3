"""On a phone and a desktop: the search box finds a case by its traditional-character name and
opens it; a module's help page is one tap away. Set WENMING_SCREENSHOTS=<dir> to keep PNGs."""

import os

import pytest

from tests.cases.factories import report
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page, name):
    directory = os.environ.get("WENMING_SCREENSHOTS")
    if directory:
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_search_finds_a_case_and_help_opens(
    live_server, browser_page, login_as, coordinator, inspector, units, size
):
    case = report(
        inspector,
        region=Region.objects.get(code="340403001001"),
        unit=units["guangming"],
        description="光明路菜市场门口垃圾堆放",
    )
    page = login_as(browser_page(size), live_server, coordinator)
    if size == "phone":
        page.get_by_test_id("nav-toggle").click()
        box = page.get_by_test_id("nav-search-mobile")
    else:
        box = page.get_by_test_id("nav-search")
    box.fill("菜市場門口")
    box.press("Enter")
    page.wait_for_load_state()
    group = page.get_by_test_id("search-group-cases")
    assert "光明路菜市场门口垃圾堆放" in group.inner_text()
    _shot(page, f"search-{size}")
    group.get_by_role("link").first.click()
    page.wait_for_url(f"**/cases/{case.pk}/")

    page.goto(f"{live_server.url}/cases/")
    page.get_by_test_id("help-link").click()
    assert page.get_by_test_id("help-title").inner_text() == "问题整改"
    _shot(page, f"help-cases-{size}")
