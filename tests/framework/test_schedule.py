"""序时进度 and task periods: where a unit should be by today, and the calendar it works to."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.framework.factories import TaskFactory
from wenming.framework.schedule import expected_progress, periods, span_or_year


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 31), 0),  # before the start
        (date(2026, 4, 1), 0),  # the first day
        (date(2026, 4, 11), 33),  # 10 of 30 days, rounded down
        (date(2026, 4, 16), 50),  # half way
        (date(2026, 4, 30), 96),  # 29 of 30 days
        (date(2026, 5, 1), 100),  # the due date
        (date(2026, 6, 1), 100),  # after it
    ],
)
def test_expected_progress_is_linear_from_start_to_due(today, expected):
    assert expected_progress(date(2026, 4, 1), date(2026, 5, 1), today) == expected


def test_a_one_day_period_is_due_at_once():
    day = date(2026, 4, 1)
    assert expected_progress(day, day, day) == 100
    assert expected_progress(day, day, date(2026, 3, 31)) == 0


def test_monthly_and_quarterly_periods_are_clipped_to_the_span():
    monthly = periods("monthly", date(2026, 11, 23), date(2027, 1, 31))
    assert [(p.start, p.due, p.label) for p in monthly] == [
        (date(2026, 11, 23), date(2026, 11, 30), "2026年11月"),
        (date(2026, 12, 1), date(2026, 12, 31), "2026年12月"),
        (date(2027, 1, 1), date(2027, 1, 31), "2027年1月"),
    ]
    quarterly = periods("quarterly", date(2026, 2, 10), date(2026, 12, 31))
    assert [(p.start, p.due, p.label) for p in quarterly] == [
        (date(2026, 2, 10), date(2026, 3, 31), "2026年第一季度"),
        (date(2026, 4, 1), date(2026, 6, 30), "2026年第二季度"),
        (date(2026, 7, 1), date(2026, 9, 30), "2026年第三季度"),
        (date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度"),
    ]
    assert periods("once", date(2026, 2, 10), date(2026, 12, 31))[0].label == ""


def test_an_undated_framework_runs_for_the_current_year():
    assert span_or_year(None, None, date(2026, 5, 6)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert span_or_year(date(2027, 1, 1), None, date(2026, 11, 1)) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
    )


@time_machine.travel(date(2026, 4, 16))
def test_laggards_are_highlighted_beside_their_expected_progress(login, dept, units):
    behind = TaskFactory(
        unit=units["civil"],
        title="落后的任务",
        period_start=date(2026, 4, 1),
        due=date(2026, 5, 1),
        progress=20,
    )
    ahead = TaskFactory(
        unit=units["civil"],
        title="领先的任务",
        period_start=date(2026, 4, 1),
        due=date(2026, 5, 1),
        progress=70,
    )
    assert (behind.expected_progress, behind.is_lagging, ahead.is_lagging) == (50, True, False)
    page = login(dept).get(reverse("framework:my_tasks")).content.decode()
    cards = page.split('data-testid="my-task"')[1:]
    behind_card = next(c for c in cards if "落后的任务" in c)
    ahead_card = next(c for c in cards if "领先的任务" in c)
    assert "滞后于序时进度" in behind_card and "滞后于序时进度" not in ahead_card
    assert 'data-testid="expected-progress">50%' in behind_card
    assert 'data-testid="actual-progress">20%' in behind_card


@time_machine.travel(date(2026, 5, 2))
def test_an_unfinished_task_past_its_due_date_is_overdue(units):
    task = TaskFactory(
        unit=units["civil"], period_start=date(2026, 4, 1), due=date(2026, 5, 1), progress=90
    )
    assert task.is_overdue and task.expected_progress == 100
    task.progress = 100
    assert not task.is_overdue and not task.is_lagging
