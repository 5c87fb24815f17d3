"""适老化改造: the households whose homes were adapted, by form or xlsx, and their export."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.privacy import mask_address, mask_name
from wenming.sheets import (
    CellError,
    Column,
    SheetRejected,
    workbook_bytes,
)
from wenming.welfare import permissions, selectors
from wenming.welfare.models import (
    RetrofitHousehold,
)
from wenming.welfare.services import (
    ImportResult,
    _date,
    _each,
    _number,
    _plan_rows,
    _read,
    _region,
    _text,
)

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
    return _each(
        {
            "region": lambda: _region(actor, data.get("region")),
            "householder": lambda: _text(
                data.get("householder"), label=_("户主"), field="householder", max_length=50
            ),
            "address": lambda: _text(
                data.get("address"), label=_("住址"), field="address", max_length=200
            ),
            "work": lambda: _text(
                data.get("work"), label=_("改造内容"), field="work", max_length=300
            ),
            "completed_on": lambda: _date(
                data.get("completed_on"), label=_("完成日期"), field="completed_on"
            ),
            "cost": lambda: _number(RetrofitHousehold, "cost", data.get("cost")) or Decimal(0),
        }
    )


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
