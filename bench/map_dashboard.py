"""(d) 一张图 and the rankings at province scale, through the whole Django stack as the
coordinator, each against its bare query in the same run:

- the map (/map/clusters.json) for sites and cases on a phone-sized viewport at several zooms:
  p95 and the largest answer, against the grid query alone (mapgrid.grid on the same selector);
- the dashboard page /scoring/ (HTML size and p95) and its chart series (dashboard.json), against
  the reads the page makes (latest assessment, the head of each ranking);
- the full ranking page (folded per kind), against its reads (the first rows and count per kind).

Targets: map p95 < 250 ms and < 300 KB; dashboard HTML < 200 KB; dashboard and ranking p95 < 250 ms.
"""

from common import percentile, report, timed  # noqa: I001

import math
import sys

from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client
from django.urls import reverse

from wenming import mapgrid
from wenming.cases import case_map
from wenming.framework.models import Framework, FrameworkStatus
from wenming.inspections import selectors as site_selectors
from wenming.regions.models import Region
from wenming.scoring import selectors, views
from wenming.periods import parse_period
from wenming.scoring.services import assess

REQUESTS = 40
# The bench sites and cases lie in 30–33° N, 115–118° E; a phone shows 390 × 800 pixels.
CENTRES = [(31.5, 116.5), (30.8, 115.7), (32.4, 117.3)]
ZOOMS = [5, 8, 11, 14, 17]
PHONE = (390, 800)


def phone_box(lat: float, lng: float, zoom: int) -> str:
    degrees_per_pixel = 360 / (256 * 2**zoom)
    half_w = PHONE[0] / 2 * degrees_per_pixel
    half_h = PHONE[1] / 2 * degrees_per_pixel * math.cos(math.radians(lat))
    return f"{lng - half_w:.6f},{lat - half_h:.6f},{lng + half_w:.6f},{lat + half_h:.6f}"


def summarise(name, page_times, bare_times, **extra) -> None:
    ok = extra.pop("_ok", True)
    p95, b95 = percentile(page_times, 0.95) * 1000, percentile(bare_times, 0.95) * 1000
    report(
        name,
        p50_ms=f"{percentile(page_times, 0.5) * 1000:.0f}",
        p95_ms=f"{p95:.0f}",
        bare_p95_ms=f"{b95:.1f}",
        ratio_p95=f"{p95 / b95:.2f}",
        **extra,
        ok=p95 < 250 and ok,
    )


def bare_grid(user, layer: str, bbox: str, zoom: int) -> None:
    box = mapgrid.parse_box(bbox)
    if layer == "sites":
        qs = site_selectors.sites_for_map(user)
        order = list(site_selectors.RESULT_CLASSES)
    else:
        qs = case_map.cases_for_map(user)
        order = list(case_map.MAP_CLASSES)
    mapgrid.grid(qs, box=box, zoom=zoom, classify=F("map_class"), order=order)


def fresh_user():
    return get_user_model().objects.get(username="coordinator")  # as a server sees each request


def bench_map(client) -> None:
    url = reverse("web:map_clusters")
    for layer in ("sites", "cases"):
        for zoom in ZOOMS:
            times, bare, sizes = [], [], []
            for i in range(REQUESTS):
                bbox = phone_box(*CENTRES[i % len(CENTRES)], zoom)
                params = {"layer": layer, "bbox": bbox, "zoom": zoom}
                if i < len(CENTRES):  # warm-up
                    client.get(url, params)
                    bare_grid(fresh_user(), layer, bbox, zoom)
                seconds, response = timed(client.get, url, params)
                assert response.status_code == 200, response.content[:200]
                times.append(seconds)
                sizes.append(len(response.content))
                seconds, _ = timed(bare_grid, fresh_user(), layer, bbox, zoom)
                bare.append(seconds)
            summarise(
                f"d. 一张图 {layer} zoom {zoom}",
                times,
                bare,
                max_kb=f"{max(sizes) / 1024:.1f}",
                target="p95<250ms,<300KB",
                _ok=max(sizes) < 300 * 1024,
            )


def bare_dashboard(user) -> None:
    """The page's reads: the latest assessment, the head and size of every kind's ranking."""
    assessment = selectors.latest_assessment_for(user)
    views._city_cards(assessment)
    rows = selectors.rows_for(user, assessment).filter(rank__isnull=False, listed_apart=False)
    selectors.heads_by_kind(rows, views.DASHBOARD_RANKS)


def bare_ranking(user, pk: int) -> None:
    """The page's reads: the assessment, the first rows and size of every kind's ranking."""
    assessment = selectors.get_assessment_for(user, pk)
    selectors.heads_by_kind(selectors.rows_for(user, assessment), views.RANKING_FOLDED)


def bench_pages(client, assessment) -> None:
    pages = [
        ("d. 考核通报首页（一张图）HTML", reverse("scoring:index"), bare_dashboard, ()),
        (
            "d. 图表数据 dashboard.json（按考核缓存）",
            reverse("scoring:dashboard_data", args=[assessment.pk]),
            bare_dashboard,
            (),
        ),
        (
            "d. 完整排名",
            reverse("scoring:assessment_detail", args=[assessment.pk]),
            bare_ranking,
            (assessment.pk,),
        ),
    ]
    for name, url, bare_fn, args in pages:
        client.get(url)
        bare_fn(fresh_user(), *args)
        times, bare, size = [], [], 0
        for _ in range(REQUESTS):
            seconds, response = timed(client.get, url)
            assert response.status_code == 200
            size = len(response.content)
            times.append(seconds)
            seconds, _ = timed(bare_fn, fresh_user(), *args)
            bare.append(seconds)
        extra = {"kb": f"{size / 1024:.1f}"}
        if url == reverse("scoring:index"):
            extra.update(target="p95<250ms,<200KB", _ok=size < 200 * 1024)
        else:
            extra.update(target="p95<250ms")
        summarise(name, times, bare, **extra)


def main() -> None:
    framework = Framework.objects.get(name="基准测评体系", status=FrameworkStatus.ACTIVE)
    root = Region.objects.get(code="990000000000")
    # The latest weekly snapshot, made once and re-used (a snapshot never changes).
    assessment = assess(
        actor=None, framework=framework, period=parse_period("2026-W48"), region=root
    ).assessment
    client = Client()
    client.force_login(fresh_user())
    if "--pages" not in sys.argv:  # --pages: the dashboard and ranking pages only
        bench_map(client)
    bench_pages(client, assessment)


if __name__ == "__main__":
    main()
