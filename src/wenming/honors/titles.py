"""Writes of the 文明单位/村镇/校园/家庭 titles: register a holder, the annual 复查 against the
title kind's checklist (保留/警示/撤销 with reasons), and flags for review raised by serious
cases against the holder (exposed cases, 黑榜 placings; see flags.py). Reads are in selectors.py.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.honors import flags, permissions
from wenming.honors.defaults import SITE_TYPE_CODE
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
from wenming.honors.services import HonorsInputError
from wenming.inputs import clean_name
from wenming.inspections.models import ChecklistItem
from wenming.regions.models import Region, Unit
from wenming.regions.scope import scope_for

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
    errors: dict[str, str] = {}
    if kind not in TitleKind.values:
        errors["kind"] = _("请选择称号类型。")
    if level not in TitleLevel.values:
        errors["level"] = _("请选择级别。")
    holder_name = clean_name(holder_name)[:100]
    if not holder_name:
        errors["holder_name"] = _("请填写名称。")
    code = (region_code or "").strip()
    region = Region.objects.filter(code=code).first() if code.isdigit() else None
    scope = scope_for(actor)
    if region is None or not scope.covers_region(region.code):
        errors["region"] = _("请选择您管辖范围内的区划。")
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 1980 <= year <= timezone.localdate().year:
        errors["year"] = _("授予年度应为1980年至今年之间的年份。")
    unit = None
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None:
            errors["unit"] = _("对应单位不存在。")
    if errors:
        raise HonorsInputError(errors)
    try:
        with transaction.atomic():
            title = CivilizedUnit.objects.create(
                kind=kind, level=level, holder_name=holder_name, region=region, year=year, unit=unit
            )
            record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=title,
                summary=f"登记{title}（{year}年）",
            )
    except IntegrityError as exc:
        raise HonorsInputError(
            _("%(name)s已有%(year)d年的同级同类称号。") % {"name": holder_name, "year": year}
        ) from exc
    return title


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
    from wenming.honors.selectors import get_title_for

    permissions.ensure_can(actor, permissions.MANAGE)
    title = get_title_for(actor, title_id)
    errors: dict[str, str] = {}
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not title.year <= year <= timezone.localdate().year:
        errors["year"] = _("复查年度应在授予年度至今年之间。")
    if title.status == TitleStatus.REVOKED:
        errors[""] = _("该称号已撤销，不再复查。")
    items = checklist_of(title.kind)
    missing = [item.text for item in items if item.pk not in results]
    if missing:
        errors["items"] = _("还有 %(n)d 项未检查：%(first)s") % {
            "n": len(missing),
            "first": missing[0],
        }
    if result not in ReviewResult.values:
        errors["result"] = _("请选择复查结果。")
    reasons = (reasons or "").strip()[:2000]
    if result in (ReviewResult.WARN, ReviewResult.REVOKE) and not reasons:
        errors["reasons"] = _("警示或撤销须写明理由。")
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
