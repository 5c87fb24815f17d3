"""Every write of the civil-affairs registers: one function per change, permission first, one
transaction, the audit row inside it. Imports read a whole workbook first and save nothing
while any row has an error (第12行C列: …)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases.services import report_case
from wenming.hanzi import normalize
from wenming.inputs import strip_bidi
from wenming.numbers import NumberInvalid, clean_number
from wenming.privacy import mask_address, mask_name
from wenming.regions.models import Region, Unit
from wenming.regions.scope import scope_for
from wenming.sheets import (
    CellError,
    Column,
    Row,
    SheetRejected,
    open_workbook,
    read_table,
    workbook_bytes,
)
from wenming.welfare import permissions, selectors
from wenming.welfare.models import (
    ActivityKind,
    CountKind,
    Frequency,
    MealCount,
    MealPoint,
    MealPointStatus,
    RetrofitHousehold,
    SafetyActivity,
    SafetyCheck,
    SafetyHazard,
    SafetySchedule,
)


class WelfareError(Exception):
    """A change that cannot be made; ``message`` (Chinese) is shown, ``field`` names the input."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def _region(actor, code: str, *, field: str = "region") -> Region:
    """A region the actor may keep registers in; one message for "missing" and "not yours"."""
    code = normalize(str(code or "")).strip()
    region = Region.objects.filter(code=code).first()
    if region is None or not _covers(actor, region.code):
        raise WelfareError(
            _("区划代码“%(code)s”不存在或不在您的管理范围内。") % {"code": code}, field=field
        )
    return region


def _covers(actor, code: str) -> bool:
    scope = scope_for(actor)
    prefixes = scope.prefixes + permissions.civil_affairs_prefixes(actor)
    return scope.everything or any(code.startswith(p) for p in prefixes)


def _number(model, name: str, value, *, required: bool = True, minimum=0):
    try:
        number = clean_number(model, name, value, minimum=minimum, error=NumberInvalid)
    except NumberInvalid as exc:
        raise WelfareError(exc.message, field=name) from None
    if number is None and required:
        label = model._meta.get_field(name).verbose_name
        raise WelfareError(_("请填写“%(f)s”。") % {"f": label}, field=name)
    return number


def _date(value, *, label: str, field: str, required: bool = True) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize(str(value or "")).strip()
    if not text:
        if required:
            raise WelfareError(_("请填写“%(f)s”。") % {"f": label}, field=field)
        return None
    for form in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y-%m", "%Y年%m月"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise WelfareError(
        _("“%(f)s”应为日期，如 2026-11-23，收到“%(v)s”。") % {"f": label, "v": text[:20]},
        field=field,
    )


def _choice(choices, value, *, label: str, field: str, default=None) -> str:
    text = normalize(str(value or "")).strip()
    if not text and default is not None:
        return default
    for key, name in choices:
        if text in (key, normalize(str(name))):
            return key
    names = "、".join(str(name) for _key, name in choices)
    raise WelfareError(
        _("“%(f)s”应为：%(names)s；收到“%(v)s”。") % {"f": label, "names": names, "v": text},
        field=field,
    )


def _text(
    value, *, label: str, field: str, max_length: int, required: bool = True, key: bool = False
) -> str:
    """Free text as typed (trimmed, no hidden direction marks); a ``key`` (a name the registers
    match on) in 简体 and half-width, so 繁/简 imports find the same row."""
    raw = strip_bidi(str(value or "")).strip()
    text = normalize(raw) if key else raw
    if required and not text:
        raise WelfareError(_("请填写“%(f)s”。") % {"f": label}, field=field)
    if len(text) > max_length:
        raise WelfareError(
            _("“%(f)s”不能超过 %(n)d 个字。") % {"f": label, "n": max_length}, field=field
        )
    return text


# --- meal points ---------------------------------------------------------------------------------


def _meal_point_values(actor, data: dict) -> dict:
    return {
        "name": _text(data.get("name"), label=_("名称"), field="name", max_length=100, key=True),
        "operator": _text(
            data.get("operator"),
            label=_("运营主体"),
            field="operator",
            max_length=100,
            required=False,
        ),
        "region": _region(actor, data.get("region")),
        "address": _text(
            data.get("address"), label=_("地址"), field="address", max_length=200, required=False
        ),
        "capacity": _number(MealPoint, "capacity", data.get("capacity"), required=False) or 0,
        "opened_on": _date(
            data.get("opened_on"), label=_("开办日期"), field="opened_on", required=False
        ),
        "status": _choice(
            MealPointStatus.choices,
            data.get("status"),
            label=_("状态"),
            field="status",
            default=MealPointStatus.OPERATING,
        ),
    }


def save_meal_point(*, actor, data: dict, pk: int | None = None) -> MealPoint:
    """Register a meal point, or change one (``pk``); 城市/农村 is never typed (region code)."""
    permissions.ensure_can(actor, permissions.MANAGE)
    values = _meal_point_values(actor, data)
    with transaction.atomic():
        if pk is None:
            if MealPoint.objects.filter(region=values["region"], name=values["name"]).exists():
                raise WelfareError(
                    _("%(region)s已有名为“%(name)s”的助餐点。")
                    % {"region": values["region"].name, "name": values["name"]},
                    field="name",
                )
            point = MealPoint.objects.create(**values)
            record(actor=actor, action=AuditAction.CREATE, obj=point, summary=f"新增助餐点 {point}")
            return point
        point = selectors.get_meal_point_for(actor, pk)
        point = MealPoint.objects.select_for_update().get(pk=point.pk)
        changes = {}
        for name, value in values.items():
            if getattr(point, name) != value:
                changes[name] = [str(getattr(point, name)), str(value)]
                setattr(point, name, value)
        if changes:
            point.save()
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=point,
                changes=changes,
                summary=f"修改助餐点 {point}",
            )
        return point


def _count_values(kind, day, diners, elderly_served) -> dict:
    kind = _choice(
        CountKind.choices, kind, label=_("统计口径"), field="kind", default=CountKind.MONTH
    )
    day = _date(day, label=_("日期"), field="day")
    if kind == CountKind.MONTH:
        day = day.replace(day=1)
    return {
        "kind": kind,
        "day": day,
        "diners": _number(MealCount, "diners", diners),
        "elderly_served": _number(MealCount, "elderly_served", elderly_served, required=False),
    }


def record_meal_count(
    *, actor, meal_point_id: int, kind, day, diners, elderly_served=None
) -> MealCount:
    """Enter a day's or a month's 就餐人次 (a second entry for the same day replaces the first)."""
    permissions.ensure_can(actor, permissions.MANAGE)
    point = selectors.get_meal_point_for(actor, meal_point_id)
    values = _count_values(kind, day, diners, elderly_served)
    with transaction.atomic():
        count, created = MealCount.objects.update_or_create(
            meal_point=point,
            kind=values["kind"],
            day=values["day"],
            defaults={**values, "recorded_by": actor},
        )
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=count,
            summary=f"{point} {values['day']} 就餐 {values['diners']} 人次",
        )
    return count


# --- xlsx import and export ----------------------------------------------------------------------

MEAL_POINT_COLUMNS = [
    Column("name", ("名称", "助餐点名称", "老年食堂名称", "食堂名称")),
    Column("region", ("区划代码", "社区/村区划代码", "所在区划代码")),
    Column("operator", ("运营主体", "运营单位"), required=False),
    Column("address", ("地址", "详细地址"), required=False),
    Column("capacity", ("就餐座位", "座位数", "就餐座位（人）", "容量"), required=False),
    Column("opened_on", ("开办日期", "建成日期", "开业日期"), required=False),
    Column("status", ("状态", "运营状态"), required=False),
]

MEAL_COUNT_COLUMNS = [
    Column("name", ("助餐点", "名称", "助餐点名称")),
    Column("region", ("区划代码",)),
    Column("day", ("日期", "月份", "统计日期")),
    Column("diners", ("就餐人次",)),
    Column("kind", ("统计口径", "口径"), required=False),
    Column("elderly_served", ("服务老年人数", "服务老人数"), required=False),
]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    rows: int = 0
    errors: list[CellError] = field(default_factory=list)


def _plan_rows(rows: list[Row], plan: Callable[[Row], dict], errors: list[CellError]) -> list:
    planned = []
    for row in rows:
        try:
            planned.append((row, plan(row)))
        except WelfareError as exc:
            errors.append(row.error(exc.field, exc.message))
    return planned


def _read(data: bytes, filename: str, columns) -> list[Row]:
    wb = open_workbook(data, label=filename)
    return read_table(wb.worksheets[0], columns).rows


def import_meal_points(*, actor, data: bytes, filename: str = "") -> ImportResult:
    """Register or update meal points from an .xlsx (one row each; a row's 区划代码 and 名称
    find an existing point). Any error: nothing saved, every error listed."""
    permissions.ensure_can(actor, permissions.MANAGE)
    rows = _read(data, filename, MEAL_POINT_COLUMNS)
    errors: list[CellError] = []
    planned = _plan_rows(rows, lambda row: _meal_point_values(actor, row.values), errors)
    seen: dict[tuple, int] = {}
    for row, values in planned:
        key = (values["region"].code, values["name"])
        if key in seen:
            errors.append(
                row.error("name", _("与第 %(n)d 行重复（同一区划、同一名称）。") % {"n": seen[key]})
            )
        seen.setdefault(key, row.number)
    if errors:
        raise SheetRejected(errors)
    result = ImportResult(rows=len(planned))
    with transaction.atomic():
        for _row, values in planned:
            point, created = MealPoint.objects.update_or_create(
                region=values["region"], name=values["name"], defaults=values
            )
            result.created += created
            result.updated += not created
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            summary=f"导入助餐点 {filename}：新增 {result.created}，更新 {result.updated}",
        )
    return result


def import_meal_counts(*, actor, data: bytes, filename: str = "") -> ImportResult:
    """就餐人次 from an .xlsx: 助餐点, 区划代码, 日期 (or 月份), 就餐人次, 服务老年人数."""
    permissions.ensure_can(actor, permissions.MANAGE)
    rows = _read(data, filename, MEAL_COUNT_COLUMNS)
    visible = selectors.meal_points_visible_to(actor)

    def plan(row: Row) -> dict:
        region = _region(actor, row.values.get("region"))
        name = normalize(row.text("name"))
        point = visible.filter(region=region, name=name).first()
        if point is None:
            raise WelfareError(
                _("%(region)s没有名为“%(name)s”的助餐点，请先登记。")
                % {"region": region.name, "name": name},
                field="name",
            )
        values = _count_values(
            row.values.get("kind"),
            row.values.get("day"),
            row.values.get("diners"),
            row.values.get("elderly_served"),
        )
        return {"meal_point": point, **values}

    errors: list[CellError] = []
    planned = _plan_rows(rows, plan, errors)
    if errors:
        raise SheetRejected(errors)
    result = ImportResult(rows=len(planned))
    with transaction.atomic():
        for _row, values in planned:
            _count, created = MealCount.objects.update_or_create(
                meal_point=values["meal_point"],
                kind=values["kind"],
                day=values["day"],
                defaults={**values, "recorded_by": actor},
            )
            result.created += created
            result.updated += not created
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            summary=f"导入就餐人次 {filename}：新增 {result.created}，更新 {result.updated}",
        )
    return result


def export_meal_points(*, actor, filters: dict | None = None) -> bytes:
    """The meal points in the actor's registers (current filter) as a formula-safe .xlsx."""
    permissions.ensure_can(actor, permissions.EXPORT)
    points = selectors.meal_points_visible_to(actor, **(filters or {}))
    header = [
        _("名称"),
        _("运营主体"),
        _("区划代码"),
        _("所在社区/村"),
        _("城市/农村"),
        _("地址"),
        _("就餐座位"),
        _("开办日期"),
        _("状态"),
    ]
    rows = [
        [
            p.name,
            p.operator,
            p.region_id,
            p.region.name,
            p.area_label,
            p.address,
            p.capacity,
            p.opened_on.isoformat() if p.opened_on else "",
            p.get_status_display(),
        ]
        for p in points
    ]
    data = workbook_bytes([(_("老年食堂（助餐点）"), header, rows)])
    record(actor=actor, action=AuditAction.EXPORT, summary=f"导出助餐点 {len(rows)} 个")
    return data


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


def import_safety_records(*, actor, data: bytes, filename: str = "", unit_id: int | None = None):
    """A unit's checks, talks, drills and notices from one sheet: 类型 (检查/安全宣讲/应急演练/
    工作提示), 日期, 主题 (the place, for a check), 检查人, 隐患 (one per line; each opens a case)."""
    permissions.ensure_can(actor, permissions.RECORD_SAFETY)
    unit = _own_unit(actor, unit_id)
    rows = _read(data, filename, SAFETY_COLUMNS)

    def plan(row: Row) -> dict:
        kind_text = normalize(row.text("kind"))
        if kind_text in CHECK_WORDS:
            kind = "check"
        else:
            kind = _choice(ActivityKind.choices, kind_text, label=_("类型"), field="kind")
        day = _date(row.values.get("day"), label=_("日期"), field="day")
        title = _text(row.values.get("title"), label=_("主题"), field="title", max_length=100)
        if kind == "check":
            checker = _text(
                row.values.get("checker"), label=_("检查人"), field="checker", max_length=50
            )
            hazards = [h.strip() for h in row.text("hazards").splitlines() if h.strip()]
            return {
                "kind": kind,
                "day": day,
                "title": title,
                "checker": checker,
                "hazards": hazards,
            }
        participants = _number(
            SafetyActivity, "participants", row.values.get("participants"), required=False
        )
        return {"kind": kind, "day": day, "title": title, "participants": participants}

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


# --- 适老化改造 ----------------------------------------------------------------------------------

RETROFIT_COLUMNS = [
    Column("region", ("区划代码",)),
    Column("householder", ("户主", "户主姓名")),
    Column("address", ("住址", "地址")),
    Column("work", ("改造内容", "改造项目")),
    Column("completed_on", ("完成日期", "改造日期")),
    Column("cost", ("费用", "费用（元）", "改造费用")),
]


def _retrofit_values(actor, data: dict) -> dict:
    return {
        "region": _region(actor, data.get("region")),
        "householder": _text(
            data.get("householder"), label=_("户主"), field="householder", max_length=50
        ),
        "address": _text(data.get("address"), label=_("住址"), field="address", max_length=200),
        "work": _text(data.get("work"), label=_("改造内容"), field="work", max_length=300),
        "completed_on": _date(data.get("completed_on"), label=_("完成日期"), field="completed_on"),
        "cost": _number(RetrofitHousehold, "cost", data.get("cost")) or Decimal(0),
    }


def save_retrofit(*, actor, data: dict) -> RetrofitHousehold:
    permissions.ensure_can(actor, permissions.MANAGE)
    values = _retrofit_values(actor, data)
    with transaction.atomic():
        item = RetrofitHousehold.objects.create(**values)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=item,
            summary=f"适老化改造 {mask_address(item.address)} {item.work}",
        )
    return item


def import_retrofits(*, actor, data: bytes, filename: str = "") -> ImportResult:
    permissions.ensure_can(actor, permissions.MANAGE)
    rows = _read(data, filename, RETROFIT_COLUMNS)
    errors: list[CellError] = []
    planned = _plan_rows(rows, lambda row: _retrofit_values(actor, row.values), errors)
    if errors:
        raise SheetRejected(errors)
    with transaction.atomic():
        RetrofitHousehold.objects.bulk_create([RetrofitHousehold(**v) for _r, v in planned])
        record(actor=actor, action=AuditAction.IMPORT, summary=f"导入适老化改造 {len(planned)} 户")
    return ImportResult(created=len(planned), rows=len(planned))


def export_retrofits(*, actor) -> bytes:
    """Masked: the householder's name and the house number never leave in an export."""
    permissions.ensure_can(actor, permissions.EXPORT)
    rows = [
        [
            r.region.name,
            mask_name(r.householder),
            mask_address(r.address),
            r.work,
            r.completed_on.isoformat(),
            r.cost,
        ]
        for r in selectors.retrofits_visible_to(actor)
    ]
    header = [_("社区/村"), _("户主"), _("住址"), _("改造内容"), _("完成日期"), _("费用（元）")]
    data = workbook_bytes([(_("适老化改造"), header, rows)])
    record(actor=actor, action=AuditAction.EXPORT, summary=f"导出适老化改造 {len(rows)} 户")
    return data
