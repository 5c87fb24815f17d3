"""Browser test: an admin pastes next year's holiday notice on a phone, previews the year, saves it."""

from datetime import date

import pytest

from tests.cases.test_deadlines import NOTICE_2027
from wenming.cases.models import CalendarDay

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_admin_pastes_the_notice_previews_the_year_and_saves(
    browser_page, live_server, login_as, admin_user
):
    page = login_as(browser_page("phone"), live_server, admin_user)
    page.goto(f"{live_server.url}/cases/calendar/?year=2027")
    assert page.get_by_test_id("day-2027-02-09").get_attribute("data-workday") == "1"
    page.get_by_test_id("notice-year").fill("2027")
    page.get_by_test_id("notice-text").fill(NOTICE_2027)
    page.get_by_test_id("notice-preview-submit").click()
    page.get_by_test_id("notice-preview").wait_for()
    assert page.get_by_test_id("day-2027-02-09").get_attribute("data-workday") == "0"
    assert not CalendarDay.objects.exists()
    page.get_by_test_id("notice-save-bottom").get_by_role("button").click()
    page.get_by_text("已录入 2027 年节假日安排").wait_for()
    assert CalendarDay.objects.get(date=date(2027, 1, 31)).is_workday
    assert CalendarDay.objects.get(date=date(2027, 2, 9)).name == "春节"
