"""The practice network on 一张图's map: sites by level as a clustered layer (web/maps.py asks
for it like the inspection sites), and the coverage of each region one level down as coloured
points that drill down county → town → community.

A region is placed at its own position, else at the mean of its active sites' positions (the
demo's towns and communities have no surveyed centre); a region with neither is left off the
map and stays in the table."""

from __future__ import annotations

from django.db.models import Avg, F, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming import mapgrid
from wenming.regions.models import Region
from wenming.volunteers import permissions
from wenming.volunteers.models import PracticeSite, SiteLevel
from wenming.volunteers.selectors import CoverageRow, sites_visible_to

MAP_CLASSES = {
    SiteLevel.CENTRE.value: gettext_lazy("实践中心"),
    SiteLevel.INSTITUTE.value: gettext_lazy("实践所"),
    SiteLevel.STATION.value: gettext_lazy("实践站"),
    SiteLevel.POINT.value: gettext_lazy("实践点"),
}
COVERAGE_CLASSES = {
    "full": gettext_lazy("全覆盖"),
    "partial": gettext_lazy("覆盖 80% 以上"),
    "gap": gettext_lazy("覆盖不足 80%"),
}


def practice_sites_for_map(actor, *, level: str = "", region: str = "") -> QuerySet:
    permissions.ensure_module(actor)
    return (
        sites_visible_to(actor, level=level, region=region)
        .filter(is_active=True, latitude__isnull=False)
        .annotate(map_class=F("level"))
    )


def practice_clusters(actor, *, box, zoom: int, level: str = "", region: str = ""):
    """The map's answer for practice sites: grid cells and the sites shown one by one."""
    cells, items = mapgrid.answer(
        practice_sites_for_map(actor, level=level, region=region),
        box=box,
        zoom=zoom,
        order=list(MAP_CLASSES),
        fields=["name"],
    )
    for item in items:
        item["type"] = str(MAP_CLASSES.get(item["class"], ""))
    return cells, items


def coverage_class(row: CoverageRow) -> str:
    if row.full:
        return "full"
    shares = [s for s in (row.town_share, row.village_share) if s is not None]
    return "partial" if shares and min(shares) >= 80 else "gap"


def _site_centres(parent: Region, length: int) -> dict[str, tuple[float, float]]:
    rows = (
        PracticeSite.objects.filter(
            region__pk__startswith=parent.prefix, is_active=True, latitude__isnull=False
        )
        .annotate(child=Substr("region_id", 1, length))
        .values("child")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
        .order_by()
    )
    return {r["child"]: (float(r["lat"]), float(r["lon"])) for r in rows}


def coverage_points(parent: Region, rows: list[CoverageRow], drill_url) -> dict:
    """{points: [{lat, lon, name, class, text, url}], unplaced: n} for the coverage map."""
    length = len(rows[0].region.prefix) if rows else 0
    centres = _site_centres(parent, length) if rows else {}
    points, unplaced = [], 0
    for row in rows:
        place = row.region
        if place.latitude is not None:
            lat, lon = float(place.latitude), float(place.longitude)
        elif place.prefix in centres:
            lat, lon = centres[place.prefix]
        else:
            unplaced += 1
            continue
        points.append(
            {
                "lat": lat,
                "lon": lon,
                "name": place.name,
                "class": coverage_class(row),
                "text": _coverage_text(row),
                "badge": _badge(row),
                "url": drill_url(place) if place.level != "village" else "",
            }
        )
    return {
        "points": points,
        "unplaced": unplaced,
        "classes": {k: str(v) for k, v in COVERAGE_CLASSES.items()},
        "levels": {k: str(v) for k, v in MAP_CLASSES.items()},
    }


def _badge(row: CoverageRow) -> str:
    """The short figure on the map: the lower of the two shares, or whether a community has
    its 站."""
    if row.towns:
        return f"{min(s for s in (row.town_share, row.village_share) if s is not None)}%"
    if row.villages == 1:
        return _("已建站") if row.villages_covered else _("未建站")
    return f"{row.village_share}%" if row.village_share is not None else ""


def _coverage_text(row: CoverageRow) -> str:
    parts = []
    if row.towns:
        parts.append(_("所 %(c)d/%(n)d") % {"c": row.towns_covered, "n": row.towns})
    if row.villages:
        parts.append(_("站 %(c)d/%(n)d") % {"c": row.villages_covered, "n": row.villages})
    return "，".join(parts)
