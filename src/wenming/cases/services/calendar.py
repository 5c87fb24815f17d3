"""The working calendar: an admin enters the State Council's holiday notice, open deadlines move."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import deadlines, events, holidays
from wenming.cases.models import CalendarDay, Case, ExtensionRequest, ExtensionStatus, State
from wenming.cases.transitions import effective_role
from wenming.regions.models import Role


def may_enter_calendar(actor) -> bool:
    """The working calendar serves every city on the platform: only its admins change it."""
    return actor is not None and (actor.is_superuser or effective_role(actor) == Role.ADMIN)


def preview_holiday_notice(*, actor, year: int, text: str) -> holidays.Arrangement:
    """What enter_holiday_notice would save, for the admin to confirm; saves nothing."""
    if not may_enter_calendar(actor):
        raise PermissionDenied
    return holidays.parse_notice(text, year)


def enter_holiday_notice(*, actor, year: int, text: str) -> tuple[holidays.Arrangement, int]:
    """Save the State Council's notice for ``year`` (pasted text) as the year's calendar entries.

    The notice replaces what was entered for that year before; deadlines then move forward
    (recompute_deadlines). Nothing is saved when a line cannot be read (NoticeParseError).
    """
    if not may_enter_calendar(actor):
        raise PermissionDenied
    arrangement = holidays.parse_notice(text, year)
    entries = arrangement.entries()
    with transaction.atomic():
        CalendarDay.objects.filter(date__year=year).exclude(date__in=list(entries)).delete()
        for day, (workday, name) in entries.items():
            CalendarDay.objects.update_or_create(
                date=day, defaults={"is_workday": workday, "name": name[:50]}
            )
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"录入 {year} 年节假日安排：放假 {len(arrangement.days_off)} 天，"
            f"调休上班 {len(arrangement.workdays)} 天",
        )
        changed = sum(
            recompute_deadlines(actor=actor, year=y) for y in sorted({d.year for d in entries})
        )
    return arrangement, changed


def recompute_deadlines(*, actor, year: int) -> int:
    """After the holiday calendar of ``year`` changed: move the deadlines counted through it.

    A working-day deadline is counted again from its dispatch, forward only: a due date the
    unit was told never moves earlier (nor one agreed in an extension); lateness starts on
    the first working day after it. Each change is a CaseEvent; a re-run changes nothing.
    """
    if not may_enter_calendar(actor):
        raise PermissionDenied
    last = date(year, 12, 31)
    changed = 0
    with transaction.atomic():
        cases = list(
            Case.objects.select_for_update()
            .filter(
                due__gte=deadlines.start_of_day(date(year - 1, 12, 1)),
                dispatched_at__lte=deadlines.end_of_day(last),
            )
            .exclude(state=State.CLOSED)
            .order_by("pk")
        )
        if not cases:
            return 0
        extended = set(
            ExtensionRequest.objects.filter(
                case__in=cases, status=ExtensionStatus.APPROVED
            ).values_list("case_id", flat=True)
        )
        calendar = deadlines.WorkCalendar(
            min(timezone.localtime(c.dispatched_at).date() for c in cases), last
        )
        rules: dict[tuple[str, str], tuple[int | None, int | None]] = {}
        for case in cases:
            # An hour deadline (紧急, overdue the moment it is due) follows the clock, not the calendar.
            if case.overdue_from == case.due:
                continue
            key = (case.category, case.severity)
            rule = rules.get(key) or rules.setdefault(key, deadlines.rule_for(*key))
            recount = case.pk not in extended and bool(rule[1])
            changed += _move_deadline(
                case, actor=actor, year=year, rule=rule if recount else None, calendar=calendar
            )
        if changed:
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                summary=f"节假日调整：{year} 年 {changed} 件案件的整改期限或逾期起算时间已更新",
            )
    return changed


def _move_deadline(case: Case, *, actor, year: int, rule, calendar) -> bool:
    """Count the case's working-day deadline again (with ``rule``; None keeps its due day) and
    move it forward only; a change is written with its CaseEvent. Returns whether it changed."""
    old_day = new_day = timezone.localtime(case.due).date()
    if rule is not None and old_day >= date(year, 1, 1):
        computed = deadlines.deadline_for(
            category=case.category,
            severity=case.severity,
            start=case.dispatched_at,
            rule=rule,
            calendar=calendar,
        )
        new_day = max(old_day, computed.due_date)
    deadline = deadlines.deadline_on(new_day, calendar)
    if (deadline.due, deadline.overdue_from) == (case.due, case.overdue_from):
        return False
    old_due, old_overdue = case.due, case.overdue_from
    case.due, case.overdue_from = deadline.due, deadline.overdue_from
    case.save(update_fields=["due", "overdue_from"])
    if new_day != old_day:
        note = _("按 %(year)d 年节假日安排，整改期限由 %(old)s 顺延至 %(new)s。")
    else:
        note = _("按 %(year)d 年节假日安排，整改期限 %(old)s 不变，逾期起算时间已调整。")
    events.write_event(
        case,
        actor=actor,
        action="recompute_deadline",
        from_state=case.state,
        note=note % {"year": year, "old": old_day.isoformat(), "new": new_day.isoformat()},
        data={
            "year": year,
            "due": [old_due.isoformat(), case.due.isoformat()],
            "overdue_from": [old_overdue.isoformat(), case.overdue_from.isoformat()],
        },
    )
    return True
