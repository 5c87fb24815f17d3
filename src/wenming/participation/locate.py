"""Where a citizen's position lies: inside the city's jurisdiction or not, and in which region.

The platform holds no boundary polygons yet, only positions: the centroids of the city's
counties (GB/T 2260 data) and the inspection sites of every community. So a position is inside
the jurisdiction when it lies within the stated box (PARTICIPATION_JURISDICTION_BOX), or, without
one, within PARTICIPATION_JURISDICTION_KM of a known place of the city; its region is the region
of the nearest site within a kilometre, else the nearest county. Boundaries, once loaded,
replace this one function.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wenming.geo import bounding_box, distance_m
from wenming.inspections.selectors import positioned_sites_under
from wenming.kept import Kept
from wenming.participation import conf
from wenming.regions.models import Region, code_prefix

SITE_RADIUS_M = 1000


class OutsideJurisdiction(Exception):
    def __init__(self, message: str | None = None):
        self.message = message or _("该位置不在本市管辖范围内，请确认定位或在地图上重新选点。")
        super().__init__(self.message)


GRID_DEGREES = 0.01  # about a kilometre: the sites are kept in cells of this size


@dataclass
class _Places:
    """The city's places as one process keeps them (kept_places)."""

    regions: dict[str, Region]  # every region of the city, by code
    anchors: list[Region]  # those with a position (the counties' centroids)
    cells: dict[tuple[int, int], list[tuple[str, float, float]]]  # (region code, lat, lon)


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / GRID_DEGREES), math.floor(longitude / GRID_DEGREES)


def _load_places(prefix: str) -> _Places:
    regions = {region.code: region for region in Region.objects.filter(code__startswith=prefix)}
    cells: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    for code, lat, lon in positioned_sites_under(prefix):
        if code in regions:
            cells[_cell(float(lat), float(lon))].append((code, float(lat), float(lon)))
    return _Places(
        regions=regions,
        anchors=[
            r
            for _c, r in sorted(regions.items())
            if r.latitude is not None and r.longitude is not None
        ],
        cells=dict(cells),
    )


# By the city's code prefix, five minutes: the places change with a new division list or a new
# inspection site, not by the minute, and every submission asks.
kept_places = Kept(_load_places, seconds=300)


def _places() -> _Places:
    return kept_places.get(code_prefix(conf.city_code()))


def _nearest_site_region(places: _Places, latitude, longitude) -> Region | None:
    """The region of the nearest site within SITE_RADIUS_M, from the cells around the position."""
    lat_lo, lat_hi, lon_lo, lon_hi = bounding_box(latitude, longitude, SITE_RADIUS_M)
    (row_lo, col_lo), (row_hi, col_hi) = (
        _cell(float(lat_lo), float(lon_lo)),
        _cell(float(lat_hi), float(lon_hi)),
    )
    best: tuple[float, str] | None = None
    for row in range(row_lo, row_hi + 1):
        for col in range(col_lo, col_hi + 1):
            for code, lat, lon in places.cells.get((row, col), ()):
                meters = distance_m(latitude, longitude, lat, lon)
                if meters <= SITE_RADIUS_M and (best is None or (meters, code) < best):
                    best = (meters, code)
    return places.regions[best[1]] if best is not None else None


def region_at(latitude, longitude) -> Region:
    """The region a position lies in; OutsideJurisdiction when it is not the city's. No query
    once the process holds the city's places."""
    box = conf.jurisdiction_box()
    if box is not None:
        south, west, north, east = box
        if not (south <= float(latitude) <= north and west <= float(longitude) <= east):
            raise OutsideJurisdiction()
    places = _places()
    region = _nearest_site_region(places, latitude, longitude)
    if region is not None:
        return region
    nearest = min(
        (
            (distance_m(latitude, longitude, r.latitude, r.longitude), r.code, r)
            for r in places.anchors
        ),
        default=None,
    )
    if nearest is None:
        raise OutsideJurisdiction(_("本市尚未配置区划位置，暂时无法按位置受理，请稍后再试。"))
    if box is None and nearest[0] > conf.jurisdiction_km() * 1000:
        raise OutsideJurisdiction()
    return nearest[2]
