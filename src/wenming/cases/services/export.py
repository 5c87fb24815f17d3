"""The board's list as a spreadsheet."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import selectors
from wenming.regions import permissions as region_permissions
from wenming.sheets import workbook_bytes

EXPORT_LIMIT = 50_000


def export_cases(*, actor, filters) -> bytes:
    """The board's current list (the same filters, the same scope) as xlsx; audited."""
    if not region_permissions.can(actor, region_permissions.EXPORT):
        raise PermissionDenied
    cases = selectors.case_list(actor, filters).select_related("region", "unit")[:EXPORT_LIMIT]

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    header = [
        _("编号"),
        _("状态"),
        _("类别"),
        _("严重程度"),
        _("来源"),
        _("问题描述"),
        _("地点"),
        _("所在区域"),
        _("责任单位"),
        _("上报时间"),
        _("整改期限"),
        _("是否逾期"),
        _("返工次数"),
        _("办结时间"),
    ]
    rows = [
        [
            case.pk,
            case.get_state_display(),
            case.category,
            case.get_severity_display(),
            case.get_source_display(),
            case.description,
            case.address,
            case.region.name,
            case.unit.name if case.unit_id else "",
            when(case.created),
            when(case.due),
            _("是") if case.is_overdue else _("否"),
            case.fail_count,
            when(case.closed_at),
        ]
        for case in cases
    ]
    data = workbook_bytes([(_("问题清单"), header, rows)])
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=None,
            summary=_("导出问题清单 %(n)d 条") % {"n": len(rows)},
        )
    return data
