"""The coordinator filters the case board by typing part of a unit's name (繁体 too)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_unit_filter_suggests_names_as_one_types_and_filters_the_board(
    browser_page, live_server, login_as, coordinator, units
):
    page = browser_page("desktop")
    login_as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/cases/")
    field = page.get_by_test_id("filter-unit")
    field.fill("民政")
    # The suggestions arrive from /cases/units/suggest/ into the datalist the field uses.
    # (The page's CSP forbids eval, so wait on a locator rather than a JS predicate.)
    page.locator("#unit-options option").first.wait_for(state="attached")
    options = [
        page.locator("#unit-options option").nth(i).get_attribute("value")
        for i in range(page.locator("#unit-options option").count())
    ]
    assert any("民政局" in option for option in options)
    # A community's suggestion says where it sits, so two of the same name can be told apart.
    field.fill("光明")
    page.locator("#unit-options option[label*='田东街道']").first.wait_for(state="attached")
    assert (
        page.locator("#unit-options option").first.get_attribute("label")
        == "田家庵区 · 田东街道 · 光明社区"
    )
    field.fill("民政局")
    field.press("Enter")
    page.wait_for_load_state()
    assert "unit_name=" in page.url
    assert page.get_by_test_id("filter-unit").input_value() == "民政局"
