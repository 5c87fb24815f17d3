"""Writes to the sites (点位): one site by form, the register by xlsx import, and its export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.hanzi import normalize, to_simplified
from wenming.inspections import permissions
from wenming.inspections.errors import InspectionError
from wenming.inspections.models import (
    Site,
    SiteType,
)
from wenming.numbers import clean_position
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


def _row_site_type(row, types: dict, errors: list[CellError]) -> SiteType | None:
    site_type = types.get(normalize(row.text("site_type")))
    if site_type is None:
        names = "、".join(t.name for t in SiteType.objects.filter(is_active=True))
        errors.append(
            row.error(
                "site_type",
                _("未知的点位类型“%(v)s”，可填：%(names)s。")
                % {"v": row.text("site_type"), "names": names},
            )
        )
    return site_type


def _row_region(row, regions: _RegionIndex, scope, errors: list[CellError]) -> Region | None:
    """The row's region, found by code or name, and within the importer's territory."""
    region, problem = regions.find(row.text("region"))
    if problem:
        errors.append(row.error("region", problem))
        return None
    if not scope.covers_region(region.code):
        errors.append(
            row.error("region", _("区划“%(v)s”不在您的管辖范围内。") % {"v": region.name})
        )
        return None
    return region


def _row_position(row, errors: list[CellError]) -> tuple:
    """The row's latitude and longitude: both within China, both given or neither."""
    latitude = _coordinate(row, "latitude", CHINA_LATITUDE, _("纬度"), errors)
    longitude = _coordinate(row, "longitude", CHINA_LONGITUDE, _("经度"), errors)
    for key, other in (("latitude", "longitude"), ("longitude", "latitude")):
        if not row.text(key) and row.text(other):
            errors.append(row.error(key, _("纬度和经度需同时填写（或都不填）。")))
    return latitude, longitude


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
        site_type = _row_site_type(row, types, errors)
        region = _row_region(row, regions, scope, errors)
        unit = None
        if row.text("unit"):
            unit = units.find(row.text("unit"))
            if unit is None:
                errors.append(row.error("unit", units.problem(row.text("unit"))))
        latitude, longitude = _row_position(row, errors)
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
