"""The coordinator reads the framework tree on a desktop; a liaison checks 我的任务 on a phone."""

from datetime import date

import pytest

from tests.framework.factories import add_demo_departments
from wenming.framework import services
from wenming.framework.defaults import default_workbook
from wenming.framework.models import Task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def active_city(city, units):
    add_demo_departments(city)
    _title, data = default_workbook("city")
    framework = services.import_framework(actor=None, data=data, filename="city.xlsx")
    services.activate_framework(actor=None, framework_id=framework.pk, today=date(2026, 1, 1))
    return framework


def test_coordinator_opens_the_framework_tree_on_a_desktop(
    browser_page, live_server, login_as, coordinator, active_city
):
    page = browser_page("desktop")
    login_as(page, live_server, coordinator)
    page.get_by_test_id("main-nav").get_by_text("测评体系").click()
    page.get_by_test_id(f"framework-{active_city.pk}").click()
    assert page.get_by_test_id("framework-name").inner_text() == active_city.name
    assert (
        "分值核对无误：基础指标合计 100 分，特色指标 5 分"
        in page.get_by_test_id("totals-check").inner_text()
    )
    assert page.get_by_test_id("total-1").inner_text() == "15"
    assert "公益广告刊播" in page.get_by_test_id("node-1.1.1").inner_text()
    assert page.get_by_test_id("export-framework").is_visible()


def test_liaison_sees_my_tasks_on_a_phone(
    browser_page, live_server, login_as, dept, units, active_city
):
    page = browser_page("phone")
    login_as(page, live_server, dept)
    page.goto(f"{live_server.url}/framework/")
    page.get_by_test_id("tab-my-tasks").click()
    cards = page.get_by_test_id("my-task")
    civil = Task.objects.filter(unit=units["civil"]).order_by("due", "indicator__position", "pk")
    assert cards.count() == min(civil.count(), 50)
    first = cards.first
    assert first.get_by_test_id("my-task-due").inner_text() == civil[0].due.isoformat()
    assert first.get_by_test_id("expected-progress").is_visible()
    # Nothing of another unit's: every card is the 民政局's.
    assert "路口通行秩序" not in page.get_by_test_id("my-tasks").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    first.get_by_test_id("my-task-link").click()
    assert page.get_by_test_id("task-unit").inner_text() == "淮南市民政局"
