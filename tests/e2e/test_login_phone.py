"""A coordinator on a phone logs in and reaches their 工作台."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_logs_in_on_a_phone_and_sees_the_workbench(
    browser_page, live_server, login_as, coordinator
):
    page = browser_page("phone")
    login_as(page, live_server, coordinator)
    assert page.url == f"{live_server.url}/"
    assert (
        page.get_by_test_id("dashboard-scope")
        .inner_text()
        .startswith("淮南市精神文明建设委员会办公室")
    )
    # The first screen is the role's 工作台 (what is due), not a module list.
    assert page.get_by_role("heading", name="工作台").is_visible()
    # The navigation is folded away on a phone and opens from the toggle.
    assert not page.get_by_test_id("main-nav").is_visible()
    page.get_by_test_id("nav-toggle").click()
    page.get_by_test_id("main-nav").get_by_text("行政区划").wait_for(state="visible")


def test_wrong_password_shows_a_clear_message(browser_page, live_server, coordinator):
    page = browser_page("desktop")
    page.goto(f"{live_server.url}/login/")
    page.get_by_test_id("login-username").fill("coordinator")
    page.get_by_test_id("login-password").fill("wrong-password")
    page.get_by_test_id("login-submit").click()
    assert "账号或密码错误" in page.get_by_test_id("login-error").inner_text()
