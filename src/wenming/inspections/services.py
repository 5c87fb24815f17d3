"""Writes: sites (and their xlsx import), rounds (with reproducible sampling), visits and findings.

A visit's failed items and free-form problems become findings, and each finding becomes a
case through ``wenming.cases.services.report_case``. For an undercover (暗访) round the cases
are opened when the round is published, so that nothing reaches the inspected unit before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases.models import Source
from wenming.cases.services import report_case
from wenming.hanzi import normalize, to_simplified
from wenming.inputs import clean_name
from wenming.inspections import permissions
from wenming.inspections.models import (
    ChecklistResult,
    Finding,
    Inspection,
    Outcome,
    Photo,
    Round,
    RoundKind,
    RoundSite,
    RoundStatus,
    Severity,
    Site,
    SiteType,
    latest_result_class,
)
from wenming.inspections.selectors import checklist_for, sites_visible_to
from wenming.numbers import clean_number, clean_position
from wenming.regions.models import Region, Unit
from wenming.regions.scope import scope_for
from wenming.regions.services import UnitIndex
from wenming.sheets import (
    CellError,
    Column,
    SheetRejected,
    open_workbook,
    read_table,
    workbook_bytes,
)
from wenming.uploads import CheckedUpload, UploadRejected, check_upload

PHOTO_KINDS = {"jpg", "png", "webp"}
MAX_PHOTOS_PER_VISIT = 30


class InspectionError(Exception):
    """A business rule refused the change; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RoundNotOpen(InspectionError):
    pass


class SiteNotInRound(InspectionError):
    pass


class RoundAlreadyStarted(InspectionError):
    pass


class VisitRejected(InspectionError):
    """The visit cannot be saved; ``errors`` lists every problem at once."""

    def __init__(self, errors: Sequence[str]):
        super().__init__("；".join(errors))
        self.errors = list(errors)


# --- sites -------------------------------------------------------------------------------

SITE_SHEET = "点位"
SITE_COLUMNS = (
    Column("name", ("点位名称", "名称", "点位")),
    Column("site_type", ("点位类型", "类型")),
    Column("region", ("所在区划", "区划", "区划代码", "所在社区", "社区/村")),
    Column("unit", ("责任单位", "单位"), required=False),
    Column("address", ("地址", "详细地址"), required=False),
    Column("latitude", ("纬度", "lat", "latitude"), required=False),
    Column("longitude", ("经度", "lon", "lng", "longitude"), required=False),
)
# Sites are in China: a coordinate outside this box is a typo or swapped columns.
CHINA_LATITUDE = (Decimal("3.8"), Decimal("53.6"))
CHINA_LONGITUDE = (Decimal("73.4"), Decimal("135.1"))
SIX_PLACES = Decimal("0.000001")


@dataclass
class SiteImportSummary:
    created: int = 0
    updated: int = 0


@dataclass
class _SitePlan:
    row: int
    name: str
    values: dict = field(default_factory=dict)


class _RegionIndex:
    """Regions by 12-digit code or by name (繁/简 alike); a name shared by two regions is ambiguous."""

    def __init__(self, regions: Iterable[Region]):
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in regions:
            self.by_code[region.code] = region
            self.by_name.setdefault(normalize(region.name), []).append(region)

    def find(self, text: str) -> tuple[Region | None, str | None]:
        key = normalize(text)
        if key in self.by_code:
            return self.by_code[key], None
        matches = self.by_name.get(key, [])
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            codes = "、".join(r.code for r in matches[:3])
            return None, _("名称“%(v)s”对应多个区划（%(codes)s），请改填区划代码。") % {
                "v": text,
                "codes": codes,
            }
        return None, _("找不到区划“%(v)s”（可填 12 位区划代码或名称）。") % {"v": text}


def _coordinate(
    row, key: str, bounds: tuple[Decimal, Decimal], label: str, errors: list[CellError]
) -> Decimal | None:
    """A decimal degree within China, or None when blank (a site may lack a position)."""
    text = normalize(row.text(key)).rstrip("°")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.append(
            row.error(
                key,
                _("%(label)s“%(v)s”不是数字（请填十进制度数，如 32.6253）。")
                % {"label": label, "v": row.text(key)},
            )
        )
        return None
    low, high = bounds
    if not low <= value <= high:
        errors.append(
            row.error(
                key,
                _(
                    "%(label)s %(v)s 不在中国境内（应在 %(low)s 到 %(high)s 之间），是否与另一坐标填反了？"
                )
                % {
                    "label": label,
                    "v": text,
                    "low": low,
                    "high": high,
                },
            )
        )
        return None
    return value.quantize(SIX_PLACES)


def _plan_sites(actor, table, errors: list[CellError]) -> list[_SitePlan]:
    scope = scope_for(actor)
    types = {}
    for site_type in SiteType.objects.filter(is_active=True):
        types[normalize(site_type.name)] = site_type
        types[site_type.code] = site_type
    regions = _RegionIndex(Region.objects.filter(scope.regions_q()))
    units = UnitIndex(Unit.objects.filter(is_active=True))
    plans: list[_SitePlan] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        name = normalize(row.text("name"))
        if not name:
            errors.append(row.error("name", _("点位名称不能为空。")))
        site_type = types.get(normalize(row.text("site_type")))
        if site_type is None:
            errors.append(
                row.error(
                    "site_type",
                    _("未知的点位类型“%(v)s”，可填：%(names)s。")
                    % {
                        "v": row.text("site_type"),
                        "names": "、".join(t.name for t in SiteType.objects.filter(is_active=True)),
                    },
                )
            )
        region, problem = regions.find(row.text("region"))
        if problem:
            errors.append(row.error("region", problem))
        elif not scope.covers_region(region.code):
            errors.append(
                row.error("region", _("区划“%(v)s”不在您的管辖范围内。") % {"v": region.name})
            )
            region = None
        unit = None
        if row.text("unit"):
            unit = units.find(row.text("unit"))
            if unit is None:
                errors.append(row.error("unit", units.problem(row.text("unit"))))
        latitude = _coordinate(row, "latitude", CHINA_LATITUDE, _("纬度"), errors)
        longitude = _coordinate(row, "longitude", CHINA_LONGITUDE, _("经度"), errors)
        for key, value, other in (
            ("latitude", latitude, "longitude"),
            ("longitude", longitude, "latitude"),
        ):
            if not row.text(key) and row.text(other):
                errors.append(row.error(key, _("纬度和经度需同时填写（或都不填）。")))
        if region is not None and name:
            key = (region.code, name)
            if key in seen:
                errors.append(
                    row.error(
                        "name",
                        _("同一区划中的点位“%(v)s”与第 %(row)d 行重复。")
                        % {"v": name, "row": seen[key]},
                    )
                )
            seen[key] = row.number
        plans.append(
            _SitePlan(
                row.number,
                name,
                {
                    "site_type": site_type,
                    "region": region,
                    "unit": unit,
                    "address": to_simplified(row.text("address")),
                    "latitude": latitude,
                    "longitude": longitude,
                },
            )
        )
    return plans


def import_sites(*, actor, data: bytes, filename: str = "") -> SiteImportSummary:
    """Create or update sites (matched by region and name) from a workbook; any error saves nothing."""
    permissions.ensure_can(actor, permissions.MANAGE_SITES)
    wb = open_workbook(data, label=filename)
    sheet = wb[SITE_SHEET] if SITE_SHEET in wb.sheetnames else wb.worksheets[0]
    table = read_table(sheet, SITE_COLUMNS)
    errors: list[CellError] = []
    plans = _plan_sites(actor, table, errors)
    if not plans and not errors:
        errors.append(CellError(sheet.title, None, None, _("表中没有点位数据。")))
    if errors:
        raise SheetRejected(errors)

    summary = SiteImportSummary()
    with transaction.atomic():
        for plan in plans:
            values = plan.values
            site = (
                Site.objects.select_for_update()
                .filter(region=values["region"], name=plan.name)
                .first()
            )
            if site is None:
                site = Site.objects.create(name=plan.name, **values)
                summary.created += 1
                record(
                    actor=actor,
                    action=AuditAction.CREATE,
                    obj=site,
                    summary=f"导入新增点位 {site.name}",
                )
                continue
            changes = _apply(site, values)
            if changes or not site.is_active:
                site.is_active = True
                site.save()
                summary.updated += 1
                record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=site,
                    summary=f"导入修改点位 {site.name}",
                    changes=changes,
                )
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            summary=f"导入点位 {filename}：新增 {summary.created}、修改 {summary.updated}",
        )
    return summary


def _apply(site: Site, values: dict) -> dict:
    """Set ``values`` on ``site``; return {field: [old, new]} for what changed."""
    changes = {}
    for key, new in values.items():
        old = getattr(site, key)
        if old != new:
            changes[key] = [str(old), str(new)]
            setattr(site, key, new)
    return changes


def save_site(
    *,
    actor,
    site: Site | None = None,
    name: str,
    site_type: SiteType,
    region: Region,
    unit: Unit | None = None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Site:
    """Create a site, or change ``site`` (already fetched through the actor's scope)."""
    permissions.ensure_can(actor, permissions.MANAGE_SITES)
    name = normalize(name)
    if not scope_for(actor).covers_region(region.code):
        raise InspectionError(_("区划“%(v)s”不在您的管辖范围内。") % {"v": region.name})
    if (latitude is None) != (longitude is None):
        raise InspectionError(_("纬度和经度需同时填写（或都不填）。"))
    latitude, longitude = clean_position(Site, latitude, longitude, error=InspectionError)
    values = {
        "site_type": site_type,
        "region": region,
        "unit": unit,
        "address": to_simplified(address.strip()),
        "latitude": latitude,
        "longitude": longitude,
    }
    with transaction.atomic():
        clash = Site.objects.filter(region=region, name=name).exclude(pk=site.pk if site else None)
        if clash.exists():
            raise InspectionError(
                _("%(region)s已有名为“%(name)s”的点位。") % {"region": region.name, "name": name}
            )
        if site is None:
            site = Site.objects.create(name=name, **values)
            record(
                actor=actor, action=AuditAction.CREATE, obj=site, summary=f"新增点位 {site.name}"
            )
            return site
        site = Site.objects.select_for_update().get(pk=site.pk)
        changes = _apply(site, {"name": name, **values})
        if changes:
            site.save()
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=site,
                summary=f"修改点位 {site.name}",
                changes=changes,
            )
    return site


def export_sites(*, actor, sites: Iterable[Site]) -> bytes:
    """The import workbook filled with ``sites`` (already scoped by the caller's selector)."""
    permissions.ensure_can(actor, permissions.MANAGE_SITES)
    rows = [
        [
            s.name,
            s.site_type.name,
            s.region_id,
            s.unit.name if s.unit else "",
            s.address,
            s.latitude if s.latitude is not None else "",
            s.longitude if s.longitude is not None else "",
        ]
        for s in sites
    ]
    data = workbook_bytes([(SITE_SHEET, [c.names[0] for c in SITE_COLUMNS], rows)])
    record(actor=actor, action=AuditAction.EXPORT, summary=f"导出点位 {len(rows)} 个")
    return data


# --- rounds ------------------------------------------------------------------------------


def create_round(
    *,
    actor,
    name: str,
    kind: str,
    period_start: date,
    period_end: date,
    inspectors: Iterable = (),
    sites: Iterable[Site] = (),
) -> Round:
    """Plan a round; its sites are picked by hand here or sampled with :func:`sample_round_sites`."""
    permissions.ensure_can(actor, permissions.PLAN_ROUNDS)
    if period_end < period_start:
        raise InspectionError(_("结束日期不能早于开始日期。"))
    if kind not in RoundKind.values:
        raise InspectionError(_("未知的督查方式。"))
    with transaction.atomic():
        round = Round.objects.create(
            name=clean_name(name),
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            created_by=actor,
        )
        round.inspectors.set(list(inspectors))
        _set_sites(round, _checked_sites(actor, sites))
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=round,
            summary=f"新建督查轮次 {round.name}（{round.get_kind_display()}）",
        )
    return round


def _checked_sites(actor, sites: Iterable[Site]) -> list[Site]:
    """Hand-picked sites, each re-read within the planner's scope (an id from a form proves nothing)."""
    wanted = [s.pk for s in sites]
    visible = {s.pk: s for s in sites_visible_to(actor).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in visible]
    if missing:
        raise InspectionError(
            _("有 %(n)d 个点位不存在或不在您的管辖范围内。") % {"n": len(missing)}
        )
    return [visible[pk] for pk in wanted]


def _set_sites(round: Round, sites: Sequence[Site]) -> None:
    RoundSite.objects.filter(round=round).delete()
    RoundSite.objects.bulk_create(
        [RoundSite(round=round, site=site, position=i) for i, site in enumerate(sites)]
    )


def _sample_key(seed: int, site_pk: int) -> bytes:
    return hashlib.sha256(f"{seed}:{site_pk}".encode()).digest()


def sample_sites(candidates: Iterable[Site], *, per_type: int, seed: int) -> list[Site]:
    """Pick up to ``per_type`` sites of each type, reproducibly: the same seed gives the same sites.

    Each site's rank is a hash of (seed, site id), so the draw does not depend on the order
    the database returns rows in, nor on the Python version; adding a site to the pool can only
    displace others if it ranks among the chosen.
    """
    by_type: dict[int, list[Site]] = {}
    for site in candidates:
        by_type.setdefault(site.site_type_id, []).append(site)
    chosen: list[Site] = []
    for type_id in sorted(by_type):
        ranked = sorted(by_type[type_id], key=lambda s: _sample_key(seed, s.pk))
        chosen.extend(ranked[:per_type])
    return chosen


def sample_round_sites(
    *,
    actor,
    round: Round,
    site_types: Sequence[SiteType],
    region: Region | None,
    per_type: int,
    seed: int,
) -> list[Site]:
    """Replace the round's sites by a seeded sample of active sites by type within a region."""
    permissions.ensure_can(actor, permissions.PLAN_ROUNDS)
    if per_type < 1:
        raise InspectionError(_("每类抽取数量至少为 1。"))
    seed = clean_number(Round, "sample_seed", seed, minimum=0, error=InspectionError)
    if seed is None:
        raise InspectionError(_("请填写抽样种子。"))
    if not site_types:
        raise InspectionError(_("请至少选择一种点位类型。"))
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if Inspection.objects.filter(round=round).exists():
            raise RoundAlreadyStarted(_("本轮已有检查记录，不能重新抽样。"))
        candidates = (
            sites_visible_to(actor, region=region.code if region else None)
            .filter(site_type__in=list(site_types))
            .order_by("pk")
        )
        chosen = sample_sites(candidates, per_type=per_type, seed=seed)
        _set_sites(round, chosen)
        round.sample_seed = seed
        round.sample_spec = {
            "site_types": sorted(t.code for t in site_types),
            "region": region.code if region else "",
            "per_type": per_type,
        }
        round.save(update_fields=["sample_seed", "sample_spec"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=round,
            summary=f"督查轮次 {round.name} 按种子 {seed} 抽取点位 {len(chosen)} 个",
            changes=round.sample_spec,
        )
    return chosen


def publish_round(*, actor, round: Round) -> Round:
    """Publish the round's results; an undercover round becomes visible and its cases open now."""
    permissions.ensure_can(actor, permissions.PLAN_ROUNDS)
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if round.published_at is None:
            round.published_at = timezone.now()
            round.save(update_fields=["published_at"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=round,
                summary=f"发布督查轮次 {round.name}",
            )
        findings = (
            Finding.objects.filter(inspection__round=round, case__isnull=True)
            .select_related("inspection__site", "indicator")
            .order_by("pk")
        )
        for finding in findings:
            _open_case(actor=actor, finding=finding)
        refresh_site_results(Inspection.objects.filter(round=round).values("site_id"))
    return round


def finish_round(*, actor, round: Round) -> Round:
    """Close the round: no more visits can be recorded in it."""
    permissions.ensure_can(actor, permissions.PLAN_ROUNDS)
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if round.status != RoundStatus.FINISHED:
            round.status = RoundStatus.FINISHED
            round.save(update_fields=["status"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=round,
                summary=f"结束督查轮次 {round.name}",
            )
    return round


# --- visits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemAnswer:
    item_id: int
    outcome: str
    note: str = ""
    photos: Sequence = ()


@dataclass(frozen=True)
class Problem:
    """A free-form problem the checklist does not cover."""

    description: str
    category: str
    severity: str = Severity.GENERAL
    photos: Sequence = ()


@dataclass(frozen=True)
class Position:
    latitude: Decimal
    longitude: Decimal
    accuracy: int | None = None


def _check_visit(
    site: Site, answers: Sequence[ItemAnswer], problems: Sequence[Problem]
) -> dict[int, object]:
    """Every active item answered once with a known outcome; problems described. Returns items by id."""
    items = {item.pk: item for item in checklist_for(site.site_type)}
    errors: list[str] = []
    answered: set[int] = set()
    for answer in answers:
        item = items.get(answer.item_id)
        if item is None:
            errors.append(
                _("检查项 %(id)s 不属于“%(type)s”的检查表。")
                % {"id": answer.item_id, "type": site.site_type.name}
            )
        elif answer.item_id in answered:
            errors.append(_("检查项“%(text)s”填写了两次。") % {"text": item.text})
        elif answer.outcome not in Outcome.values:
            errors.append(_("检查项“%(text)s”的结果无效。") % {"text": item.text})
        answered.add(answer.item_id)
    if not answers and not problems and items:
        # An empty 保存检查: say in words what is missing before the item-by-item list.
        errors.append(
            _(
                "还没有填写任何检查结果：本点位共 %(n)d 个检查项，请逐项选择“合格”“不合格”"
                "或“不适用”；检查表以外的问题可在“其他问题”中补充。"
            )
            % {"n": len(items)}
        )
    for number, item in enumerate(items.values(), start=1):
        if item.pk not in answered:
            errors.append(
                _("第 %(n)d 项“%(text)s”尚未选择结果。") % {"n": number, "text": item.text}
            )
    for number, problem in enumerate(problems, start=1):
        if not problem.description.strip():
            errors.append(_("第 %(n)d 个其他问题缺少描述。") % {"n": number})
        if not problem.category.strip():
            errors.append(_("第 %(n)d 个其他问题缺少问题类别。") % {"n": number})
        if problem.severity not in Severity.values:
            errors.append(_("第 %(n)d 个其他问题的严重程度无效。") % {"n": number})
    photo_count = sum(len(a.photos) for a in answers) + sum(len(p.photos) for p in problems)
    if photo_count > MAX_PHOTOS_PER_VISIT:
        errors.append(_("一次检查最多上传 %(n)d 张照片。") % {"n": MAX_PHOTOS_PER_VISIT})
    if errors:
        raise VisitRejected(errors)
    return items


def _rejected(message: str) -> VisitRejected:
    return VisitRejected([message])


def _checked_position(position: Position | None) -> Position | None:
    """The phone's position checked against the visit's columns (a bad one is refused)."""
    if position is None:
        return None
    latitude, longitude = clean_position(
        Inspection, position.latitude, position.longitude, error=_rejected
    )
    if latitude is None or longitude is None:
        return None
    accuracy = clean_number(Inspection, "accuracy", position.accuracy, error=_rejected)
    return Position(latitude=latitude, longitude=longitude, accuracy=accuracy)


def _checked_photos(uploads: Sequence) -> list[CheckedUpload]:
    """Every photo checked (type by content, size, pixels) and re-encoded before anything is saved."""
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload, allowed=PHOTO_KINDS))
        except UploadRejected as rejected:
            errors.append(
                _("照片“%(name)s”：%(why)s")
                % {"name": getattr(upload, "name", ""), "why": " ".join(rejected.messages)}
            )
    if errors:
        raise VisitRejected(errors)
    return checked


def _save_photos(
    inspection: Inspection,
    finding: Finding | None,
    checked: Sequence[CheckedUpload],
    position: Position | None,
) -> list[Photo]:
    photos = []
    for photo in checked:
        # The photo's own GPS position wins; else where the phone said it was at the visit.
        lat = (
            Decimal(str(photo.latitude)).quantize(SIX_PLACES)
            if photo.latitude is not None
            else None
        )
        lon = (
            Decimal(str(photo.longitude)).quantize(SIX_PLACES)
            if photo.longitude is not None
            else None
        )
        if lat is None and position is not None:
            lat, lon = position.latitude, position.longitude
        saved = Photo(inspection=inspection, finding=finding, latitude=lat, longitude=lon)
        saved.file.save(
            f"{timezone.now():%Y%m%d%H%M%S}-{len(photos)}{photo.extension}",
            ContentFile(photo.content),
            save=False,
        )
        saved.save()
        photos.append(saved)
    return photos


def record_inspection(
    *,
    actor,
    round: Round,
    site: Site,
    answers: Sequence[ItemAnswer],
    problems: Sequence[Problem] = (),
    position: Position | None = None,
    note: str = "",
    visited_at: datetime | None = None,
) -> Inspection:
    """Save a visit: one result per checklist item, a finding per failed item or problem, then cases.

    Photos are checked before anything is written; the whole visit is one transaction.
    """
    if not permissions.can_inspect_round(actor, round):
        if permissions.can(actor, permissions.INSPECT) and not round.is_open:
            raise RoundNotOpen(
                _("督查轮次“%(name)s”已结束，不能再录入检查。") % {"name": round.name}
            )
        raise PermissionDenied
    if not RoundSite.objects.filter(round=round, site=site).exists():
        raise SiteNotInRound(_("点位“%(site)s”不在本轮督查范围内。") % {"site": site.name})
    items = _check_visit(site, answers, problems)
    position = _checked_position(position)
    answer_photos = [_checked_photos(a.photos) for a in answers]
    problem_photos = [_checked_photos(p.photos) for p in problems]

    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if not round.is_open:
            raise RoundNotOpen(
                _("督查轮次“%(name)s”已结束，不能再录入检查。") % {"name": round.name}
            )
        inspection = Inspection.objects.create(
            round=round,
            site=site,
            region=site.region,
            unit=site.unit,
            inspector=actor,
            visited_at=visited_at or timezone.now(),
            latitude=position.latitude if position else None,
            longitude=position.longitude if position else None,
            accuracy=position.accuracy if position else None,
            note=note.strip(),
        )
        ChecklistResult.objects.bulk_create(
            [
                ChecklistResult(
                    inspection=inspection,
                    item_id=a.item_id,
                    outcome=a.outcome,
                    note=a.note.strip()[:500],
                )
                for a in answers
            ]
        )
        findings: list[Finding] = []
        for answer, photos in zip(answers, answer_photos):
            if answer.outcome != Outcome.FAIL:
                _save_photos(inspection, None, photos, position)
                continue
            item = items[answer.item_id]
            description = _("不符合“%(item)s”") % {"item": item.text}
            if answer.note.strip():
                description += "：" + answer.note.strip()
            finding = _create_finding(
                inspection,
                position,
                item=item,
                description=description,
                category=item.category,
                severity=item.severity,
                points=item.points,
                indicator=item.indicator,
            )
            _save_photos(inspection, finding, photos, position)
            findings.append(finding)
        for problem, photos in zip(problems, problem_photos):
            finding = _create_finding(
                inspection,
                position,
                item=None,
                description=problem.description.strip(),
                category=normalize(problem.category),
                severity=problem.severity,
                points=Decimal("0"),
                indicator=None,
            )
            _save_photos(inspection, finding, photos, position)
            findings.append(finding)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=inspection,
            summary=f"录入检查 {site.name}（{round.name}）：问题 {len(findings)} 个",
        )
        if not round.is_undercover or round.is_published:
            for finding in findings:
                _open_case(actor=actor, finding=finding)
        refresh_site_results([site.pk])
    return inspection


def refresh_site_results(site_ids=None) -> int:
    """Recompute ``Site.latest_result`` (the map's colour) for these sites, or all of them."""
    sites = Site.objects.all() if site_ids is None else Site.objects.filter(pk__in=site_ids)
    return sites.update(latest_result=latest_result_class(Inspection, ChecklistResult))


def _create_finding(inspection: Inspection, position: Position | None, **values) -> Finding:
    site = inspection.site
    # The problem is where the inspector stood; else at the site's registered position.
    lat = position.latitude if position else site.latitude
    lon = position.longitude if position else site.longitude
    return Finding.objects.create(
        inspection=inspection,
        region=inspection.region,
        unit=inspection.unit,
        latitude=lat,
        longitude=lon,
        **values,
    )


def _open_case(*, actor, finding: Finding) -> None:
    """Hand the finding to the case loop, once (a finding that already has a case is left alone).

    The case goes to the site's responsible unit (else the cases app's dispatch rules decide),
    names the indicator it threatens and the points at risk, and reuses the visit's photos.
    """
    if finding.case_id is not None:
        return
    site = finding.inspection.site
    case = report_case(
        actor=actor,
        source=Source.INSPECTION,
        category=finding.category,
        severity=finding.severity,
        description=f"{site.name}：{finding.description}",
        region=finding.region,
        site=site,
        unit=finding.unit,
        latitude=finding.latitude,
        longitude=finding.longitude,
        photos=list(finding.photos.all()),
        indicator=finding.indicator,
        points_at_risk=finding.points or None,
        finding=finding,
        address=site.address,
    )
    finding.case = case
    finding.save(update_fields=["case"])
