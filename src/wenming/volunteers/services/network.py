"""The practice network: sites by level in the region tree, their annual star review, and the
resident population that the volunteers' share is counted against."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.inputs import clean_name
from wenming.numbers import clean_number, clean_position
from wenming.privacy import mask_phone, normalise_phone
from wenming.regions.models import Region, Unit
from wenming.regions.scope import scope_for
from wenming.volunteers import permissions
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import (
    SITE_REGION_LEVEL,
    PracticeSite,
    RegionPopulation,
    SiteLevel,
    SiteReview,
    SiteReviewItem,
)

LEVEL_WORDS = {
    "county": gettext_lazy("县（区）"),
    "town": gettext_lazy("乡镇（街道）"),
    "village": gettext_lazy("社区（村）"),
}


def ensure_territory(actor, region: Region) -> None:
    """The actor manages the network here: the region lies in their territory."""
    permissions.ensure_can(actor, permissions.MANAGE_NETWORK)
    if not scope_for(actor).covers_region(region.code):
        raise VolunteerError(
            _("区划“%(name)s”不在您的管辖范围内。") % {"name": region.name}, field="region"
        )


def phone_or_error(value, field: str) -> str:
    try:
        return normalise_phone(value)
    except ValueError as error:
        raise VolunteerError(str(error), field=field) from None


def position_or_error(model, latitude, longitude) -> tuple:
    """(latitude, longitude) in range for the model's columns, both given or neither: the one
    rule for every place of the volunteers' network (sites, teams, activities, equipment)."""
    latitude, longitude = clean_position(model, latitude, longitude, error=VolunteerError)
    if (latitude is None) != (longitude is None):
        raise VolunteerError(_("纬度和经度需同时填写（或都不填）。"), field="latitude")
    return latitude, longitude


def _check_site_level(level: str, region: Region) -> None:
    """A 中心/所/站 sits at its own level of the region tree (SITE_REGION_LEVEL)."""
    if level not in SiteLevel.values:
        raise VolunteerError(_("请选择阵地层级。"), field="level")
    wanted = SITE_REGION_LEVEL.get(SiteLevel(level))
    if wanted and region.level != wanted:
        raise VolunteerError(
            _("%(level)s应设在%(where)s一级，所选区划“%(name)s”不是。")
            % {
                "level": SiteLevel(level).label,
                "where": LEVEL_WORDS[wanted],
                "name": region.name,
            },
            field="region",
        )


def _site_values(
    *,
    name: str,
    level: str,
    region: Region,
    unit: Unit | None,
    address: str,
    latitude,
    longitude,
    opening_hours: str,
    manager_name: str,
    manager_phone: str,
) -> dict:
    """The site's columns from the form's input, each checked (VolunteerError names the field)."""
    name = clean_name(name)
    if not name:
        raise VolunteerError(_("请填写阵地名称。"), field="name")
    _check_site_level(level, region)
    latitude, longitude = position_or_error(PracticeSite, latitude, longitude)
    return {
        "name": name,
        "level": level,
        "region": region,
        "unit": unit,
        "address": clean_name(address),
        "latitude": latitude,
        "longitude": longitude,
        "opening_hours": clean_name(opening_hours),
        "manager_name": clean_name(manager_name),
        "manager_phone": phone_or_error(manager_phone, "manager_phone"),
    }


def save_site(
    *,
    actor,
    site: PracticeSite | None = None,
    name: str,
    level: str,
    region: Region,
    unit: Unit | None = None,
    address: str = "",
    latitude=None,
    longitude=None,
    opening_hours: str = "",
    manager_name: str = "",
    manager_phone: str | None = "",
) -> PracticeSite:
    """Create or change a practice site; a 中心/所/站 sits at its level of the region tree.
    ``manager_phone`` None keeps the stored number (edit forms never show it whole)."""
    ensure_territory(actor, region)
    if site is not None:
        ensure_territory(actor, site.region)
    if manager_phone is None:
        manager_phone = site.manager_phone if site is not None else ""
    values = _site_values(
        name=name,
        level=level,
        region=region,
        unit=unit,
        address=address,
        latitude=latitude,
        longitude=longitude,
        opening_hours=opening_hours,
        manager_name=manager_name,
        manager_phone=manager_phone,
    )
    with transaction.atomic():
        duplicate = PracticeSite.objects.filter(region=region, name=values["name"])
        if site is not None:
            duplicate = duplicate.exclude(pk=site.pk)
        if duplicate.exists():
            raise VolunteerError(
                _("“%(region)s”已有名为“%(name)s”的阵地。")
                % {"region": region.name, "name": values["name"]},
                field="name",
            )
        created = site is None
        site = site or PracticeSite()
        for key, value in values.items():
            setattr(site, key, value)
        site.save()
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=site,
            summary=f"{'新增' if created else '修改'}文明实践阵地 {site.name}"
            f"（负责人电话 {mask_phone(site.manager_phone)}）",
        )
    return site


def stars_for(score: int, full: int) -> int:
    """星级 from the share of the review's points: 90 % five stars, 80 % four … below 60 % one."""
    if not full:
        return 1
    share = Decimal(score * 100) / full
    for stars, floor in ((5, 90), (4, 80), (3, 70), (2, 60)):
        if share >= floor:
            return stars
    return 1


def review_site(*, actor, site: PracticeSite, year, passed_item_ids) -> SiteReview:
    """The annual star review: the items that pass give the score, the score gives the stars."""
    permissions.ensure_can(actor, permissions.REVIEW_SITES)
    if not scope_for(actor).covers_region(site.region_id):
        raise PermissionDenied
    year = clean_number(SiteReview, "year", year, minimum=2000, maximum=2999, error=VolunteerError)
    if year is None:
        raise VolunteerError(_("请填写评定年度。"), field="year")
    items = list(SiteReviewItem.objects.filter(is_active=True))
    if not items:
        raise VolunteerError(_("尚未设置星级评定项目，请先在后台维护中添加。"))
    chosen = set(passed_item_ids)
    passed = [item for item in items if item.pk in chosen]
    score, full = sum(i.points for i in passed), sum(i.points for i in items)
    with transaction.atomic():
        review, _created = SiteReview.objects.update_or_create(
            site=site,
            year=year,
            defaults={
                "passed": [item.pk for item in passed],
                "score": score,
                "full_score": full,
                "stars": stars_for(score, full),
                "reviewed_by": actor,
            },
        )
        site.stars, site.stars_year = review.stars, year
        site.save(update_fields=["stars", "stars_year"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=site,
            summary=f"{year} 年度星级评定 {site.name}：{score}/{full} 分，{review.stars} 星",
        )
    return review


def save_population(*, actor, region: Region, year, population) -> RegionPopulation:
    """常住人口 of a region for a year (the denominator of the volunteers' share)."""
    ensure_territory(actor, region)
    year = clean_number(
        RegionPopulation, "year", year, minimum=2000, maximum=2999, error=VolunteerError
    )
    population = clean_number(
        RegionPopulation, "population", population, minimum=1, error=VolunteerError
    )
    if year is None or population is None:
        raise VolunteerError(_("请填写年度和常住人口。"), field="population")
    with transaction.atomic():
        row, _created = RegionPopulation.objects.update_or_create(
            region=region, year=year, defaults={"population": population}
        )
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            summary=f"{region.name} {year} 年常住人口 {population}",
        )
    return row
