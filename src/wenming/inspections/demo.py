"""Demo inspections: the default checklists, ~60 sites across 淮南's urban communities, two rounds.

Positions are generated near each district's centre (WGS-84), spread by a hash of the
community code so that reloading gives the same map. One 暗访 round last month is visited,
published (its findings became cases) and finished; one 明查 round this week is open and
assigned to ``inspector``. Loading twice changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wenming.framework.models import FrameworkPurpose, FrameworkStatus, Indicator
from wenming.inspections import services
from wenming.inspections.defaults import SITE_TYPES, install_default_site_types
from wenming.inspections.models import (
    ChecklistItem,
    Inspection,
    Outcome,
    Round,
    RoundKind,
    Site,
    SiteType,
)
from wenming.regions.demo import CITY_CODE
from wenming.regions.models import Region, RegionLevel, Unit, UnitKind

# Which kind of unit answers for a site of each type: the community itself, the street, or a
# city department (by its short name in the demo organisation).
RESPONSIBLE = {
    "farmers-market": "市市场监管局",
    "main-road": "市城管局",
    "school-surroundings": "市教育局",
    "hospital": "市卫健委",
    "bus-stop": "市交通运输局",
    "construction-site": "市住建局",
    "service-window": "市民政局",
    "commercial-street": "street",
}
NAMES = {
    "farmers-market": "{stem}农贸市场",
    "back-alley": "{stem}巷",
    "main-road": "{stem}路",
    "community": "{community}",
    "park-square": "{stem}公园",
    "school-surroundings": "{stem}小学周边",
    "bus-stop": "{stem}公交站",
    "construction-site": "{stem}安置房项目工地",
    "hospital": "{stem}社区卫生服务中心",
    "service-window": "{stem}便民服务大厅",
    "practice-station": "{community}新时代文明实践站",
    "commercial-street": "{stem}商业街",
}
# Checklist items threaten the city framework's leaves: by category first, else by site type.
CATEGORY_INDICATORS = {
    "公益广告缺失": "公益广告刊播",
    "交通秩序": "路口通行秩序",
    "乱停乱放": "车辆停放秩序",
    "公厕卫生": "公共厕所管理",
    "校园周边环境": "校园周边环境",
    "志愿服务": "社区志愿服务站",
}
TYPE_INDICATORS = {
    "farmers-market": "农贸市场秩序",
    "back-alley": "背街小巷环境",
    "main-road": "主次干道市容",
    "park-square": "公园景区文明",
    "school-surroundings": "校园周边环境",
    "bus-stop": "公共交通服务",
    "construction-site": "建筑工地管理",
    "hospital": "医院就医秩序",
    "commercial-street": "主次干道市容",
}
SITE_COUNT = 60
SPREAD_DEGREES = Decimal("0.035")  # about 3–4 km around the district centre


def _offset(code: str, salt: str) -> Decimal:
    """A stable offset in [-SPREAD, SPREAD] from the code (the same map on every load)."""
    digest = hashlib.sha256(f"{code}:{salt}".encode()).digest()
    fraction = Decimal(int.from_bytes(digest[:4], "big")) / Decimal(2**32)
    return ((fraction * 2 - 1) * SPREAD_DEGREES).quantize(Decimal("0.000001"))


def _centre(region: Region, counties: dict[str, Region], city: Region) -> tuple[Decimal, Decimal]:
    county = counties.get(region.code[:6] + "000000")
    for place in (county, city):
        if place is not None and place.latitude is not None:
            return place.latitude, place.longitude
    return Decimal("32.625000"), Decimal("117.000000")


def _urban_communities() -> list[Region]:
    """Communities (社区) under streets (街道), in code order."""
    return list(
        Region.objects.filter(
            level=RegionLevel.VILLAGE, code__startswith=CITY_CODE[:4], urban_rural="111"
        )
        .select_related("parent")
        .order_by("code")
    )


def _responsible_unit(
    type_code: str, community: Region, units_by_short: dict[str, Unit]
) -> Unit | None:
    rule = RESPONSIBLE.get(type_code)
    if rule is None:
        return Unit.objects.filter(region=community, kind=UnitKind.COMMUNITY).first()
    if rule == "street":
        return Unit.objects.filter(region=community.parent, kind=UnitKind.STREET).first()
    return units_by_short.get(rule)


def link_indicators() -> int:
    """Map unmapped checklist items to leaves of the active city framework; returns how many."""
    leaves = {
        i.name: i
        for i in Indicator.objects.filter(
            framework__purpose=FrameworkPurpose.CITY,
            framework__status=FrameworkStatus.ACTIVE,
            children__isnull=True,
        )
    }
    linked = 0
    for item in ChecklistItem.objects.filter(indicator__isnull=True).select_related("site_type"):
        name = CATEGORY_INDICATORS.get(item.category) or TYPE_INDICATORS.get(item.site_type.code)
        if name in leaves:
            item.indicator = leaves[name]
            item.save(update_fields=["indicator"])
            linked += 1
    return linked


def load_sites() -> int:
    """Create the demo sites that are missing; returns how many sites the demo has."""
    # The platform's own site types only: other apps keep checklists as site types too (the
    # 复查 of 文明单位 in honors), and the demo's sites must not depend on them.
    types = list(
        SiteType.objects.filter(code__in=[code for code, _name, _items in SITE_TYPES]).order_by(
            "position"
        )
    )
    communities = _urban_communities()
    if not types or not communities:
        return 0
    city = Region.objects.filter(code=CITY_CODE).first()
    counties = {
        r.code: r
        for r in Region.objects.filter(level=RegionLevel.COUNTY, code__startswith=CITY_CODE[:4])
    }
    units_by_short = {u.short_name: u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT)}
    count = 0
    for index in range(SITE_COUNT):
        community = communities[index % len(communities)]
        site_type = types[index % len(types)]
        stem = community.name.removesuffix("社区")
        name = NAMES.get(site_type.code, "{community}" + site_type.name).format(
            stem=stem, community=community.name
        )
        lat, lon = _centre(community, counties, city)
        Site.objects.get_or_create(
            region=community,
            name=name,
            defaults={
                "site_type": site_type,
                "unit": _responsible_unit(site_type.code, community, units_by_short),
                "address": f"{community.parent.name}{community.name}",
                "latitude": lat + _offset(community.code, "lat"),
                "longitude": lon + _offset(community.code, "lon"),
            },
        )
        count += 1
    return count


def _fails(site: Site, item: ChecklistItem) -> bool:
    """About one item in six fails, the same ones on every load."""
    return hashlib.sha256(f"{site.pk}:{item.pk}".encode()).digest()[0] % 6 == 0


def _visit_all(round: Round, inspector, *, day) -> None:
    for offset, site in enumerate(round.sites.select_related("site_type").order_by("pk")):
        items = list(site.site_type.items.filter(is_active=True))
        answers = [
            services.ItemAnswer(
                item_id=item.pk, outcome=Outcome.FAIL if _fails(site, item) else Outcome.PASS
            )
            for item in items
        ]
        visited = timezone.make_aware(datetime.combine(day, time(9))) + timedelta(
            minutes=20 * offset
        )
        services.record_inspection(
            actor=inspector, round=round, site=site, answers=answers, visited_at=visited
        )


@transaction.atomic
def load_rounds() -> int:
    User = get_user_model()
    coordinator = User.objects.filter(username="coordinator").first()
    inspector = User.objects.filter(username="inspector").first()
    if coordinator is None or inspector is None or not Site.objects.exists():
        return 0
    today = timezone.localdate()
    month_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    types = list(
        SiteType.objects.filter(code__in=["farmers-market", "back-alley", "main-road", "community"])
    )

    past, created = Round.objects.get_or_create(
        name=f"{month_start:%Y年%m月}创城暗访",
        defaults={
            "kind": RoundKind.UNDERCOVER,
            "period_start": month_start,
            "period_end": month_start + timedelta(days=6),
            "created_by": coordinator,
        },
    )
    if created:
        past.inspectors.set([inspector])
        services.sample_round_sites(
            actor=coordinator, round=past, site_types=types, region=None, per_type=2, seed=2026
        )
    if not Inspection.objects.filter(round=past).exists():
        _visit_all(past, inspector, day=month_start + timedelta(days=2))
        services.publish_round(actor=coordinator, round=past)
        services.finish_round(actor=coordinator, round=past)

    week_start = today - timedelta(days=today.weekday())
    current, created = Round.objects.get_or_create(
        name=f"{week_start:%Y年%m月%d日}周明查",
        defaults={
            "kind": RoundKind.OVERT,
            "period_start": week_start,
            "period_end": week_start + timedelta(days=6),
            "created_by": coordinator,
        },
    )
    if created:
        current.inspectors.set([inspector])
        services.sample_round_sites(
            actor=coordinator,
            round=current,
            site_types=list(SiteType.objects.all()),
            region=None,
            per_type=1,
            seed=int(f"{week_start:%Y%m%d}"),
        )
    return 2


def load_demo() -> dict[str, int]:
    """Default checklists (linked to the framework's leaves when loaded), demo sites, two rounds; idempotent."""
    install_default_site_types(SiteType, ChecklistItem)
    link_indicators()
    sites = load_sites()
    rounds = load_rounds()
    return {"site_types": SiteType.objects.count(), "sites": sites, "rounds": rounds}


def case_places() -> list[tuple[Region, Site, Decimal, Decimal]]:
    """Where the demo's problems happen: the positioned sites, for cases.demo.load_demo(places=…)."""
    return [
        (site.region, site, site.latitude, site.longitude)
        for site in Site.objects.filter(latitude__isnull=False)
        .select_related("region", "unit")
        .order_by("pk")
    ]
