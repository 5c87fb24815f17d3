"""The escalation ladder (DESIGN.md §4), one idempotent step at a time.

- 到期提醒: one working day before the deadline, a reminder to the unit's liaison.
- 逾期督办: once the case is overdue, a 督办单 to the unit's leader.
- 挂牌督办: overdue by more than N working days (CASE_EXPOSURE_AFTER_WORKDAYS), the case is
  flagged for exposure in the next bulletin.

Each step is keyed by (job, case, step) with step = the deadline it is about, under a unique
constraint: a second run, or a second worker at the same moment, finds the step taken and does
nothing. An approved extension moves the deadline and so starts a fresh ladder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import conf, deadlines
from wenming.cases.models import (
    Case,
    CaseEvent,
    EscalationJob,
    EscalationStep,
    Notice,
    NoticeKind,
    State,
)
from wenming.cases.notices import case_summary, create_notice
from wenming.notifications import services as notifications
from wenming.notifications.models import MessageKind

# Only while the unit holds the case: once it has submitted, the wait is the verifier's.
UNIT_HOLDS = (State.DISPATCHED, State.RECTIFYING)


@dataclass(frozen=True)
class DueStep:
    job: str
    case_id: int
    step: str


def step_key(case: Case) -> str:
    """The deadline a step is about, in UTC so that the key does not depend on how it was read."""
    return case.due.astimezone(dt_timezone.utc).isoformat()


def _reminder_from(case: Case, calendar: deadlines.WorkCalendar) -> datetime:
    """The start of the working day before the deadline's day."""
    due_day = timezone.localtime(case.due).date()
    day = due_day - timedelta(days=1)
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    return deadlines.start_of_day(day)


def needs(job: str, case: Case, now: datetime, calendar: deadlines.WorkCalendar) -> bool:
    """Whether the clock says ``job`` is due for ``case`` (ignoring whether it was already done)."""
    if case.state not in UNIT_HOLDS or case.due is None:
        return False
    if job == EscalationJob.REMINDER:
        return _reminder_from(case, calendar) <= now < case.overdue_from
    if job == EscalationJob.SUPERVISION:
        return case.overdue_from <= now
    if job == EscalationJob.EXPOSURE:
        return deadlines.workdays_late(case.overdue_from, now) > conf.exposure_after_workdays()
    return False


def due_steps(now: datetime | None = None) -> list[DueStep]:
    """Every (job, case, step) the clock says is due and that has not been taken yet."""
    now = now or timezone.now()
    horizon = now + timedelta(days=15)  # a reminder is at most a working day (plus holidays) ahead
    candidates = list(
        Case.objects.filter(
            state__in=UNIT_HOLDS, due__isnull=False, due__lte=horizon, unit__isnull=False
        ).only("pk", "state", "due", "overdue_from")
    )
    if not candidates:
        return []
    taken = set(
        EscalationStep.objects.filter(case_id__in=[c.pk for c in candidates]).values_list(
            "job", "case_id", "step"
        )
    )
    calendar = deadlines.WorkCalendar(
        timezone.localdate(now) - timedelta(days=60), timezone.localdate(now) + timedelta(days=20)
    )
    found = []
    for case in candidates:
        for job in EscalationJob.values:
            key = (job, case.pk, step_key(case))
            if key not in taken and needs(job, case, now, calendar):
                found.append(DueStep(*key))
    return found


def _record_step(job: str, case: Case, notice: Notice, now: datetime) -> None:
    """What a step leaves behind: the exposure mark, the case's timeline entry (not for a mere
    reminder), the audit record and the responsible unit's message."""
    if job == EscalationJob.EXPOSURE:
        case.exposed_at = now
        case.save(update_fields=["exposed_at"])  # no version bump: nobody's form goes stale
    if job != EscalationJob.REMINDER:
        CaseEvent.objects.create(
            case=case,
            actor=None,
            actor_name=_("系统"),
            at=now,
            action=job,
            from_state=case.state,
            to_state=case.state,
            note=notice.number or notice.title,
            data={"notice": notice.pk},
        )
    record(
        actor=None,
        action=AuditAction.CREATE,
        obj=notice,
        summary=f"{job} #{case.pk} {notice.number}",
    )
    notifications.notify_units(
        unit_ids=[case.unit_id],
        kind=MessageKind.REMINDER if job == EscalationJob.REMINDER else MessageKind.SUPERVISION,
        title=f"{notice.title}：#{case.pk} {case.category}",
        body=(notice.content.get("paragraphs") or [""])[0],
        url=reverse("cases:case_detail", args=[case.pk]),
    )


def escalate(*, job: str, case_id: int, step: str, now: datetime | None = None) -> Notice | None:
    """Take one step of the ladder for one case, at most once. Returns the notice, or None
    when the step was already taken or is no longer due (closed, extended, not late any more)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("unit", "region")
                .filter(pk=case_id)
                .first()
            )
            calendar = deadlines.WorkCalendar(
                timezone.localdate(now) - timedelta(days=60),
                timezone.localdate(now) + timedelta(days=20),
            )
            if (
                case is None
                or case.due is None
                or step_key(case) != step
                or not needs(job, case, now, calendar)
            ):
                return None
            if EscalationStep.objects.filter(job=job, case=case, step=step).exists():
                return None
            notice = _notice_for(job, case, now)
            EscalationStep.objects.create(job=job, case=case, step=step, notice=notice, at=now)
            _record_step(job, case, notice, now)
            return notice
    except IntegrityError:
        # Another worker took the same step between our check and our insert.
        return None


# A 督办单 or 挂牌督办通知 names a new deadline: this many working days after it is issued.
NEW_DEADLINE_WORKDAYS = 2


def _notice_for(job: str, case: Case, now: datetime) -> Notice:
    summary = case_summary(case)
    late = deadlines.workdays_late(case.overdue_from, now)
    if job == EscalationJob.REMINDER:
        kind, title = NoticeKind.REMINDER, _("问题整改到期提醒")
        text = _(
            "你单位承办的第 %(id)d 号问题（%(category)s）将于 %(due)s 到期，请抓紧整改并及时提交整改结果。"
        )
    elif job == EscalationJob.SUPERVISION:
        kind, title = NoticeKind.SUPERVISION, _("创建全国文明城市问题整改督办单")
        text = _(
            "你单位承办的第 %(id)d 号问题（%(category)s）整改期限为 %(due)s，现已逾期，未按要求完成整改。"
            "请单位主要负责同志亲自督促，于 %(new_due)s 前整改到位，并将整改情况通过平台报送。"
        )
    else:
        kind, title = NoticeKind.EXPOSURE, _("关于对创建全国文明城市问题挂牌督办的通知")
        text = _(
            "你单位承办的第 %(id)d 号问题（%(category)s）整改期限为 %(due)s，已逾期 %(late)d 个工作日仍未整改到位，"
            "现予挂牌督办，限 %(new_due)s 前整改到位，并将在下期通报中曝光。"
        )
    new_due = ""
    if job != EscalationJob.REMINDER:
        # The case is past its deadline: the notice sets the new one it is held to.
        day = deadlines.calendar_around(timezone.localdate(now)).add_workdays(
            timezone.localdate(now), NEW_DEADLINE_WORKDAYS
        )
        new_due = f"{day.year}年{day.month}月{day.day}日"
        summary["new_due_text"] = new_due
    content = {
        "paragraphs": [
            text
            % {
                "id": case.pk,
                "category": case.category,
                "due": summary["due_text"],
                "late": late,
                "new_due": new_due,
            }
        ],
        "cases": [summary],
    }
    return create_notice(
        actor=None, kind=kind, unit=case.unit, cases=[case], case=case, content=content, title=title
    )
