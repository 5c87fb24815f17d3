"""Every demo account on a 390 px phone: its 工作台 lists what it must do, and each count equals
the items on the list its card opens. community1 sees its 返工 case with the verifier's reason;
the coordinator verifies a case from the queue. Screenshots of every 工作台 at phone and desktop
size go to $WENMING_SCREENSHOTS when set."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from wenming.regions.demo import ACCOUNTS
from wenming.web.demo import load_demo_city

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The row each list page prints per item (see tests/web/test_workbench.py).
ROWS = {
    "/cases/todo/": "todo-case",
    "/framework/tasks/mine/": "my-task",
    "/materials/review/": None,  # queue-item-<id>
    "/materials/": "my-submission",
    "/scoring/bulletins/": "bulletin-item",
    "/cases/notices/": "notice-row",
    "/cases/": "case-row",
    "/units/": "unit-row",
}


def _rows(page, href: str) -> int:
    path = href.split("?")[0]
    testid = ROWS[path]
    if testid is None:
        return page.locator('[data-testid^="queue-item-"]').count()
    return page.get_by_test_id(testid).count()


@pytest.fixture
def demo():
    load_demo_city()
    return {u.username: u for u in get_user_model().objects.all()}


def _shoot(page, name: str) -> None:
    directory = os.environ.get("WENMING_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def test_every_demo_role_sees_its_work_and_each_count_matches_its_list(
    demo, browser_page, live_server, login_as
):
    for account in ACCOUNTS:
        phone = browser_page("phone")
        login_as(phone, live_server, demo[account.username])
        cards = phone.locator(
            'a.wm-stat[data-testid^="card-"], a[data-testid^="card-overdue-unit-"]'
        )
        found = [
            (
                cards.nth(i).get_attribute("data-testid"),
                cards.nth(i).get_attribute("href"),
                int(cards.nth(i).locator('[data-testid^="count-"]').inner_text()),
            )
            for i in range(cards.count())
        ]
        assert found, f"{account.username}: empty 工作台"
        assert sum(count for _, _, count in found) > 0, f"{account.username}: nothing to do"
        _shoot(phone, f"workbench-{account.username}-phone")
        desk = browser_page("desktop")
        login_as(desk, live_server, demo[account.username])
        _shoot(desk, f"workbench-{account.username}-desktop")
        for testid, href, count in found:
            phone.goto(f"{live_server.url}{href}")
            assert _rows(phone, href) == count, f"{account.username} {testid}: {href}"
        phone.context.close()
        desk.context.close()


def test_community1_sees_its_returned_case_with_the_reason(
    demo, browser_page, live_server, login_as
):
    phone = browser_page("phone")
    login_as(phone, live_server, demo["community1"])
    phone.get_by_test_id("card-rework").click()
    phone.wait_for_load_state()
    case = phone.get_by_test_id("todo-case").first
    assert "返工" in case.inner_text()
    assert "杂物堆放" in case.get_by_test_id("rework-reason").inner_text()
    case.click()
    phone.wait_for_load_state()
    assert "杂物堆放" in phone.get_by_test_id("rework-alert").inner_text()
    _shoot(phone, "case-rework-community1-phone")


def test_the_coordinator_verifies_a_case_from_the_queue(demo, browser_page, live_server, login_as):
    phone = browser_page("phone")
    login_as(phone, live_server, demo["coordinator"])
    before = int(phone.get_by_test_id("count-awaiting").inner_text())
    assert before > 0
    phone.get_by_test_id("card-awaiting").click()
    phone.wait_for_load_state()
    phone.get_by_test_id("todo-case").first.click()
    phone.wait_for_load_state()
    if not phone.get_by_test_id("do-pass").is_visible():
        phone.get_by_test_id("open-pass").click()
    phone.get_by_test_id("do-pass").click()
    phone.wait_for_load_state()
    assert phone.get_by_test_id("case-state").inner_text() == "已办结"
    phone.goto(f"{live_server.url}/")
    assert int(phone.get_by_test_id("count-awaiting").inner_text()) == before - 1
