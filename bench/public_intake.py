"""(e) Public intake at province scale: 随手拍 form posts and Open311 POST requests.json through
the whole Django stack (middleware, rate limits, jurisdiction, duplicate check, case, event,
audit, tracking code), against a bare view on the same stack in the same run that takes the same
form and stores it with one hand-written INSERT. Target: intake throughput ≥ 50 % of the bare
view's. The rows this run writes are removed afterwards.
"""

from common import report  # noqa: I001

import time

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from wenming.inspections.models import Site
from wenming.participation import services
from wenming.participation.defaults import load_default_services
from wenming.participation.models import CitizenReport
from wenming.urls import urlpatterns as site_urls

ROUNDS, PER_ROUND = 10, 20
BARE_IDS: list[int] = []


@csrf_exempt
def bare(request):
    """The floor: read the form, one INSERT of the case row."""
    post = request.POST
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_case (source, category, severity, description, address, region_code,"
            " reporter_name,"
            " state, resolution, created, fail_count, extension_count, version, latitude, longitude)"
            " VALUES ('citizen', %s, 'general', %s, '', %s, '', 'reported', '', %s, 0, 0, 1,"
            " %s, %s)"
            " RETURNING id",
            [
                post["category"],
                post["description"],
                post["region"],
                timezone.now(),
                post["lat"],
                post["long"],
            ],
        )
        BARE_IDS.append(cursor.fetchone()[0])
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *site_urls]


def _cleanup(case_ids: list[int]) -> None:
    if not case_ids:
        return
    with connection.cursor() as cursor:
        for sql in (
            "DELETE FROM participation_citizenreport WHERE case_id = ANY(%s)",
            "DELETE FROM cases_casephoto WHERE case_id = ANY(%s)",
            "DELETE FROM cases_caseevent WHERE case_id = ANY(%s)",
            "DELETE FROM cases_case WHERE id = ANY(%s)",
        ):
            cursor.execute(sql, [case_ids])


def main() -> None:
    site = (
        Site.objects.filter(latitude__isnull=False).select_related("region").order_by("pk").first()
    )
    if site is None:
        raise SystemExit("基准数据中没有带坐标的点位")
    city = site.region_id[:4] + "00000000"
    load_default_services()
    _key, raw = services.create_open311_key(actor=None, name="bench")
    lat, lon = float(site.latitude), float(site.longitude)
    fields = {"lat": f"{lat:.6f}", "long": f"{lon:.6f}", "description": "基准：路口有流动摊贩"}
    kinds = {
        "bare": ("/bench/bare/", {**fields, "category": "占道经营", "region": site.region_id}),
        "form": (
            "/public/report/",
            {
                "service": "street-vending",
                "latitude": fields["lat"],
                "longitude": fields["long"],
                "description": fields["description"],
            },
        ),
        "open311": (
            "/open311/v2/requests.json",
            {**fields, "api_key": raw, "service_code": "street-vending"},
        ),
    }
    limits = {
        "PARTICIPATION_REPORTS_PER_IP_HOUR": 10**9,
        "OPEN311_REQUESTS_PER_KEY_MINUTE": 10**9,
        "WENMING_CITY_CODE": city,
        "ROOT_URLCONF": __name__,
        "ALLOWED_HOSTS": ["testserver"],
    }
    before = CitizenReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    spent = {kind: 0.0 for kind in kinds}
    counts = {kind: 0 for kind in kinds}
    with override_settings(**limits):
        client = Client()
        statements = {}
        for kind, (url, data) in kinds.items():  # warm-up, then one request's statements
            assert client.post(url, data).status_code in (200, 302), kind
            with CaptureQueriesContext(connection) as queries:
                assert client.post(url, data).status_code in (200, 302), kind
            statements[kind] = len(queries.captured_queries)
        for _round in range(ROUNDS):
            for kind, (url, data) in kinds.items():  # interleaved: the same machine state
                started = time.perf_counter()
                for _ in range(PER_ROUND):
                    status = client.post(url, data).status_code
                    assert status in (200, 302), (kind, status)
                spent[kind] += time.perf_counter() - started
                counts[kind] += PER_ROUND
    made = list(CitizenReport.objects.filter(pk__gt=before).values_list("case_id", flat=True))
    _cleanup(made + BARE_IDS)
    rate = {kind: counts[kind] / spent[kind] for kind in kinds}
    for kind in ("form", "open311"):
        ratio = rate[kind] / rate["bare"]
        report(
            f"public-intake-{kind}",
            requests=counts[kind],
            per_second=f"{rate[kind]:.1f}",
            bare_per_second=f"{rate['bare']:.1f}",
            statements=statements[kind],
            bare_statements=statements["bare"],
            ratio=f"{ratio:.2f}",
            target="ratio>=0.50",
            ok=ratio >= 0.5,
        )


if __name__ == "__main__":
    main()
