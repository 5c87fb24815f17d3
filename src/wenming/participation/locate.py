"""Where a citizen's position lies: inside the city's jurisdiction or not, and in which region.

The platform holds no boundary polygons yet, only positions: the centroids of the city's
counties (GB/T 2260 data) and the inspection sites of every community. So a position is inside
the jurisdiction when it lies within the stated box (PARTICIPATION_JURISDICTION_BOX), or, without
one, within PARTICIPATION_JURISDICTION_KM of a known place of the city; its region is the region
of the nearest site within a kilometre, else the nearest county. Boundaries, once loaded,
replace this one function.
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.utils.translation import gettext as _

from wenming.geo import distance_m
from wenming.inspections.selectors import site_regions_near
from wenming.participation import conf
from wenming.regions.models import Region, code_prefix

SITE_RADIUS_M = 1000


class OutsideJurisdiction(Exception):
    def __init__(self, message: str | None = None):
        self.message = message or _("该位置不在本市管辖范围内，请确认定位或在地图上重新选点。")
        super().__init__(self.message)


_ANCHORS_SECONDS = 300
_anchors_cache: dict[str, tuple[float, list]] = {}


def _anchors() -> list[tuple[str, Decimal, Decimal]]:
    """The city's positioned regions, kept five minutes per process (they change with a new
    division list, not by the minute; every public submission asks)."""
    prefix = code_prefix(conf.city_code())
    held = _anchors_cache.get(prefix)
    if held is not None and time.monotonic() - held[0] < _ANCHORS_SECONDS:
        return held[1]
    anchors = _load_anchors(prefix)
    _anchors_cache[prefix] = (time.monotonic(), anchors)
    return anchors


def _load_anchors(prefix: str) -> list[tuple[str, Decimal, Decimal]]:
    return list(
        Region.objects.filter(
            code__startswith=prefix, latitude__isnull=False, longitude__isnull=False
        )
        .order_by("code")
        .values_list("code", "latitude", "longitude")
    )


def region_at(latitude, longitude) -> Region:
    """The region a position lies in; OutsideJurisdiction when it is not the city's."""
    prefix = code_prefix(conf.city_code())
    box = conf.jurisdiction_box()
    if box is not None:
        south, west, north, east = box
        if not (south <= float(latitude) <= north and west <= float(longitude) <= east):
            raise OutsideJurisdiction()
    anchors = _anchors()
    nearest = min(
        ((distance_m(latitude, longitude, lat, lon), code) for code, lat, lon in anchors),
        default=(None, None),
    )
    for code, _d in site_regions_near(latitude, longitude, radius_m=SITE_RADIUS_M):
        if code.startswith(prefix):
            return Region.objects.get(code=code)
    if nearest[1] is None:
        raise OutsideJurisdiction(_("本市尚未配置区划位置，暂时无法按位置受理，请稍后再试。"))
    if box is None and nearest[0] > conf.jurisdiction_km() * 1000:
        raise OutsideJurisdiction()
    return Region.objects.get(code=nearest[1])
