"""Working days on the Chinese calendar, and the deadlines counted on them.

The one calendar of the platform: every deadline counted in working days calls this module.
A day is a working day by, in order: an admin's entry (CalendarDay: the State Council's notice
of a year the package does not know yet, pasted or entered day by day, or a correction), the
`chinese-calendar` package (statutory holidays and 调休 of past notices), else the statutory
holidays by law (cases.holidays) and weekends — the 调休 of such a year is unknown until its
notice is entered, and :func:`unknown_years` names the year so the UI can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import chinese_calendar
from django.conf import settings
from django.utils.translation import gettext as _

from wenming.cases.holidays import statutory_holidays
from wenming.cases.models import CalendarDay, DeadlineRule, Severity

LOCAL = ZoneInfo(settings.TIME_ZONE)

# The defaults when no DeadlineRule says otherwise (DESIGN.md §4): 紧急 24 hours,
# 一般 3 working days, 较大 7 working days.
DEFAULT_RULES: dict[str, tuple[int | None, int | None]] = {
    Severity.URGENT: (24, None),
    Severity.GENERAL: (None, 3),
    Severity.MAJOR: (None, 7),
}


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


# The package names holidays in English; the platform shows them as the notice does.
PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class WorkCalendar:
    """Working-day arithmetic over a span, with the admin's entries loaded in one query.

    ``extra`` (date → (is_workday, name)) lays days on top of the saved entries: a notice
    being previewed before it is saved.
    """

    def __init__(
        self, start: date, end: date, *, extra: dict[date, tuple[bool, str]] | None = None
    ):
        self.start, self.end = start, start - timedelta(days=1)
        self.overrides: dict[date, tuple[bool, str]] = {}
        self.extra = extra or {}
        self._load_until(end)

    def _load_until(self, end: date) -> None:
        if end <= self.end:
            return
        for day, workday, name in CalendarDay.objects.filter(
            date__gt=self.end, date__lte=end
        ).values_list("date", "is_workday", "name"):
            self.overrides[day] = (workday, name)
        self.end = end

    def day(self, day: date) -> tuple[bool, str]:
        """(is a working day, why: the holiday's name, 调休上班, 周末 or blank)."""
        if day > self.end:
            self._load_until(day + timedelta(days=60))
        entry = self.extra.get(day) or self.overrides.get(day)
        if entry is not None:
            return entry
        try:
            off, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            statutory = statutory_holidays(day.year).get(day)
            if statutory:
                return False, statutory
            return day.weekday() < 5, "" if day.weekday() < 5 else _("周末")
        if name:
            label = PACKAGE_NAMES.get(name, name)
            return not off, label if off else _("%(name)s调休上班") % {"name": label}
        return not off, _("周末") if off else ""

    def is_workday(self, day: date) -> bool:
        return self.day(day)[0]

    def next_workday(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_workdays(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
        for _step in range(count):
            day = self.next_workday(day)
        return day

    def working_hours(self, start: datetime, end: datetime) -> Decimal:
        """Hours between two instants that fall on working days (local time)."""
        if end <= start:
            return Decimal("0")
        start_local, end_local = start.astimezone(LOCAL), end.astimezone(LOCAL)
        seconds = 0.0
        day = start_local.date()
        while day <= end_local.date():
            if self.is_workday(day):
                day_start = datetime.combine(day, time.min, LOCAL)
                lo = max(start_local, day_start)
                hi = min(end_local, day_start + timedelta(days=1))
                seconds += max(0.0, (hi - lo).total_seconds())
            day += timedelta(days=1)
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))


def calendar_around(day: date, *, days_after: int = 60) -> WorkCalendar:
    return WorkCalendar(day - timedelta(days=1), day + timedelta(days=days_after))


def is_workday(day: date) -> bool:
    return WorkCalendar(day, day).is_workday(day)


def unknown_years(*days: date) -> list[int]:
    """Years among ``days`` whose 调休 is unknown: the package lacks them and no notice was entered.

    Their statutory holidays are known by law; only the bridged days off and the weekend
    days worked are missing.
    """
    years = sorted({d.year for d in days if d is not None})
    entered = {
        d.year for d in CalendarDay.objects.filter(date__year__in=years).dates("date", "year")
    }
    return [y for y in years if y not in entered and not _package_knows(y)]


# The State Council publishes next year's notice in the autumn; from this day on its absence
# is worth a warning on the office's first screen.
NOTICE_EXPECTED_FROM = (11, 1)


def calendar_notice_missing(today: date) -> int | None:
    """The year whose holiday arrangement the office should enter now, or None.

    This year while it is unknown; from 1 November, next year while it is unknown. The
    coordinator's and admin's home pages show it with a link to enter the notice.
    """
    years = [today.year]
    if (today.month, today.day) >= NOTICE_EXPECTED_FROM:
        years.append(today.year + 1)
    missing = unknown_years(*(date(year, 1, 1) for year in years))
    return missing[0] if missing else None


def year_calendar(year: int, *, extra: dict[date, tuple[bool, str]] | None = None) -> list[dict]:
    """The months of ``year`` as weeks of days (Monday first) with each day's status, for display."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    calendar = WorkCalendar(first, last, extra=extra)
    months = []
    for month in range(1, 13):
        start = date(year, month, 1)
        weeks: list[list[dict | None]] = [[None] * start.weekday()]
        day = start
        while day.month == month:
            workday, label = calendar.day(day)
            if len(weeks[-1]) == 7:
                weeks.append([])
            weekend = day.weekday() >= 5
            if workday:
                kind = "swap" if weekend else ""
            else:
                kind = "weekend" if weekend and label in ("", _("周末")) else "off"
            weeks[-1].append({"date": day, "workday": workday, "label": label, "kind": kind})
            day += timedelta(days=1)
        weeks[-1] += [None] * (7 - len(weeks[-1]))
        months.append({"month": month, "weeks": weeks})
    return months


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), LOCAL)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, LOCAL)


@dataclass(frozen=True)
class Deadline:
    due: datetime
    overdue_from: datetime

    @property
    def due_date(self) -> date:
        return self.due.astimezone(LOCAL).date()


def deadline_on(day: date, calendar: WorkCalendar | None = None) -> Deadline:
    """Due at the end of ``day``; late from the start of the next working day."""
    calendar = calendar or calendar_around(day, days_after=40)
    return Deadline(due=end_of_day(day), overdue_from=start_of_day(calendar.next_workday(day)))


def rule_for(category: str, severity: str) -> tuple[int | None, int | None]:
    """(hours, working_days) for a category and severity: the category's rule, the general one, the default."""
    rules = {
        r.category: (r.hours, r.working_days)
        for r in DeadlineRule.objects.filter(category__in=[category, ""], severity=severity)
    }
    return rules.get(category) or rules.get("") or DEFAULT_RULES[Severity(severity)]


def deadline_for(
    *,
    category: str,
    severity: str,
    start: datetime,
    rule: tuple[int | None, int | None] | None = None,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """The deadline of a case dispatched at ``start``.

    Hours count the clock (紧急 means now, holiday or not); working days count from the
    day after dispatch and end with the last one's day. A caller computing many passes the
    rule (rule_for) and a calendar covering them.
    """
    hours, working_days = rule or rule_for(category, severity)
    if hours:
        due = start + timedelta(hours=hours)
        return Deadline(due=due, overdue_from=due)
    local_day = start.astimezone(LOCAL).date()
    calendar = calendar or calendar_around(local_day, days_after=working_days * 3 + 40)
    return deadline_on(calendar.add_workdays(local_day, working_days), calendar)


def working_hours_between(start: datetime, end: datetime) -> Decimal:
    calendar = WorkCalendar(start.astimezone(LOCAL).date(), end.astimezone(LOCAL).date())
    return calendar.working_hours(start, end)


def workdays_late(overdue_from: datetime, now: datetime) -> int:
    """Whole working days that have begun since lateness started (0 before it starts)."""
    if now < overdue_from:
        return 0
    first, last = overdue_from.astimezone(LOCAL).date(), now.astimezone(LOCAL).date()
    calendar = WorkCalendar(first, last)
    count, day = 0, first
    while day <= last:
        count += calendar.is_workday(day)
        day += timedelta(days=1)
    return count
