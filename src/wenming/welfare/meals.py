"""老年食堂（助餐点）: registering points, their 就餐人次, and their xlsx import and export."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.hanzi import normalize
from wenming.sheets import (
    CellError,
    Column,
    Row,
    SheetRejected,
    workbook_bytes,
)
from wenming.welfare import permissions, selectors
from wenming.welfare.models import (
    CountKind,
    MealCount,
    MealPoint,
    MealPointStatus,
)
from wenming.welfare.services import (
    ImportResult,
    WelfareError,
    _choice,
    _date,
    _each,
    _number,
    _plan_rows,
    _read,
    _region,
    _text,
)

# --- meal points ---------------------------------------------------------------------------------


def _meal_point_values(actor, data: dict) -> dict:
    return _each(
        {
            "name": lambda: _text(
                data.get("name"), label=_("名称"), field="name", max_length=100, key=True
            ),
            "operator": lambda: _text(
                data.get("operator"),
                label=_("运营主体"),
                field="operator",
                max_length=100,
                required=False,
            ),
            "region": lambda: _region(actor, data.get("region")),
            "address": lambda: _text(
                data.get("address"),
                label=_("地址"),
                field="address",
                max_length=200,
                required=False,
            ),
            "capacity": lambda: (
                _number(MealPoint, "capacity", data.get("capacity"), required=False) or 0
            ),
            "opened_on": lambda: _date(
                data.get("opened_on"), label=_("开办日期"), field="opened_on", required=False
            ),
            "status": lambda: _choice(
                MealPointStatus.choices,
                data.get("status"),
                label=_("状态"),
                field="status",
                default=MealPointStatus.OPERATING,
            ),
        }
    )


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
    values = _each(
        {
            "kind": lambda: _choice(
                CountKind.choices, kind, label=_("统计口径"), field="kind", default=CountKind.MONTH
            ),
            "day": lambda: _date(day, label=_("日期"), field="day"),
            "diners": lambda: _number(MealCount, "diners", diners),
            "elderly_served": lambda: _number(
                MealCount, "elderly_served", elderly_served, required=False
            ),
        }
    )
    if values["kind"] == CountKind.MONTH:
        values["day"] = values["day"].replace(day=1)
    return values


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
    return _save_planned(
        planned,
        lambda values: MealPoint.objects.update_or_create(
            region=values["region"], name=values["name"], defaults=values
        ),
        actor=actor,
        summary=f"导入助餐点 {filename}",
    )


def _save_planned(planned: list, save: Callable[[dict], tuple], *, actor, summary: str):
    """Save every planned row in one transaction (``save`` returns (obj, created)), counting
    what was new and what was updated, and write the import's audit row."""
    result = ImportResult(rows=len(planned))
    with transaction.atomic():
        for _row, values in planned:
            _obj, created = save(values)
            result.created += created
            result.updated += not created
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            summary=f"{summary}：新增 {result.created}，更新 {result.updated}",
        )
    return result


def import_meal_counts(*, actor, data: bytes, filename: str = "") -> ImportResult:
    """就餐人次 from an .xlsx: 助餐点, 区划代码, 日期 (or 月份), 就餐人次, 服务老年人数."""
    permissions.ensure_can(actor, permissions.MANAGE)
    rows = _read(data, filename, MEAL_COUNT_COLUMNS)
    visible = selectors.meal_points_visible_to(actor)

    def plan(row: Row) -> dict:
        checked = _each(
            {
                "meal_point": lambda: point_of(row),
                "counts": lambda: _count_values(
                    row.values.get("kind"),
                    row.values.get("day"),
                    row.values.get("diners"),
                    row.values.get("elderly_served"),
                ),
            }
        )
        return {"meal_point": checked["meal_point"], **checked["counts"]}

    def point_of(row: Row) -> MealPoint:
        region = _region(actor, row.values.get("region"))
        name = normalize(row.text("name"))
        point = visible.filter(region=region, name=name).first()
        if point is None:
            raise WelfareError(
                _("%(region)s没有名为“%(name)s”的助餐点，请先登记。")
                % {"region": region.name, "name": name},
                field="name",
            )
        return point

    errors: list[CellError] = []
    planned = _plan_rows(rows, plan, errors)
    if errors:
        raise SheetRejected(errors)
    return _save_planned(
        planned,
        lambda values: MealCount.objects.update_or_create(
            meal_point=values["meal_point"],
            kind=values["kind"],
            day=values["day"],
            defaults={**values, "recorded_by": actor},
        ),
        actor=actor,
        summary=f"导入就餐人次 {filename}",
    )


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
