"""Deadlines on the Chinese working calendar: holidays, 调休, unknown years."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from tests.cases.factories import move, report
from tests.regions.factories import UserFactory
from wenming.cases import deadlines
from wenming.cases.holidays import NoticeParseError
from wenming.cases.models import CalendarDay, Case, DeadlineRule, Severity
from wenming.cases.selectors import overdue_q
from wenming.cases.services.calendar import enter_holiday_notice
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


def test_a_year_the_package_lacks_knows_statutory_holidays_until_an_admin_enters_it(db):
    assert deadlines.unknown_years(date(2027, 1, 1)) == [2027]
    assert not deadlines.is_workday(date(2027, 1, 1))  # 元旦, a Friday: by law
    assert not deadlines.is_workday(date(2027, 2, 5))  # 除夕 (2024 revision)
    assert deadlines.is_workday(date(2027, 2, 9))  # 初四: the 调休 is not known yet
    CalendarDay.objects.create(date=date(2027, 2, 9), is_workday=False, name="春节")
    CalendarDay.objects.create(date=date(2027, 2, 20), is_workday=True, name="春节调休上班")
    assert deadlines.unknown_years(date(2027, 1, 1)) == []
    assert not deadlines.is_workday(date(2027, 2, 9))
    assert deadlines.is_workday(date(2027, 2, 20))
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


def test_an_admin_entering_holidays_day_by_day_moves_the_deadline_forward(
    client, inspector, units, region
):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    # 2027 is unknown to the package: 3, 4 Feb, then 除夕–初三 (5–8 Feb) off by law, then 9 Feb.
    with time_machine.travel(at(2027, 2, 2, 9, 0), tick=False):
        case = report(inspector, region=region, unit=units["guangming"])
    assert case.due.astimezone(SH).date() == date(2027, 2, 9)
    assert case.overdue_from == at(2027, 2, 10, 0, 0)
    # The admin enters the bridged days off (9–12 Feb) one by one in the back office.
    for day in range(9, 13):
        response = client.post(
            "/admin/cases/calendarday/add/", {"date": f"2027-02-{day:02d}", "name": "春节"}
        )
        assert response.status_code == 302
    case.refresh_from_db()
    assert case.due.astimezone(SH).date() == date(2027, 2, 15)
    assert case.overdue_from == at(2027, 2, 16, 0, 0)
    assert case.events.filter(action="recompute_deadline").count() == 4


def test_the_case_page_warns_when_the_calendar_lacks_the_deadlines_year(
    login, community1, inspector, units, region
):
    with time_machine.travel(at(2027, 3, 1, 9, 0), tick=False):
        case = report(inspector, region=region, unit=units["guangming"])
    page = login(community1).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="calendar-warning"' in page and "2027 年的调休安排尚未录入" in page


NOTICE_2027 = """一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。1月31日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_new_years_day_2027_is_off_by_law_before_the_notice_is_entered(inspector, units, region):
    # Tuesday 29 Dec + 3 working days: 30, 31 Dec, (元旦, weekend), Monday 4 Jan.
    with time_machine.travel(at(2026, 12, 29, 10, 0), tick=False):
        case = report(inspector, region=region, unit=units["guangming"])
    assert case.due.astimezone(SH).date() == date(2027, 1, 4)


def test_spring_festival_2027_by_law_then_by_the_entered_notice_moves_deadlines_forward_only(
    root, inspector, units, region
):
    with time_machine.travel(at(2027, 2, 5, 10, 0), tick=False):  # 除夕
        spring = report(inspector, region=region, unit=units["guangming"])
    with time_machine.travel(at(2027, 1, 28, 10, 0), tick=False):
        before = report(inspector, region=region, unit=units["guangming"])
    # By law 5–8 Feb are off: 9, 10, 11 Feb. 28 Jan: 29 Jan, 1 and 2 Feb.
    assert spring.due.astimezone(SH).date() == date(2027, 2, 11)
    assert before.due.astimezone(SH).date() == date(2027, 2, 2)

    enter_holiday_notice(actor=root, year=2027, text=NOTICE_2027)

    # The notice bridges 9–12 Feb: 15, 16, 17 Feb.
    spring.refresh_from_db()
    assert spring.due.astimezone(SH).date() == date(2027, 2, 17)
    assert spring.overdue_from == at(2027, 2, 18, 0, 0)
    (event,) = spring.events.filter(action="recompute_deadline")
    assert "由 2027-02-11 顺延至 2027-02-17" in event.note
    # Sunday 31 Jan is now worked, which would bring 2 Feb forward to 1 Feb: it stays.
    before.refresh_from_db()
    assert before.due.astimezone(SH).date() == date(2027, 2, 2)
    assert not before.events.filter(action="recompute_deadline").exists()
    assert deadlines.unknown_years(date(2027, 1, 1)) == []

    # Entering it again changes nothing and records nothing.
    enter_holiday_notice(actor=root, year=2027, text=NOTICE_2027)
    assert spring.events.filter(action="recompute_deadline").count() == 1


def test_only_an_admin_may_enter_a_notice_and_a_bad_one_saves_nothing(coordinator, root):
    with pytest.raises(PermissionDenied):
        enter_holiday_notice(actor=coordinator, year=2027, text=NOTICE_2027)
    with pytest.raises(NoticeParseError):
        enter_holiday_notice(
            actor=root, year=2027, text=NOTICE_2027.replace("3日（周日）", "3日（周六）")
        )
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize(
    "today, missing",
    [
        (date(2026, 10, 31), None),
        (date(2026, 11, 1), 2027),
        (date(2025, 11, 20), None),
        (date(2027, 3, 1), 2027),  # still missing in the year itself
    ],
)
def test_next_years_notice_is_missing_from_november_and_this_years_always_until_entered(
    db, today, missing
):
    assert deadlines.calendar_notice_missing(today) == missing


def test_an_entered_notice_ends_the_missing_warning(root):
    enter_holiday_notice(actor=root, year=2027, text=NOTICE_2027)
    assert deadlines.calendar_notice_missing(date(2026, 12, 1)) is None


def test_the_notice_moves_neither_an_agreed_extension_nor_an_hour_deadline(
    root, inspector, coordinator, community1, units, region
):
    with time_machine.travel(at(2027, 2, 1, 10, 0), tick=False):
        extended = report(inspector, region=region, unit=units["guangming"])
        urgent = report(inspector, region=region, unit=units["guangming"], severity=Severity.URGENT)
        extended = move(community1, extended, "sign")
        extended = move(
            community1, extended, "request_extension", note="需采购", requested_due="2027-02-10"
        )
        extended = move(coordinator, extended, "approve_extension")
    urgent_due = urgent.due
    enter_holiday_notice(actor=root, year=2027, text=NOTICE_2027)
    extended.refresh_from_db()
    urgent.refresh_from_db()
    # 10 Feb is a bridged day off now: the agreed date stays, lateness starts on Monday 15 Feb.
    assert extended.due.astimezone(SH).date() == date(2027, 2, 10)
    assert extended.overdue_from == at(2027, 2, 15, 0, 0)
    assert "逾期起算时间已调整" in extended.events.get(action="recompute_deadline").note
    assert urgent.due == urgent.overdue_from == urgent_due
    assert not urgent.events.filter(action="recompute_deadline").exists()
