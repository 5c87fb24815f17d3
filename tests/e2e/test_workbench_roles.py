"""Every demo account on a 390 px phone: its 工作台 lists what it must do, and each count equals
the items on the list its card opens. community1 sees its 返工 case with the verifier's reason;
the coordinator verifies a case from the queue. Screenshots of every 工作台 at phone and desktop
size go to $WENMING_SCREENSHOTS when set."""

import os
import re
from pathlib import Path

import pytest

from wenming.regions.demo import ACCOUNTS, DEMO_PASSWORD
from wenming.web.demo import load_demo_city

ISSUE_10_ROLES = {
    "admin",
    "coordinator",
    "inspector",
    "reviewer",
    "dept",
    "leader",
    "community1",
    "community2",
    "street",
}
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
    "/community/plans/": "plan-row",
    "/participation/reviews/": "review-row",
    "/honors/waiting/": "waiting-item",
    "/honors/titles/": "title-row",
    "/honors/assistance/pending/": "grant-pending",
    "/volunteers/demands/": "demand-row",
    "/welfare/safety/": "overdue-schedule",
    "/welfare/relief/": "relief-row",
    "/inspections/": "assigned-round",  # 我的督查任务
    "/community/": "community-row",  # a street's communities short of this month's activities
}
# Lists whose path carries an id: a community's own ledger.
ROW_PATTERNS = [(re.compile(r"^/community/\d+/ledger/$"), "ledger-entry")]


def _testid(path: str):
    if path in ROWS:
        return ROWS[path]
    for pattern, testid in ROW_PATTERNS:
        if pattern.match(path):
            return testid
    raise KeyError(path)


def _rows(page, href: str) -> int:
    """Items on the list, following its pages."""
    testid = _testid(href.split("?")[0])
    total = 0
    while True:
        if testid is None:
            total += page.locator('[data-testid^="queue-item-"]').count()
        else:
            total += page.get_by_test_id(testid).count()
        if not page.get_by_test_id("next-page").count():
            return total
        page.get_by_test_id("next-page").first.click()
        page.wait_for_load_state()


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"{username} could not log in"


@pytest.fixture
def demo():
    load_demo_city()


def _shoot(page, name: str) -> None:
    directory = os.environ.get("WENMING_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


@pytest.mark.heavy  # loads the whole demo city
def test_every_demo_role_works_from_its_workbench_on_a_phone(demo, browser_page, live_server):
    # The accounts of issue 10; the security officer's first screen is the security pages' own.
    for account in [a for a in ACCOUNTS if a.username in ISSUE_10_ROLES]:
        phone = browser_page("phone")
        _login(phone, live_server, account.username)
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
        if os.environ.get("WENMING_SCREENSHOTS"):  # the desktop page is only for the picture
            desk = browser_page("desktop")
            _login(desk, live_server, account.username)
            _shoot(desk, f"workbench-{account.username}-desktop")
            desk.context.close()
        for testid, href, count in found:
            phone.goto(f"{live_server.url}{href}")
            assert _rows(phone, href) == count, f"{account.username} {testid}: {href}"
        phone.context.close()
    # One demo load (the slow part) for the three stories.
    _community1_sees_its_returned_case_with_the_reason(browser_page, live_server)
    _the_coordinator_verifies_a_case_from_the_queue(browser_page, live_server)


def _community1_sees_its_returned_case_with_the_reason(browser_page, live_server):
    phone = browser_page("phone")
    _login(phone, live_server, "community1")
    phone.get_by_test_id("card-rework").click()
    phone.wait_for_load_state()
    case = phone.get_by_test_id("todo-case").first
    assert "返工" in case.inner_text()
    assert "杂物堆放" in case.get_by_test_id("rework-reason").inner_text()
    case.click()
    phone.wait_for_load_state()
    assert "杂物堆放" in phone.get_by_test_id("rework-alert").inner_text()
    _shoot(phone, "case-rework-community1-phone")


def _the_coordinator_verifies_a_case_from_the_queue(browser_page, live_server):
    phone = browser_page("phone")
    _login(phone, live_server, "coordinator")
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
