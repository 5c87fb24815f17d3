"""The admin approves and publishes a weekly bulletin; a community sees it; the dashboard draws."""

import pytest

from tests.scoring.factories import small_city
from wenming.periods import parse_period
from wenming.scoring.services import assess, generate_bulletin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_publishes_a_weekly_bulletin_and_a_community_sees_it(
    browser_page, live_server, login_as, units, admin_user, inspector, community1
):
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    assessment = assess(
        actor=None, framework=fixture["framework"], period=parse_period("2026-W46")
    ).assessment
    bulletin, _ = generate_bulletin(actor=None, assessment=assessment, kind="weekly")

    page = browser_page("desktop")
    login_as(page, live_server, admin_user)
    page.goto(f"{live_server.url}/scoring/")
    for chart in ("chart-trend", "chart-districts", "chart-categories"):
        page.locator(f"[data-testid={chart}][data-ready='1']").wait_for()
    page.locator("[data-testid=site-map]").wait_for()
    page.get_by_test_id("nav-bulletins").click()
    page.get_by_test_id("bulletin-item").first.click()
    page.get_by_test_id("requirements").fill("请光明社区于本周五前完成整改并上传照片。")
    page.get_by_test_id("requirements-save").click()
    page.get_by_test_id("bulletin-approve").click()
    assert page.get_by_test_id("bulletin-status").inner_text() == "已审定"
    page.get_by_test_id("bulletin-publish").click()
    assert page.get_by_test_id("bulletin-status").inner_text() == "已发布"
    page.get_by_test_id("logout").click()

    phone = browser_page("phone")
    login_as(phone, live_server, community1)
    phone.goto(f"{live_server.url}/scoring/bulletins/")
    phone.get_by_test_id("bulletin-item").filter(has_text=bulletin.title).click()
    assert (
        "请光明社区于本周五前完成整改并上传照片。"
        in phone.get_by_test_id("requirements-text").inner_text()
    )
    assert phone.get_by_test_id("bulletin-ranking").count() >= 1
