"""Assessment periods: a day, an ISO week, a month, a quarter or a year, parsed from one key.

Keys: ``2026-11-23`` (day), ``2026-W47`` (ISO week, Monday to Sunday), ``2026-11`` (month),
``2026-Q4`` (quarter), ``2026`` (year). Plain date arithmetic, no database. Below every app:
the assessment's periods and the case statistics' months are the same calendar.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodKind:
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    CHOICES = [
        (DAY, _("日")),
        (WEEK, _("周")),
        (MONTH, _("月")),
        (QUARTER, _("季度")),
        (YEAR, _("年")),
    ]


QUARTER_NAMES = ("一", "二", "三", "四")


class PeriodError(ValueError):
    """A period key that is not one of the accepted forms, with a Chinese message."""


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    kind: str
    key: str

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.DAY:
            return f"{self.start.year}年{self.start.month}月{self.start.day}日"
        if self.kind == PeriodKind.WEEK:
            year, week, _weekday = self.start.isocalendar()
            return (
                f"{year}年第{week}周（{self.start.month}月{self.start.day}日—"
                f"{self.end.month}月{self.end.day}日）"
            )
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}年第{QUARTER_NAMES[(self.start.month - 1) // 3]}季度"
        return f"{self.start.year}年"

    @property
    def short_label(self) -> str:
        """The label on a chart's axis, within a year: 第47周, 11月, 第四季度, 11月23日."""
        if self.kind == PeriodKind.DAY:
            return f"{self.start.month}月{self.start.day}日"
        if self.kind == PeriodKind.WEEK:
            return f"第{self.start.isocalendar()[1]}周"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.month}月"
        if self.kind == PeriodKind.QUARTER:
            return f"第{QUARTER_NAMES[(self.start.month - 1) // 3]}季度"
        return f"{self.start.year}年"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return period_containing(self.kind, self.start - timedelta(days=1))

    def next(self) -> Period:
        return period_containing(self.kind, self.end + timedelta(days=1))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as [start, end) instants: local (Asia/Shanghai) midnights."""
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(self.start, time.min), tz)
        end = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), tz)
        return start, end


_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), PeriodKind.DAY),
    (re.compile(r"^(\d{4})-[Ww](\d{1,2})$"), PeriodKind.WEEK),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
]


def parse_period(text: str) -> Period:
    """The period a key names; PeriodError (in Chinese) for anything else."""
    key = (text or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(key)
        if not match:
            continue
        numbers = [int(g) for g in match.groups()]
        try:
            if kind == PeriodKind.DAY:
                day = date(*numbers)
                return Period(day, day, kind, day.isoformat())
            if kind == PeriodKind.WEEK:
                year, week = numbers
                monday = date.fromisocalendar(year, week, 1)
                return Period(monday, monday + timedelta(days=6), kind, f"{year}-W{week:02d}")
            if kind == PeriodKind.MONTH:
                year, month = numbers
                last = calendar.monthrange(year, month)[1]
                return Period(
                    date(year, month, 1), date(year, month, last), kind, f"{year}-{month:02d}"
                )
            if kind == PeriodKind.QUARTER:
                year, quarter = numbers
                first = 3 * (quarter - 1) + 1
                last = calendar.monthrange(year, first + 2)[1]
                return Period(
                    date(year, first, 1), date(year, first + 2, last), kind, f"{year}-Q{quarter}"
                )
            (year,) = numbers
            return Period(date(year, 1, 1), date(year, 12, 31), kind, f"{year}")
        except ValueError as exc:
            raise PeriodError(
                _("考核期“%(key)s”不存在：%(error)s") % {"key": key, "error": exc}
            ) from exc
    raise PeriodError(
        _(
            "无法识别考核期“%(key)s”：请写作 2026-11-23（日）、2026-W47（周）、2026-11（月）、2026-Q4（季度）或 2026（年）。"
        )
        % {"key": key}
    )


def period_containing(kind: str, day: date) -> Period:
    """The period of ``kind`` that contains ``day``."""
    if kind == PeriodKind.DAY:
        return parse_period(day.isoformat())
    if kind == PeriodKind.WEEK:
        year, week, _weekday = day.isocalendar()
        return parse_period(f"{year}-W{week:02d}")
    if kind == PeriodKind.MONTH:
        return parse_period(f"{day.year}-{day.month:02d}")
    if kind == PeriodKind.QUARTER:
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if kind == PeriodKind.YEAR:
        return parse_period(f"{day.year}")
    raise PeriodError(_("未知的考核期类型：%(kind)s") % {"kind": kind})
