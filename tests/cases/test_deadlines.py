"""Deadlines on the Chinese working calendar: holidays, 调休, unknown years."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.cases.factories import report
from tests.regions.factories import UserFactory
from wenming.cases import deadlines
from wenming.cases.models import CalendarDay, Case, DeadlineRule, Severity
from wenming.cases.selectors import overdue_q
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def region(city):
    return Region.objects.get(code="340403001001")


def test_case_due_before_national_day_is_not_overdue_during_the_holiday(inspector, units, region):
    # Dispatched on 中秋 (a holiday): 3 working days are 9/28, 9/29 and 9/30, the last one before 国庆.
    with time_machine.travel(at(2026, 9, 25, 10, 0), tick=False):
        case = report(inspector, region=region, unit=units["guangming"], severity=Severity.GENERAL)
    assert case.due.astimezone(SH).date() == date(2026, 9, 30)
    for moment in (at(2026, 9, 30, 23, 0), at(2026, 10, 1, 9, 0), at(2026, 10, 7, 23, 59)):
        with time_machine.travel(moment, tick=False):
            case.refresh_from_db()
            assert not case.is_overdue, moment
            assert not Case.objects.filter(overdue_q()).exists()
    with time_machine.travel(at(2026, 10, 8, 8, 30), tick=False):
        case.refresh_from_db()
        assert case.is_overdue
        assert list(Case.objects.filter(overdue_q())) == [case]


def test_urgent_cases_count_clock_hours_even_on_holidays(inspector, units, region):
    with time_machine.travel(at(2026, 10, 2, 10, 0), tick=False):
        case = report(inspector, region=region, unit=units["guangming"], severity=Severity.URGENT)
    assert case.due == at(2026, 10, 3, 10, 0) == case.overdue_from


def test_major_cases_get_seven_working_days_and_rules_override_defaults(inspector, units, region):
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False):  # a Monday
        major = report(inspector, region=region, unit=units["guangming"], severity=Severity.MAJOR)
        DeadlineRule.objects.create(category="占道经营", severity=Severity.GENERAL, working_days=1)
        quick = report(inspector, region=region, unit=units["guangming"], severity=Severity.GENERAL)
        other = report(
            inspector,
            region=region,
            unit=units["guangming"],
            severity=Severity.GENERAL,
            category="乱贴乱画",
        )
    assert major.due.astimezone(SH).date() == date(2026, 11, 11)
    assert quick.due.astimezone(SH).date() == date(2026, 11, 3)
    assert other.due.astimezone(SH).date() == date(2026, 11, 5)


def test_a_friday_deadline_starts_counting_late_on_monday(inspector, units, region):
    with time_machine.travel(
        at(2026, 11, 3, 9, 0), tick=False
    ):  # Tuesday + 3 working days = Friday
        case = report(inspector, region=region, unit=units["guangming"])
    assert case.due.astimezone(SH).date() == date(2026, 11, 6)
    assert case.overdue_from == at(2026, 11, 9, 0, 0)


def test_a_year_the_package_lacks_falls_back_to_weekends_until_an_admin_enters_it(db):
    assert deadlines.unknown_years(date(2027, 1, 1)) == [2027]
    assert deadlines.is_workday(date(2027, 1, 1))  # a Friday: weekends only
    CalendarDay.objects.create(date=date(2027, 1, 1), is_workday=False, name="元旦")
    CalendarDay.objects.create(date=date(2027, 1, 2), is_workday=True, name="调休")
    assert deadlines.unknown_years(date(2027, 1, 1)) == []
    assert not deadlines.is_workday(date(2027, 1, 1))
    assert deadlines.is_workday(date(2027, 1, 2))
    assert deadlines.unknown_years(date(2026, 5, 1)) == []


def test_working_hours_skip_weekends_and_holidays(db):
    # Friday 16:00 → Monday 10:00: 8 hours of Friday, 10 of Monday.
    assert deadlines.working_hours_between(
        at(2026, 11, 6, 16, 0), at(2026, 11, 9, 10, 0)
    ) == Decimal("18.0")
    assert deadlines.working_hours_between(at(2026, 10, 1, 0, 0), at(2026, 10, 8, 0, 0)) == Decimal(
        "0.0"
    )
    assert (
        deadlines.workdays_late(at(2026, 10, 8, 0, 0), at(2026, 10, 12, 9, 0)) == 4
    )  # 8, 9, 10 (调休), 12
    assert deadlines.workdays_late(at(2026, 10, 8, 0, 0), at(2026, 10, 7, 9, 0)) == 0


def test_an_admin_entering_a_holiday_moves_when_lateness_starts(client, inspector, units, region):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    # 2027 is unknown to the package: a case due Friday 5 Feb 2027 is late from Monday 8 Feb...
    with time_machine.travel(at(2027, 2, 2, 9, 0), tick=False):
        case = report(inspector, region=region, unit=units["guangming"])
    assert case.due.astimezone(SH).date() == date(2027, 2, 5)
    assert case.overdue_from == at(2027, 2, 8, 0, 0)
    # ...until the admin enters 春节 (8–12 Feb) in the back office.
    for day in range(8, 13):
        response = client.post(
            "/admin/cases/calendarday/add/", {"date": f"2027-02-{day:02d}", "name": "春节"}
        )
        assert response.status_code == 302
    case.refresh_from_db()
    assert case.overdue_from == at(2027, 2, 15, 0, 0)


def test_the_case_page_warns_when_the_calendar_lacks_the_deadlines_year(
    login, community1, inspector, units, region
):
    with time_machine.travel(at(2027, 3, 1, 9, 0), tick=False):
        case = report(inspector, region=region, unit=units["guangming"])
    page = login(community1).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="calendar-warning"' in page and "2027 年的法定节假日尚未录入" in page
