"""Writes of the 文明单位/村镇/校园/家庭 titles: register a holder, the annual 复查 against the
title kind's checklist (保留/警示/撤销 with reasons), and flags for review raised by serious
cases against the holder (exposed cases, 黑榜 placings; see flags.py). Reads are in
selectors/titles.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.hanzi import normalize
from wenming.honors import flags, permissions
from wenming.honors.defaults import SITE_TYPE_CODE
from wenming.honors.errors import HonorsInputError
from wenming.honors.models import (
    CivilizedUnit,
    ReviewResult,
    TitleFlag,
    TitleKind,
    TitleLevel,
    TitleReview,
    TitleReviewItem,
    TitleStatus,
)
from wenming.honors.selectors import get_title_for
from wenming.inputs import clean_name
from wenming.inspections.models import ChecklistItem
from wenming.regions.models import Region, Unit
from wenming.regions.scope import scope_for
from wenming.sheets import (
    CellError,
    Column,
    SheetRejected,
    open_workbook,
    read_table,
    workbook_bytes,
)

RESULT_STATUS = {
    ReviewResult.RETAIN: TitleStatus.ACTIVE,
    ReviewResult.WARN: TitleStatus.WARNED,
    ReviewResult.REVOKE: TitleStatus.REVOKED,
}


def checklist_of(kind: str) -> list[ChecklistItem]:
    """The active items of the title kind's 复查 checklist (an inspections site type)."""
    return list(
        ChecklistItem.objects.filter(
            site_type__code=SITE_TYPE_CODE[TitleKind(kind)], is_active=True
        ).order_by("position", "pk")
    )


def _title_values(
    actor, *, kind, level, holder_name, region_code, year, unit_id=None, unit_name=""
) -> dict:
    """A title's values checked against the rules; HonorsInputError names every bad field."""
    errors: dict[str, str] = {}
    kind = KIND_NAMES.get(normalize(str(kind or "")), kind)
    if kind not in TitleKind.values:
        errors["kind"] = _("称号类型应为文明单位、文明村镇、文明校园或文明家庭。")
    level = LEVEL_NAMES.get(normalize(str(level or "")), level)
    if level not in TitleLevel.values:
        errors["level"] = _("级别应为市级、省级或全国。")
    holder_name = clean_name(holder_name)[:100]
    if not holder_name:
        errors["holder_name"] = _("请填写名称。")
    code = str(region_code or "").strip()
    region = Region.objects.filter(code=code).first() if code.isdigit() else None
    if region is None or not scope_for(actor).covers_region(region.code):
        errors["region"] = _("区划代码应为您管辖范围内的12位区划代码。")
    try:
        year = int(float(str(year).strip()))
    except (TypeError, ValueError):
        year = 0
    if not 1980 <= year <= timezone.localdate().year:
        errors["year"] = _("授予年度应为1980年至今年之间的年份。")
    unit = None
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None:
            errors["unit"] = _("对应单位不存在。")
    elif unit_name and str(unit_name).strip():
        name = clean_name(str(unit_name))
        unit = Unit.objects.filter(Q(name=name) | Q(short_name=name)).first()
        if unit is None:
            errors["unit"] = _("没有名为“%(name)s”的单位。") % {"name": name}
    if errors:
        raise HonorsInputError(errors)
    return {
        "kind": kind,
        "level": level,
        "holder_name": holder_name,
        "region": region,
        "year": year,
        "unit": unit,
    }


def register_title(
    *,
    actor,
    kind: str,
    level: str,
    holder_name: str,
    region_code: str,
    year,
    unit_id: int | None = None,
) -> CivilizedUnit:
    """A title conferred: holder, kind, level and year (市级/省级/全国)."""
    permissions.ensure_can(actor, permissions.MANAGE)
    values = _title_values(
        actor,
        kind=kind,
        level=level,
        holder_name=holder_name,
        region_code=region_code,
        year=year,
        unit_id=unit_id,
    )
    try:
        with transaction.atomic():
            title = CivilizedUnit.objects.create(**values)
            record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=title,
                summary=f"登记{title}（{values['year']}年）",
            )
    except IntegrityError as exc:
        raise HonorsInputError(
            _("%(name)s已有%(year)d年的同级同类称号。")
            % {"name": values["holder_name"], "year": values["year"]}
        ) from exc
    return title


# The spreadsheet every 文明办 keeps: headers as offices write them (繁/简 alike).
TITLE_COLUMNS = [
    Column("holder_name", ("名称", "单位名称", "单位（村镇、学校、家庭）名称", "户主")),
    Column("kind", ("称号", "称号类型", "类别")),
    Column("level", ("级别", "称号级别")),
    Column("year", ("授予年度", "命名年度", "年度", "授予年份")),
    Column("region", ("区划代码",), required=False),
    Column("unit", ("对应单位", "责任单位"), required=False),
]
KIND_NAMES = {
    "文明单位": TitleKind.UNIT,
    "文明村镇": TitleKind.VILLAGE,
    "文明村": TitleKind.VILLAGE,
    "文明镇": TitleKind.VILLAGE,
    "文明乡镇": TitleKind.VILLAGE,
    "文明校园": TitleKind.CAMPUS,
    "文明家庭": TitleKind.FAMILY,
}
LEVEL_NAMES = {
    "市级": TitleLevel.CITY,
    "市": TitleLevel.CITY,
    "省级": TitleLevel.PROVINCE,
    "省": TitleLevel.PROVINCE,
    "全国": TitleLevel.NATIONAL,
    "国家级": TitleLevel.NATIONAL,
}


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0


def import_titles(*, actor, data: bytes, filename: str = "") -> ImportResult:
    """Titles from the office's spreadsheet (名称, 称号, 级别, 授予年度, optional 区划代码 and
    对应单位). A title already registered is left as it is; any error: nothing saved and every
    error named by row and column (SheetRejected)."""
    permissions.ensure_can(actor, permissions.MANAGE)
    wb = open_workbook(data, label=filename)
    rows = read_table(wb.worksheets[0], TITLE_COLUMNS).rows
    default_region = scope_for(actor).region_code or ""
    errors: list[CellError] = []
    planned: list[dict] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        try:
            values = _title_values(
                actor,
                kind=row.text("kind"),
                level=row.text("level"),
                holder_name=row.text("holder_name"),
                region_code=row.text("region") or default_region,
                year=row.text("year"),
                unit_name=row.text("unit"),
            )
        except HonorsInputError as exc:
            errors += [
                row.error(field or "holder_name", message) for field, message in exc.errors.items()
            ]
            continue
        key = (values["kind"], values["level"], values["holder_name"], values["year"])
        if key in seen:
            errors.append(row.error("holder_name", _("与第 %(n)d 行重复。") % {"n": seen[key]}))
        seen.setdefault(key, row.number)
        planned.append(values)
    if errors:
        raise SheetRejected(errors)
    result = ImportResult()
    with transaction.atomic():
        for values in planned:
            _title, created = CivilizedUnit.objects.get_or_create(
                kind=values["kind"],
                level=values["level"],
                holder_name=values["holder_name"],
                year=values["year"],
                defaults={"region": values["region"], "unit": values["unit"]},
            )
            result.created += created
            result.unchanged += not created
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            summary=f"导入文明称号 {filename}：新增 {result.created}，已有 {result.unchanged}",
        )
    return result


def export_titles(*, actor, titles) -> bytes:
    """The list as a spreadsheet (formula-safe), audited."""
    permissions.ensure_can(actor, permissions.VIEW)
    rows = [
        (
            t.holder_name,
            t.get_kind_display(),
            t.get_level_display(),
            t.year,
            t.region.name,
            t.region_id,
            t.unit.name if t.unit else "",
            t.get_status_display(),
            _("是") if getattr(t, "flagged", False) else "",
        )
        for t in titles
    ]
    header = [
        _("名称"), _("称号"), _("级别"), _("授予年度"), _("所在区划"), _("区划代码"),
        _("对应单位"), _("状态"), _("提请复查"),
    ]  # fmt: skip
    record(actor=actor, action=AuditAction.EXPORT, summary=f"导出文明称号 {len(rows)} 条")
    return workbook_bytes([(str(_("文明称号")), [str(h) for h in header], rows)])


def _review_year(year) -> int:
    try:
        return int(year)
    except (TypeError, ValueError):
        return 0


def _review_errors(title, year: int, items, results, result: str, reasons: str) -> dict[str, str]:
    """What a 复查 is missing: a year within the title's life, every checklist item, a result,
    and reasons for 警示 or 撤销. A revoked title is not reviewed again."""
    errors: dict[str, str] = {}
    if not title.year <= year <= timezone.localdate().year:
        errors["year"] = _("复查年度应在授予年度至今年之间。")
    if title.status == TitleStatus.REVOKED:
        errors[""] = _("该称号已撤销，不再复查。")
    missing = [item.text for item in items if item.pk not in results]
    if missing:
        errors["items"] = _("还有 %(n)d 项未检查：%(first)s") % {
            "n": len(missing),
            "first": missing[0],
        }
    if result not in ReviewResult.values:
        errors["result"] = _("请选择复查结果。")
    if result in (ReviewResult.WARN, ReviewResult.REVOKE) and not reasons:
        errors["reasons"] = _("警示或撤销须写明理由。")
    return errors


def review_title(
    *,
    actor,
    title_id: int,
    year,
    results: dict[int, tuple[bool, str]],
    result: str,
    reasons: str = "",
) -> TitleReview:
    """复查: every item of the kind's checklist passed or failed (with a note), and a result —
    保留, 警示 or 撤销, the last two with reasons. Open flags are resolved by this review."""
    permissions.ensure_can(actor, permissions.MANAGE)
    title = get_title_for(actor, title_id)
    items = checklist_of(title.kind)
    year, reasons = _review_year(year), (reasons or "").strip()[:2000]
    errors = _review_errors(title, year, items, results, result, reasons)
    if errors:
        raise HonorsInputError(errors)
    failed = sum(1 for item in items if not results[item.pk][0])
    try:
        with transaction.atomic():
            locked = CivilizedUnit.objects.select_for_update().get(pk=title.pk)
            review = TitleReview.objects.create(
                title=locked,
                year=year,
                result=result,
                reasons=reasons,
                failed_items=failed,
                reviewed_by=actor,
            )
            TitleReviewItem.objects.bulk_create(
                [
                    TitleReviewItem(
                        review=review,
                        item=item,
                        passed=bool(results[item.pk][0]),
                        note=clean_name(results[item.pk][1])[:300],
                    )
                    for item in items
                ]
            )
            TitleFlag.objects.filter(title=locked, review__isnull=True).update(review=review)
            locked.status = RESULT_STATUS[ReviewResult(result)]
            locked.save(update_fields=["status"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=locked,
                summary=f"{locked} {year}年复查：{review.get_result_display()}",
                changes={"status": [title.status, locked.status], "failed_items": failed},
            )
    except IntegrityError as exc:
        raise HonorsInputError(
            _("%(name)s的%(year)d年复查已完成。") % {"name": title.holder_name, "year": year}
        ) from exc
    return review


def flag_titles(*, since=None) -> int:
    """Put up for review every active title whose holder has a serious case since ``since``
    (each registered source: exposed cases, 黑榜 placings). Idempotent: one flag per title and
    piece of evidence. Returns how many flags were raised."""
    raised = 0
    titles = CivilizedUnit.objects.exclude(status=TitleStatus.REVOKED)
    by_unit: dict[int, list[CivilizedUnit]] = {}
    for title in titles.filter(unit__isnull=False):
        by_unit.setdefault(title.unit_id, []).append(title)
    villages = list(titles.filter(kind=TitleKind.VILLAGE).select_related("region"))
    for evidence in flags.evidence(since=since):
        targets = {t.pk: t for t in by_unit.get(evidence.unit_id, [])} if evidence.unit_id else {}
        if evidence.region_code:
            # 文明村镇: a serious case anywhere in the village or town counts against it.
            targets |= {
                t.pk: t for t in villages if evidence.region_code.startswith(t.region.prefix)
            }
        for title in targets.values():
            _flag, created = TitleFlag.objects.get_or_create(
                title=title, key=evidence.key[:60], defaults={"reason": evidence.reason[:300]}
            )
            raised += created
    return raised
