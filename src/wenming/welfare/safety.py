"""民政服务机构安全: check schedules, the checks and hazards found, safety activities, and their
xlsx import and export (seed 004)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases.services import report_case
from wenming.hanzi import normalize
from wenming.privacy import mask_name
from wenming.regions.models import Unit
from wenming.regions.scope import scope_for
from wenming.sheets import (
    CellError,
    Column,
    Row,
    SheetRejected,
    workbook_bytes,
)
from wenming.welfare import permissions, selectors
from wenming.welfare.models import (
    ActivityKind,
    Frequency,
    SafetyActivity,
    SafetyCheck,
    SafetyHazard,
    SafetySchedule,
)
from wenming.welfare.services import (
    ImportResult,
    WelfareError,
    _choice,
    _covers,
    _date,
    _each,
    _number,
    _plan_rows,
    _read,
    _text,
)

# --- safety checks -------------------------------------------------------------------------------

# Seed 004: 主要领导、班子成员每月检查一次，分管安全工作负责人每周检查一次.
DEFAULT_SCHEDULE = [
    ("主要领导", Frequency.MONTHLY),
    ("班子成员", Frequency.MONTHLY),
    ("分管安全工作负责人", Frequency.WEEKLY),
]


def _own_unit(actor, unit_id: int | None) -> Unit:
    """The unit whose safety records the actor keeps: their own (or one under it); an office
    or civil-affairs role may name any unit in their scope."""
    scope = scope_for(actor)
    unit_id = unit_id or (actor.membership.unit_id if hasattr(actor, "membership") else None)
    unit = Unit.objects.select_related("region").filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        raise WelfareError(_("请选择单位。"), field="unit")
    if unit.pk in scope.unit_ids or scope.everything:
        return unit
    if permissions.can(actor, permissions.SAFETY_ALL) and _covers(actor, unit.region_id):
        return unit
    raise WelfareError(_("所选单位不存在或不在您的管理范围内。"), field="unit")


def set_schedule(
    *,
    actor,
    unit_id: int | None = None,
    duty: str,
    frequency: str,
    checker: str = "",
    starts_on: date | None = None,
    active: bool = True,
) -> SafetySchedule:
    """Set who checks how often (configurable per unit; DEFAULT_SCHEDULE is seed 004's rule)."""
    permissions.ensure_can(actor, permissions.RECORD_SAFETY)
    unit = _own_unit(actor, unit_id)
    duty = _text(duty, label=_("检查人职务"), field="duty", max_length=50)
    frequency = _choice(Frequency.choices, frequency, label=_("频次"), field="frequency")
    with transaction.atomic():
        schedule, created = SafetySchedule.objects.update_or_create(
            unit=unit,
            duty=duty,
            defaults={
                "region": unit.region,
                "frequency": frequency,
                "checker": _text(
                    checker, label=_("检查人"), field="checker", max_length=50, required=False
                ),
                "starts_on": starts_on or timezone.localdate(),
                "is_active": active,
            },
        )
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=schedule,
            summary=f"{unit.name} 安全检查计划：{duty} {schedule.get_frequency_display()}",
        )
    return schedule


def install_default_schedule(*, actor, unit_id: int | None = None, starts_on: date | None = None):
    return [
        set_schedule(actor=actor, unit_id=unit_id, duty=d, frequency=f, starts_on=starts_on)
        for d, f in DEFAULT_SCHEDULE
    ]


def record_safety_check(
    *,
    actor,
    unit_id: int | None = None,
    checked_on,
    checker: str,
    place: str,
    note: str = "",
    hazards: list[str] = (),
    schedule_id: int | None = None,
) -> SafetyCheck:
    """Record a check; each hazard found opens a case (source 安全检查) through the cases
    service, in the same transaction: the check and its cases are saved together or not at all."""
    permissions.ensure_can(actor, permissions.RECORD_SAFETY)
    unit = _own_unit(actor, unit_id)
    day = _date(checked_on, label=_("检查日期"), field="checked_on")
    if day > timezone.localdate():
        raise WelfareError(_("检查日期不能晚于今天。"), field="checked_on")
    checker = _text(checker, label=_("检查人"), field="checker", max_length=50)
    place = _text(place, label=_("检查场所"), field="place", max_length=100)
    found = [h.strip() for h in hazards if h and h.strip()]
    for text in found:
        _text(text, label=_("隐患描述"), field="hazards", max_length=300)
    schedule = (
        SafetySchedule.objects.filter(pk=schedule_id, unit=unit).first() if schedule_id else None
    )
    if schedule_id and schedule is None:
        raise WelfareError(_("所选检查计划不属于该单位。"), field="schedule")
    with transaction.atomic():
        check = SafetyCheck.objects.create(
            unit=unit,
            region=unit.region,
            schedule=schedule,
            checked_on=day,
            checker=checker,
            place=place,
            note=(note or "").strip(),
            recorded_by=actor,
        )
        for text in found:
            case = report_case(
                actor=actor,
                source="safety_check",
                category=_("安全隐患"),
                severity="general",
                description=f"{place}：{text}",
                region=unit.region,
                unit=unit,
                address=place,
            )
            SafetyHazard.objects.create(check_record=check, description=text, case=case)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=check,
            summary=f"{unit.name} 安全检查 {day} {place}，隐患 {len(found)} 处",
        )
    return check


def record_safety_activity(
    *, actor, unit_id: int | None = None, kind: str, held_on, title: str, participants=None
) -> SafetyActivity:
    """安全宣讲, 应急演练 or 工作提示 of a unit."""
    permissions.ensure_can(actor, permissions.RECORD_SAFETY)
    unit = _own_unit(actor, unit_id)
    kind = _choice(ActivityKind.choices, kind, label=_("类型"), field="kind")
    day = _date(held_on, label=_("日期"), field="held_on")
    title = _text(title, label=_("主题"), field="title", max_length=200)
    participants = _number(SafetyActivity, "participants", participants, required=False)
    with transaction.atomic():
        activity = SafetyActivity.objects.create(
            unit=unit,
            region=unit.region,
            kind=kind,
            held_on=day,
            title=title,
            participants=participants,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=activity,
            summary=f"{unit.name} {activity.get_kind_display()} {day} {title}",
        )
    return activity


SAFETY_COLUMNS = [
    Column("kind", ("类型", "活动类型")),
    Column("day", ("日期", "检查日期")),
    Column("title", ("主题", "检查场所", "内容")),
    Column("checker", ("检查人",), required=False),
    Column("hazards", ("隐患", "发现隐患"), required=False),
    Column("participants", ("参加人数",), required=False),
]
CHECK_WORDS = ("检查", "安全检查")


def _safety_kind(row: Row) -> str:
    kind_text = normalize(row.text("kind"))
    if kind_text in CHECK_WORDS:
        return "check"
    return _choice(ActivityKind.choices, kind_text, label=_("类型"), field="kind")


def _safety_detail(row: Row) -> dict:
    """A check's 检查人 and 隐患 (one a line), or an activity's 参加人数."""
    if normalize(row.text("kind")) in CHECK_WORDS:
        checker = _text(
            row.values.get("checker"), label=_("检查人"), field="checker", max_length=50
        )
        hazards = [h.strip() for h in row.text("hazards").splitlines() if h.strip()]
        return {"checker": checker, "hazards": hazards}
    participants = _number(
        SafetyActivity, "participants", row.values.get("participants"), required=False
    )
    return {"participants": participants}


def import_safety_records(*, actor, data: bytes, filename: str = "", unit_id: int | None = None):
    """A unit's checks, talks, drills and notices from one sheet: 类型 (检查/安全宣讲/应急演练/
    工作提示), 日期, 主题 (the place, for a check), 检查人, 隐患 (one per line; each opens a case)."""
    permissions.ensure_can(actor, permissions.RECORD_SAFETY)
    unit = _own_unit(actor, unit_id)
    rows = _read(data, filename, SAFETY_COLUMNS)

    def plan(row: Row) -> dict:
        checked = _each(
            {
                "kind": lambda: _safety_kind(row),
                "day": lambda: _date(row.values.get("day"), label=_("日期"), field="day"),
                "title": lambda: _text(
                    row.values.get("title"), label=_("主题"), field="title", max_length=100
                ),
                "detail": lambda: _safety_detail(row),
            }
        )
        detail = checked.pop("detail")
        return {**checked, **detail}

    errors: list[CellError] = []
    planned = _plan_rows(rows, plan, errors)
    if errors:
        raise SheetRejected(errors)
    result = ImportResult(rows=len(planned))
    with transaction.atomic():
        for _row, p in planned:
            if p["kind"] == "check":
                record_safety_check(
                    actor=actor,
                    unit_id=unit.pk,
                    checked_on=p["day"],
                    checker=p["checker"],
                    place=p["title"],
                    hazards=p["hazards"],
                )
            else:
                record_safety_activity(
                    actor=actor,
                    unit_id=unit.pk,
                    kind=p["kind"],
                    held_on=p["day"],
                    title=p["title"],
                    participants=p["participants"],
                )
            result.created += 1
    return result


def export_safety(*, actor, unit_id: int | None = None) -> bytes:
    permissions.ensure_can(actor, permissions.RECORD_SAFETY)
    checks = selectors.checks_visible_to(actor, unit_id=unit_id)
    activities = selectors.activities_visible_to(actor, unit_id=unit_id)
    check_rows = [
        [
            c.unit.name,
            c.checked_on.isoformat(),
            mask_name(c.checker),
            c.place,
            "\n".join(h.description for h in c.hazards.all()),
            "、".join(str(h.case_id) for h in c.hazards.all() if h.case_id),
        ]
        for c in checks
    ]
    activity_rows = [
        [a.unit.name, a.get_kind_display(), a.held_on.isoformat(), a.title, a.participants or ""]
        for a in activities
    ]
    data = workbook_bytes(
        [
            (
                _("安全检查"),
                [
                    _("单位"),
                    _("检查日期"),
                    _("检查人"),
                    _("检查场所"),
                    _("发现隐患"),
                    _("问题编号"),
                ],
                check_rows,
            ),
            (
                _("宣讲演练提示"),
                [_("单位"), _("类型"), _("日期"), _("主题"), _("参加人数")],
                activity_rows,
            ),
        ]
    )
    record(actor=actor, action=AuditAction.EXPORT, summary=f"导出安全检查 {len(check_rows)} 次")
    return data
