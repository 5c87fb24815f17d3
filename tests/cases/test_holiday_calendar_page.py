"""节假日安排 page: admins paste the notice, preview the year, save; the office's home page warns."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.cases.test_deadlines import NOTICE_2027
from wenming.cases.models import CalendarDay

pytestmark = pytest.mark.django_db
URL = "/cases/calendar/"
DECEMBER = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_only_the_office_sees_the_calendar_and_only_admins_may_post(
    login, community1, outsider, coordinator
):
    assert login(outsider).get(URL).status_code == 403
    assert login(community1).get(URL).status_code == 403
    client = login(coordinator)
    page = client.get(f"{URL}?year=2026").content.decode()
    assert 'data-testid="calendar-admin-only"' in page
    assert 'data-testid="day-2026-10-07" data-workday="0"' in page  # 国庆, from the package
    assert 'data-testid="day-2026-10-10" data-workday="1"' in page  # a Saturday worked
    assert client.post(URL, {"year": 2027, "text": NOTICE_2027, "save": ""}).status_code == 403
    assert not CalendarDay.objects.exists()


def test_an_unknown_year_shows_statutory_days_and_says_the_调休_is_missing(login, admin_user):
    page = login(admin_user).get(f"{URL}?year=2027").content.decode()
    assert "2027 年的调休安排尚未录入" in page
    assert 'data-testid="day-2027-02-05" data-workday="0"' in page  # 除夕 by law
    assert 'data-testid="day-2027-02-09" data-workday="1"' in page  # bridge day unknown yet


def test_an_admin_previews_the_pasted_notice_then_saves_it(login, admin_user):
    client = login(admin_user)
    response = client.post(URL, {"year": 2027, "text": NOTICE_2027, "preview": ""})
    page = response.content.decode()
    assert 'data-testid="notice-preview"' in page and "放假 28 天，调休上班 6 天" in page
    assert 'data-testid="day-2027-02-09" data-workday="0"' in page
    assert 'data-testid="day-2027-01-31" data-workday="1"' in page
    assert not CalendarDay.objects.exists()  # a preview saves nothing

    response = client.post(URL, {"year": 2027, "text": NOTICE_2027, "save": ""}, follow=True)
    page = response.content.decode()
    assert "已录入 2027 年节假日安排" in page
    assert "2027 年的节假日与调休已知" in page
    assert CalendarDay.objects.get(date=date(2027, 2, 9)).is_workday is False
    assert CalendarDay.objects.get(date=date(2027, 1, 31)).is_workday is True


def test_a_notice_that_cannot_be_read_names_the_line_and_saves_nothing(login, admin_user):
    text = NOTICE_2027.replace("2月5日（农历除夕、周五）至12日", "2月5日（农历除夕、周五）至12")
    page = login(admin_user).post(URL, {"year": 2027, "text": text, "save": ""}).content.decode()
    assert 'data-testid="notice-errors"' in page and "第 2 行" in page
    assert not CalendarDay.objects.exists()


def test_the_office_home_page_asks_for_next_years_notice_from_november(
    login, coordinator, admin_user, community1
):
    with time_machine.travel(DECEMBER, tick=False):
        page = login(coordinator).get("/").content.decode()
        assert 'data-testid="calendar-notice-missing"' in page
        assert "2027 年的节假日安排（国务院放假通知）尚未录入" in page
        assert f'href="{URL}?year=2027"' in page
        assert "calendar-notice-missing" not in login(community1).get("/").content.decode()
        login(admin_user).post(URL, {"year": 2027, "text": NOTICE_2027, "save": ""})
        assert "calendar-notice-missing" not in login(coordinator).get("/").content.decode()
    with time_machine.travel(datetime(2026, 10, 20, 9, 0), tick=False):
        assert "calendar-notice-missing" not in login(admin_user).get("/").content.decode()
