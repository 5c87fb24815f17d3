from datetime import date

import pytest

from wenming.periods import PeriodError, parse_period, period_containing


@pytest.mark.parametrize(
    "key, start, end, kind, label",
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "month", "2026年11月"),
        (
            "2026-W47",
            date(2026, 11, 16),
            date(2026, 11, 22),
            "week",
            "2026年第47周（11月16日—11月22日）",
        ),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "quarter", "2026年第四季度"),
        ("2026-11-23", date(2026, 11, 23), date(2026, 11, 23), "day", "2026年11月23日"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "year", "2026年"),
        ("2026-2", date(2026, 2, 1), date(2026, 2, 28), "month", "2026年2月"),
        (
            "2020-W53",
            date(2020, 12, 28),
            date(2021, 1, 3),
            "week",
            "2020年第53周（12月28日—1月3日）",
        ),
    ],
)
def test_period_keys_parse_to_their_dates(key, start, end, kind, label):
    period = parse_period(key)
    assert (period.start, period.end, period.kind, period.label) == (start, end, kind, label)


def test_keys_are_normalised_and_previous_periods_follow_the_calendar():
    assert parse_period("2026-w1").key == "2026-W01"
    assert parse_period("2026-W01").previous().key == "2025-W52"
    assert parse_period("2026-01").previous().key == "2025-12"
    assert parse_period("2026-Q1").previous().key == "2025-Q4"
    assert parse_period("2026-03-01").previous().key == "2026-02-28"
    assert period_containing("week", date(2026, 11, 23)).key == "2026-W48"


@pytest.mark.parametrize(
    "key", ["2026-13", "2026-W54", "2026-Q5", "2026-02-30", "十一月", "", "2026/11"]
)
def test_bad_keys_are_refused_in_chinese(key):
    with pytest.raises(PeriodError) as error:
        parse_period(key)
    assert "考核期" in str(error.value)
