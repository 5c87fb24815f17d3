"""Task periods and 序时进度: plain date arithmetic, no database.

序时进度 is where a unit should be by today if it worked evenly: 0 % on the period's first
day, 100 % on its due date, linear in between (whole days).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    start: date
    due: date
    label: str  # "" for a one-off period, else e.g. "2026年3月" or "2026年第一季度"


QUARTER_NAMES = ("一", "二", "三", "四")


def span_or_year(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """The framework's effective span; where a bound is unset, the current calendar year's
    (or, for a start in a later year, that year's end)."""
    start = start or date(today.year, 1, 1)
    return start, end or date(max(start.year, today.year), 12, 31)


def _months(start: date, end: date) -> Iterable[tuple[date, date, str]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = calendar.monthrange(year, month)[1]
        yield date(year, month, 1), date(year, month, last), f"{year}年{month}月"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _quarters(start: date, end: date) -> Iterable[tuple[date, date, str]]:
    year, quarter = start.year, (start.month - 1) // 3
    while (year, quarter) <= (end.year, (end.month - 1) // 3):
        first_month = quarter * 3 + 1
        last = calendar.monthrange(year, first_month + 2)[1]
        yield (
            date(year, first_month, 1),
            date(year, first_month + 2, last),
            f"{year}年第{QUARTER_NAMES[quarter]}季度",
        )
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)


def periods(cadence: str, start: date, end: date) -> list[Period]:
    """The periods of ``cadence`` ("once", "monthly", "quarterly") clipped to [start, end]."""
    if end < start:
        raise ValueError("end before start")
    if cadence == "once":
        return [Period(start, end, "")]
    chunks = _months(start, end) if cadence == "monthly" else _quarters(start, end)
    return [Period(max(first, start), min(last, end), label) for first, last, label in chunks]


def expected_progress(start: date, due: date, today: date) -> int:
    """序时进度 in whole percent (rounded down) for a period running from ``start`` to ``due``."""
    if today >= due:
        return 100
    if today <= start:
        return 0
    return 100 * (today - start).days // (due - start).days


def mean_progress(values: Sequence[int]) -> int:
    """A parent's progress from its children's: their mean rounded down, so 100 means all done."""
    return sum(values) // len(values) if values else 0
