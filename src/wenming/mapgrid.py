"""Map clusters by a grid computed in SQL, for any positioned model (sites, cases).

The client sends the visible box and the zoom; the rows in the box are grouped by
floor(lat / cell), floor(lng / cell) with a cell that halves at every zoom level, so a screen
holds a bounded number of cells whatever the data size. Plain SQL (FLOOR, CAST, AVG, COUNT …
FILTER) that SQLite and PostgreSQL both run; no PostGIS. A cell holding one or two rows
is answered by their ids (MIN/MAX of the key), so single items cost one indexed lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Expression, F, FloatField, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast, Floor
from django.utils.translation import gettext as _

from wenming.inputs import parse_int

MIN_ZOOM, MAX_ZOOM = 3, 19
# A cell is about this many screen pixels wide: a phone (390 × 800) shows ~ 6 × 12 cells.
CELL_PIXELS = 64
# From this zoom on, a cell's members are listed however many (they may share one position).
DETAIL_ZOOM = 17
DETAIL_LIMIT = 50


class BadBox(ValueError):
    """The bbox/zoom parameters cannot be read; the message says which and why, in Chinese."""


@dataclass(frozen=True)
class Box:
    south: Decimal
    west: Decimal
    north: Decimal
    east: Decimal

    def q(self, lat: str = "latitude", lng: str = "longitude") -> Q:
        return Q(
            **{
                f"{lat}__gte": self.south,
                f"{lat}__lte": self.north,
                f"{lng}__gte": self.west,
                f"{lng}__lte": self.east,
            }
        )


def parse_box(text: str) -> Box:
    """'west,south,east,north' in degrees (Leaflet's toBBoxString), clamped to the globe."""
    parts = (text or "").split(",")
    if len(parts) != 4:
        raise BadBox(_("地图范围 bbox 须为“西,南,东,北”四个经纬度，以英文逗号分隔。"))
    try:
        west, south, east, north = (Decimal(p.strip()) for p in parts)
    except InvalidOperation as error:
        raise BadBox(_("地图范围 bbox 含有不是数字的值。")) from error
    if not all(v.is_finite() for v in (west, south, east, north)):
        raise BadBox(_("地图范围 bbox 含有不是数字的值。"))
    if south > north or west > east:
        raise BadBox(_("地图范围 bbox 的南边界须不大于北边界、西边界须不大于东边界。"))
    q = Decimal("0.000001")
    clamp = lambda v, limit: max(Decimal(-limit), min(Decimal(limit), v)).quantize(q)  # noqa: E731
    return Box(clamp(south, 90), clamp(west, 180), clamp(north, 90), clamp(east, 180))


def parse_zoom(text: str) -> int:
    zoom = parse_int(text, minimum=-(10**18), maximum=10**18)
    if zoom is None:
        raise BadBox(_("地图缩放级别 zoom 须为整数。"))
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def cell_degrees(zoom: int) -> float:
    """The grid's cell in degrees: CELL_PIXELS of a 256-pixel Web-Mercator tile at this zoom."""
    return 360.0 / (2**zoom) * CELL_PIXELS / 256


@dataclass
class Cell:
    count: int
    lat: float
    lng: float
    counts: dict[str, int]
    ids: list[int] = field(default_factory=list)  # members, when few enough to show one by one
    key: tuple[int, int] = (0, 0)  # the cell's (row, column) in the grid
    bounds: list[float] = field(default_factory=list)  # [south, west, north, east] of its rows

    @property
    def worst(self) -> str:
        return next((name for name, n in self.counts.items() if n), "")


def _cells(qs: QuerySet, box: Box, cell: float, lat: str, lng: str) -> QuerySet:
    return (
        qs.filter(box.q(lat, lng))
        .annotate(
            _gy=Floor(Cast(lat, FloatField()) / cell),
            _gx=Floor(Cast(lng, FloatField()) / cell),
        )
        .order_by()
    )


def grid(
    qs: QuerySet,
    *,
    box: Box,
    zoom: int,
    classify: Expression,
    order: list[str],
    lat: str = "latitude",
    lng: str = "longitude",
) -> list[Cell]:
    """The rows of ``qs`` inside ``box`` grouped into grid cells, in one query.

    ``classify`` gives each row its class (e.g. overdue, rectifying, closed); ``order`` lists the
    classes worst first. Each cell counts its rows per class, and its ``worst`` is the first
    class it holds. Cells of one or two rows carry their ids; from DETAIL_ZOOM on, cells of up
    to DETAIL_LIMIT rows are listed by a second query (rows sharing a position never split).
    """
    cell = cell_degrees(zoom)
    rows = (
        _cells(qs, box, cell, lat, lng)
        .annotate(_class=classify)
        .values("_gy", "_gx", "_class")
        .annotate(
            _rows=Count("pk"),
            _lat=Sum(Cast(lat, FloatField())),
            _lng=Sum(Cast(lng, FloatField())),
            _min=Min("pk"),
            _max=Max("pk"),
            _south=Min(lat),
            _west=Min(lng),
            _north=Max(lat),
            _east=Max(lng),
        )
        .values_list(
            "_gy",
            "_gx",
            "_class",
            "_rows",
            "_lat",
            "_lng",
            "_min",
            "_max",
            "_south",
            "_west",
            "_north",
            "_east",
        )
    )
    cells = _merged(rows, order)
    if zoom >= DETAIL_ZOOM:
        _expand(qs, cells, box=box, cell=cell, lat=lat, lng=lng)
    return cells


def _merged(rows, order: list[str]) -> list[Cell]:
    """One Cell per grid square from its rows per class: counts, mean position, bounds, and
    the ids of a cell of one or two rows."""
    found: dict[tuple[int, int], Cell] = {}
    for gy, gx, kind, n, sum_lat, sum_lng, low, high, *edges in rows:
        key = (int(gy), int(gx))
        edges = [float(e) for e in edges]
        target = found.get(key)
        if target is None:
            target = found[key] = Cell(0, 0.0, 0.0, dict.fromkeys(order, 0), [], key, edges)
        target.bounds = [
            min(target.bounds[0], edges[0]),
            min(target.bounds[1], edges[1]),
            max(target.bounds[2], edges[2]),
            max(target.bounds[3], edges[3]),
        ]
        target.count += n
        target.lat += sum_lat
        target.lng += sum_lng
        target.counts[kind] = target.counts.get(kind, 0) + n
        target.ids.extend([low] if n == 1 else [low, high] if n == 2 else [])
    cells = list(found.values())
    for c in cells:
        c.lat, c.lng = round(c.lat / c.count, 6), round(c.lng / c.count, 6)
        if c.count > 2:
            c.ids = []
    return cells


def _expand(qs: QuerySet, cells: list[Cell], *, box: Box, cell: float, lat: str, lng: str) -> None:
    """At street level, list the members of cells that zooming cannot split any further."""
    wanted = {c.key: c for c in cells if not c.ids and c.count <= DETAIL_LIMIT}
    if not wanted:
        return
    rows = (
        _cells(qs, box, cell, lat, lng)
        .filter(_gy__in={k[0] for k in wanted}, _gx__in={k[1] for k in wanted})
        .order_by("pk")
        .values_list("_gy", "_gx", "pk")[: DETAIL_LIMIT * len(wanted)]
    )
    for gy, gx, pk in rows:
        target = wanted.get((int(gy), int(gx)))
        if target is not None:
            target.ids.append(pk)
    for target in wanted.values():
        if len(target.ids) != target.count:  # cut short by the limit: keep it a cluster
            target.ids = []


def extent(cells: list[Cell]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around every row of the answer (the map fits it first)."""
    if not cells:
        return None
    return [
        [min(c.bounds[0] for c in cells), min(c.bounds[1] for c in cells)],
        [max(c.bounds[2] for c in cells), max(c.bounds[3] for c in cells)],
    ]


def answer(
    qs: QuerySet, *, box: Box, zoom: int, order: list[str], fields: list[str]
) -> tuple[list[Cell], list[dict]]:
    """The grid over ``qs`` (whose rows carry ``map_class``) and the rows shown one by one, as
    {id, lat, lng, class, unit, **fields}: what every map layer answers."""
    cells = grid(qs, box=box, zoom=zoom, classify=F("map_class"), order=order)
    ids = [pk for c in cells for pk in c.ids]
    if not ids:
        return cells, []
    rows = (
        qs.filter(pk__in=ids)
        .order_by()
        .values(
            "pk", "latitude", "longitude", "map_class", "unit__short_name", "unit__name", *fields
        )
    )
    return cells, [
        {
            "id": r.pop("pk"),
            "lat": float(r.pop("latitude")),
            "lng": float(r.pop("longitude")),
            "class": r.pop("map_class"),
            "unit": r.pop("unit__short_name") or r.pop("unit__name") or "",
            **{k: v for k, v in r.items() if k != "unit__name"},
        }
        for r in rows
    ]
