"""一张图: one endpoint for every map — sites, cases, the dashboard — clustered by viewport.

It lives above inspections and cases (which never import each other) and asks each app's
selector for its own rows, scoped and filtered exactly like that app's lists.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming import mapgrid
from wenming.cases import case_map
from wenming.cases import selectors as case_selectors
from wenming.inspections import selectors as site_selectors
from wenming.periods import PeriodError, parse_period
from wenming.volunteers import site_map as practice_map

# No answer holds more cells than this: a bigger box is clustered at a coarser zoom.
MAX_CELLS = 1200


def _zoom_for(box: mapgrid.Box, zoom: int) -> int:
    while zoom > mapgrid.MIN_ZOOM:
        cell = mapgrid.cell_degrees(zoom)
        across = (float(box.east - box.west) / cell + 1) * (float(box.north - box.south) / cell + 1)
        if across <= MAX_CELLS:
            break
        zoom -= 1
    return zoom


def _period(text: str) -> dict:
    if not text:
        return {}
    period = parse_period(text)
    tz = timezone.get_current_timezone()
    return {
        "since": timezone.make_aware(datetime.combine(period.start, time.min), tz),
        "until": timezone.make_aware(datetime.combine(period.next().start, time.min), tz),
    }


def _sites(request, box, zoom):
    cells, items = site_selectors.site_clusters(
        request.user,
        box=box,
        zoom=zoom,
        result=request.GET.get("result", ""),
        search=request.GET.get("q", "").strip(),
        site_type=request.GET.get("type") or None,
        region=request.GET.get("region") or None,
    )
    for item in items:
        item["url"] = reverse("inspections:site_detail", args=[item["id"]])
    return cells, items, site_selectors.RESULT_CLASSES


def _cases(request, box, zoom):
    cells, items = case_map.case_clusters(
        request.user,
        case_selectors.CaseFilters.from_query(request.GET),
        box=box,
        zoom=zoom,
        **_period(request.GET.get("period", "").strip()),
    )
    for item in items:
        item["url"] = reverse("cases:case_detail", args=[item["id"]])
    return cells, items, case_map.MAP_CLASSES


def _practice(request, box, zoom):
    cells, items = practice_map.practice_clusters(
        request.user,
        box=box,
        zoom=zoom,
        level=request.GET.get("level", ""),
        region=request.GET.get("region", ""),
    )
    for item in items:
        item["url"] = reverse("volunteers:site_detail", args=[item["id"]])
    return cells, items, practice_map.MAP_CLASSES


LAYERS = {"sites": _sites, "cases": _cases, "practice": _practice}


@login_required
def clusters(request):
    """?layer=sites|cases|practice&bbox=west,south,east,north&zoom=N and the layer's list filters →
    {clusters: [{lat, lng, count, worst, counts}], items: [{id, name, lat, lng, class, url}]}."""
    layer = LAYERS.get(request.GET.get("layer", "sites"))
    if layer is None:
        return JsonResponse(
            {
                "detail": _(
                    "图层 layer 须为 sites（点位）、cases（问题）或 practice（文明实践阵地）。"
                )
            },
            status=400,
        )
    try:
        box = mapgrid.parse_box(request.GET.get("bbox", ""))
        zoom = _zoom_for(box, mapgrid.parse_zoom(request.GET.get("zoom", "")))
        cells, items, classes = layer(request, box, zoom)
    except (mapgrid.BadBox, PeriodError) as error:
        return JsonResponse({"detail": str(error)}, status=400)
    return JsonResponse(
        {
            "zoom": zoom,
            "total": sum(c.count for c in cells),
            "bounds": mapgrid.extent(cells),
            "classes": {key: str(label) for key, label in classes.items()},
            "clusters": [
                {
                    "lat": c.lat,
                    "lng": c.lng,
                    "count": c.count,
                    "worst": c.worst,
                    "counts": {k: n for k, n in c.counts.items() if n},
                }
                for c in cells
                if not c.ids
            ],
            "items": items,
        }
    )
