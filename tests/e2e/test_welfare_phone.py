"""On a 390 px phone: a civil-affairs worker registers a minor found at the railway station,
takes them into the station and sees each step in the record; the meal point list fits the
screen and says how many are urban and rural."""

import pytest

from tests.welfare.factories import meal_points
from wenming.regions.models import Region
from wenming.welfare.models import ReliefCase, ReliefEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def welfare_user(units):
    from tests.regions.factories import person
    from wenming.regions.models import Role

    return person(username="welfare", unit=units["civil"], role=Role.WELFARE)


def test_patrol_finds_a_minor_and_the_station_takes_them_in(
    browser_page, live_server, login_as, welfare_user
):
    page = browser_page("phone")
    login_as(page, live_server, welfare_user)
    page.goto(f"{live_server.url}/welfare/relief/")
    page.get_by_test_id("field-region").fill("340403001001")
    page.get_by_test_id("field-place").fill("淮南火车站广场")
    page.get_by_test_id("field-condition").fill("体弱，无外伤")
    page.get_by_test_id("field-age").fill("13")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("save-relief").click()
    assert page.get_by_test_id("relief-state").inner_text() == "街面发现"
    page.get_by_test_id("field-station").fill("淮南市救助管理站")
    page.get_by_test_id("act-admit").click()
    assert page.get_by_test_id("relief-state").inner_text() == "站内照料"
    events = page.get_by_test_id("relief-events").inner_text()
    assert "街面巡查发现" in events and "接收入站" in events
    case = ReliefCase.objects.get()
    assert case.is_minor and case.station == "淮南市救助管理站"
    assert ReliefEvent.objects.filter(relief_case=case).count() == 2


def test_meal_point_list_fits_a_phone(browser_page, live_server, login_as, welfare_user):
    meal_points(Region.objects.get(code="340403001001"), 3, prefix="光明")
    meal_points(Region.objects.get(code="340404001201"), 2, prefix="王岗")
    page = browser_page("phone")
    login_as(page, live_server, welfare_user)
    page.goto(f"{live_server.url}/welfare/")
    assert page.get_by_test_id("meal-total").inner_text() == "5"
    page.goto(f"{live_server.url}/welfare/meal-points/?area=rural")
    assert "共 2 家" in page.get_by_test_id("meal-count").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_safety_tables_on_a_phone_keep_headings_and_dates_on_one_line(
    browser_page, live_server, login_as, welfare_user, units
):
    """The schedule table scrolls sideways rather than breaking "频次" into 频 / 次 or a date
    into 2026-11- / 03."""
    from datetime import date

    from wenming.welfare.models import SafetyCheck, SafetySchedule

    civil = units["civil"]
    schedule = SafetySchedule.objects.create(
        unit=civil, region=civil.region, duty="分管安全工作负责人", frequency="weekly",
        starts_on=date(2026, 1, 5),
    )  # fmt: skip
    SafetyCheck.objects.create(
        unit=civil, region=civil.region, schedule=schedule, checked_on=date(2026, 11, 26),
        checker="李安全", place="市救助管理站",
    )  # fmt: skip
    page = browser_page("phone")
    login_as(page, live_server, welfare_user)
    page.goto(f"{live_server.url}/welfare/safety/")
    table = page.get_by_test_id("schedules")
    for text in ("频次", "2026-11-26"):
        lines = table.get_by_text(text).evaluate(
            "e => { const r = document.createRange(); r.selectNodeContents(e);"
            " return r.getClientRects().length; }"
        )
        assert lines == 1, f"{text} wraps onto {lines} lines"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
