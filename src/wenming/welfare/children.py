"""儿童关爱: 农村留守儿童 and 困境儿童 with their care records (visits, support given).

Personal information of children under 14 is sensitive (个人信息保护法 art. 28, 31): only
civil-affairs staff (民政工作人员) of the child's region see a record — every other role, the
office and superusers included, gets 404 as for a record that does not exist — and every view
of a record is written to the audit log. Lists show names masked; exports mask names, phones
and addresses. Nothing here is reachable through the scope helper alone: the one gate is
:func:`children_visible_to`.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.periods import Period
from wenming.privacy import mask_address, mask_name, mask_phone, normalise_phone
from wenming.sheets import CellError, Column, SheetRejected, workbook_bytes
from wenming.welfare import permissions
from wenming.welfare.models import CareKind, CareRecord, Child, ChildKind, Sex
from wenming.welfare.services import (
    ImportResult,
    WelfareError,
    _choice,
    _date,
    _each,
    _plan_rows,
    _read,
    _region,
    _text,
)


def children_visible_to(actor, *, kind: str = "") -> QuerySet[Child]:
    """The children of the actor's region, for civil-affairs staff only; nothing for anyone else."""
    prefixes = permissions.civil_affairs_prefixes(actor)
    if not prefixes:
        return Child.objects.none()
    qs = Child.objects.none()
    for prefix in prefixes:
        qs = qs | Child.objects.filter(region__pk__startswith=prefix)
    if kind:
        qs = qs.filter(kind=kind)
    return (
        qs.select_related("region")
        .annotate(records=Count("care_records"), last_care=Max("care_records__day"))
        .order_by("region_id", "pk")
    )


def may_manage_children(actor) -> bool:
    return bool(permissions.civil_affairs_prefixes(actor))


def view_child(*, actor, pk) -> Child:
    """One child's record for a permitted viewer, the view audited; 404 for everyone else."""
    child = children_visible_to(actor).filter(pk=pk).first() if pk else None
    if child is None:
        raise Http404
    record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=child,
        summary=f"查看关爱儿童档案 #{child.pk}（{child.get_kind_display()}）",
    )
    return child


def care_records(child: Child) -> list[CareRecord]:
    return list(child.care_records.select_related("recorded_by"))


def age_on(child: Child, day: date) -> int:
    born = child.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _birth_date(value) -> date:
    born = _date(value, label=_("出生日期"), field="birth_date")
    if born > timezone.localdate():
        raise WelfareError(_("出生日期不能晚于今天。"), field="birth_date")
    if timezone.localdate().year - born.year > 18:
        raise WelfareError(_("关爱儿童应为未满18周岁的未成年人。"), field="birth_date")
    return born


def _guardian_phone(value) -> str:
    try:
        return normalise_phone(value)
    except ValueError as exc:
        raise WelfareError(str(exc), field="guardian_phone") from None


def _child_region(actor, code):
    region = _region(actor, code)
    if not permissions.may_see_child_region(actor, region.code):
        raise WelfareError(_("区划不在您的管理范围内。"), field="region")
    return region


def _child_values(actor, data: dict) -> dict:
    """Every field checked on its own (an import names each bad cell)."""
    values = _each(
        {
            "birth_date": lambda: _birth_date(data.get("birth_date")),
            "guardian_phone": lambda: _guardian_phone(data.get("guardian_phone")),
            "region": lambda: _child_region(actor, data.get("region")),
            "kind": lambda: _choice(
                ChildKind.choices, data.get("kind"), label=_("类别"), field="kind"
            ),
            "name": lambda: _text(data.get("name"), label=_("姓名"), field="name", max_length=50),
            "sex": lambda: _choice(
                Sex.choices, data.get("sex"), label=_("性别"), field="sex", default=Sex.UNKNOWN
            ),
            "address": lambda: _text(
                data.get("address"),
                label=_("住址"),
                field="address",
                max_length=200,
                required=False,
            ),
            "guardian_name": lambda: _text(
                data.get("guardian_name"),
                label=_("监护人"),
                field="guardian_name",
                max_length=50,
                required=False,
            ),
        }
    )
    values["situation"] = (data.get("situation") or "").strip()[:2000]
    return values


def register_child(*, actor, data: dict) -> Child:
    if not may_manage_children(actor):
        raise Http404
    values = _child_values(actor, data)
    with transaction.atomic():
        child = Child.objects.create(**values)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=child,
            summary=f"登记关爱儿童 #{child.pk}（{child.get_kind_display()}）",
        )
    return child


def add_care_record(*, actor, child_id: int, kind: str, day, content: str) -> CareRecord:
    """A visit or the support given; the child must be one the actor may see (else 404)."""
    child = children_visible_to(actor).filter(pk=child_id).first() if child_id else None
    if child is None:
        raise Http404
    values = {
        "kind": _choice(CareKind.choices, kind, label=_("类型"), field="kind"),
        "day": _date(day, label=_("日期"), field="day"),
        "content": _text(content, label=_("内容"), field="content", max_length=500),
    }
    if values["day"] > timezone.localdate():
        raise WelfareError(_("日期不能晚于今天。"), field="day")
    with transaction.atomic():
        item = CareRecord.objects.create(child=child, recorded_by=actor, **values)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=item,
            summary=f"关爱儿童 #{child.pk} {item.get_kind_display()} {item.day}",
        )
    return item


CHILD_COLUMNS = [
    Column("kind", ("类别",)),
    Column("name", ("姓名",)),
    Column("birth_date", ("出生日期",)),
    Column("region", ("区划代码",)),
    Column("sex", ("性别",), required=False),
    Column("address", ("住址",), required=False),
    Column("guardian_name", ("监护人",), required=False),
    Column("guardian_phone", ("监护人电话", "联系电话"), required=False),
    Column("situation", ("基本情况",), required=False),
]


def import_children(*, actor, data: bytes, filename: str = "") -> ImportResult:
    if not may_manage_children(actor):
        raise Http404
    rows = _read(data, filename, CHILD_COLUMNS)
    errors: list[CellError] = []
    planned = _plan_rows(rows, lambda row: _child_values(actor, row.values), errors)
    if errors:
        raise SheetRejected(errors)
    with transaction.atomic():
        Child.objects.bulk_create(Child(**values) for _row, values in planned)
        record(actor=actor, action=AuditAction.IMPORT, summary=f"导入关爱儿童 {len(planned)} 名")
    return ImportResult(created=len(planned), rows=len(planned))


def export_children(*, actor) -> bytes:
    """Masked: names, phones and addresses never leave in full; the export is audited."""
    if not may_manage_children(actor):
        raise Http404
    today = timezone.localdate()
    rows = [
        [
            c.get_kind_display(),
            mask_name(c.name),
            c.get_sex_display(),
            age_on(c, today),
            c.region.name,
            mask_address(c.address),
            mask_name(c.guardian_name),
            mask_phone(c.guardian_phone),
            c.records,
            c.last_care.isoformat() if c.last_care else "",
        ]
        for c in children_visible_to(actor)
    ]
    header = [
        _("类别"),
        _("姓名"),
        _("性别"),
        _("年龄"),
        _("社区/村"),
        _("住址"),
        _("监护人"),
        _("监护人电话"),
        _("关爱次数"),
        _("最近关爱"),
    ]
    data = workbook_bytes([(_("关爱儿童"), header, rows)])
    record(actor=actor, action=AuditAction.EXPORT, summary=f"导出关爱儿童（脱敏）{len(rows)} 名")
    return data


def care_figures(*, prefix: str, period: Period) -> int | None:
    """走访帮扶 records in the period (a figure: no names)."""
    n = CareRecord.objects.filter(
        child__region__pk__startswith=prefix,
        day__gte=period.start,
        day__lte=period.end,
    ).count()
    return n or None
