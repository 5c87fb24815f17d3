"""The practice network of the demo: the star review checklist, the resident population, a 中心
per county, a 所 per town (a school 点 in every third), a 站 in nine communities or villages of ten."""

from __future__ import annotations

from wenming.regions.models import Region
from wenming.volunteers.demo.names import POPULATION, REVIEW_ITEMS, SURNAMES, position
from wenming.volunteers.models import PracticeSite, RegionPopulation, SiteLevel, SiteReviewItem


def load_network(rng, counties, towns, villages, year: int) -> tuple[dict, dict]:
    """Creates the sites; returns the 站 and the 所 by region code."""
    for text, points in REVIEW_ITEMS:
        SiteReviewItem.objects.get_or_create(text=text, defaults={"points": points})
    for code, population in POPULATION.items():
        if Region.objects.filter(pk=code).exists():
            RegionPopulation.objects.get_or_create(
                region_id=code, year=year, defaults={"population": population}
            )

    PracticeSite.objects.bulk_create(_sites(rng, counties, towns, villages, year))
    stations = {s.region_id: s for s in PracticeSite.objects.filter(level=SiteLevel.STATION)}
    institutes = {s.region_id: s for s in PracticeSite.objects.filter(level=SiteLevel.INSTITUTE)}
    return stations, institutes


def _sites(rng, counties, towns, villages, year: int) -> list[PracticeSite]:
    """The network top down (the order keeps the demo's random draws, and so its data, stable)."""
    return [
        *_centres(rng, counties, year),
        *_institutes(rng, towns, year),
        *_stations(rng, villages, year),
    ]


def _centres(rng, counties, year: int) -> list[PracticeSite]:
    sites = []
    for county in counties:
        lat, lon = position(county, rng)
        sites.append(
            PracticeSite(
                name=f"{county.name}新时代文明实践中心",
                level=SiteLevel.CENTRE,
                region=county,
                address=f"{county.name}政务服务中心三楼",
                latitude=lat,
                longitude=lon,
                opening_hours="周一至周日 8:30–17:30",
                manager_name=rng.choice(SURNAMES) + "主任",
                stars=rng.choice([4, 5]),
                stars_year=year - 1,
            )
        )
    return sites


def _institutes(rng, towns, year: int) -> list[PracticeSite]:
    """A 所 per town, and in one town of three a 实践点 at its central school."""
    sites = []
    for index, town in enumerate(towns):
        lat, lon = position(town, rng)
        sites.append(
            PracticeSite(
                name=f"{town.name}新时代文明实践所",
                level=SiteLevel.INSTITUTE,
                region=town,
                address=f"{town.name}综合文化站",
                latitude=lat,
                longitude=lon,
                opening_hours="周一至周六 9:00–17:00",
                manager_name=rng.choice(SURNAMES) + "所长",
                stars=rng.choice([3, 4, 4, 5]),
                stars_year=year - 1,
            )
        )
        if index % 3 == 0:
            sites.append(
                PracticeSite(
                    name=f"{town.name}中心小学新时代文明实践点",
                    level=SiteLevel.POINT,
                    region=town,
                    address=f"{town.name}中心小学",
                    opening_hours="工作日 15:30–17:30",
                )
            )
    return sites


def _stations(rng, villages, year: int) -> list[PracticeSite]:
    sites = []
    for index, village in enumerate(villages):
        if index % 10 == 9:
            continue  # one in ten has no 站 yet: the coverage table shows where
        lat, lon = position(village, rng)
        sites.append(
            PracticeSite(
                name=f"{village.name}新时代文明实践站",
                level=SiteLevel.STATION,
                region=village,
                address=f"{village.name}党群服务中心",
                latitude=lat,
                longitude=lon,
                opening_hours="周一至周五 8:30–17:30",
                manager_name=rng.choice(SURNAMES) + "站长",
                manager_phone=f"139{rng.randrange(10**7, 10**8)}",
                stars=rng.choice([None, 2, 3, 3, 4]),
                stars_year=year - 1,
            )
        )
    return sites
