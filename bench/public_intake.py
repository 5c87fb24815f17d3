"""(e) Public intake at province scale: 随手拍 form posts and Open311 POST requests.json through
the whole Django stack (middleware, rate limits, jurisdiction, duplicate check, case, event,
audit, tracking code), against a bare view on the same stack in the same run that takes the same
form in the same encoding (multipart like the phone's form, form-encoded like Open311) and
stores it with one hand-written INSERT (intake_urls.bare). Target: intake throughput ≥ 50 % of
the bare view's.

The server is the one production runs: `wenming serve` (gunicorn, 2 processes × 8 threads) on
this DATABASE_URL with the deployment's settings (CONN_MAX_AGE etc. as the environment says);
only the per-address and per-key limits are raised so that the bench is not refused. A few
clients post at once over kept-alive connections; every request body is encoded once, so the
client's own work per request is the same small HTTP exchange for every kind. Kinds are
interleaved in rounds (the same machine state for each). The rows this run writes are removed
afterwards. The script also prints the statements one request sends (in this process).
"""

from common import ROOT, report  # noqa: I001

import argparse
import http.client
import os
import re
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.test.utils import CaptureQueriesContext, override_settings

from tests.server.live import serving
from wenming.cases.models import Case
from wenming.hanzi import normalize
from wenming.inspections.models import Site
from wenming.participation import keys
from wenming.participation.defaults import load_default_services
from wenming.web.management.commands.serve import KEPT_CONNECTION_SECONDS

BENCH_DIR = Path(__file__).resolve().parent
DESCRIPTION = "基准：路口有流动摊贩"
FORM = "application/x-www-form-urlencoded"
UNLIMITED = {
    "PARTICIPATION_REPORTS_PER_IP_HOUR": "1000000000",
    "OPEN311_REQUESTS_PER_KEY_MINUTE": "1000000000",
}


def _kinds(site, raw_key: str) -> dict[str, tuple[str, dict, str]]:
    """kind → (path, form fields, encoding) of the three posts."""
    lat, lon = f"{float(site.latitude):.6f}", f"{float(site.longitude):.6f}"
    bare = {
        "lat": lat,
        "long": lon,
        "description": DESCRIPTION,
        "category": "占道经营",
        "region": site.region_id,
    }
    return {
        "bare-multipart": ("/bench/bare/", bare, MULTIPART_CONTENT),
        "form": (  # the phone's form is multipart (it carries photos)
            "/public/report/",
            {
                "service": "street-vending",
                "latitude": lat,
                "longitude": lon,
                "description": DESCRIPTION,
            },
            MULTIPART_CONTENT,
        ),
        "bare-urlencoded": ("/bench/bare/", bare, FORM),
        "open311": (  # form-encoded, as GeoReport v2 says
            "/open311/v2/requests.json",
            {
                "lat": lat,
                "long": lon,
                "description": DESCRIPTION,
                "api_key": raw_key,
                "service_code": "street-vending",
            },
            FORM,
        ),
    }


def _statements(kinds, city: str) -> dict[str, int]:
    """The statements one request of each kind sends, counted in this process."""
    limits = {name: int(value) for name, value in UNLIMITED.items()}
    counts = {}
    with override_settings(
        **limits, WENMING_CITY_CODE=city, ROOT_URLCONF="intake_urls", ALLOWED_HOSTS=["testserver"]
    ):
        client = Client()
        for kind, (path, fields, encoding) in kinds.items():
            post = lambda: client.post(path, fields, content_type=encoding)  # noqa: E731
            if encoding == FORM:
                post = lambda: client.post(  # noqa: E731
                    path, urlencode(fields), content_type=FORM
                )
            assert post().status_code in (200, 302), kind  # warm-up: per-process caches
            with CaptureQueriesContext(connection) as queries:
                assert post().status_code in (200, 302), kind
            counts[kind] = len(queries.captured_queries)
    return counts


# --- the server and its clients -------------------------------------------------------------


def _server_env(city: str) -> dict[str, str]:
    """The deployment's settings for `wenming serve`, with the bench's bare views and no limits."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intake_settings",
        "PYTHONPATH": os.pathsep.join(
            [str(BENCH_DIR), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
        ),
        "WENMING_CITY_CODE": city,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        **UNLIMITED,
    }


class Clients:
    """``size`` clients, each with its own kept-alive connection, posting prepared bodies."""

    def __init__(self, port: int, size: int):
        self.port, self.size = port, size
        self.local = threading.local()
        self.pool = ThreadPoolExecutor(size)

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return conn

    def send(self, method: str, path: str, body: bytes | None, headers: dict):
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
        except (http.client.HTTPException, OSError):  # the server closed a kept-alive connection
            conn.close()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
        data = response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
        return response.status, response.getheader("Set-Cookie", ""), data

    def burst(self, count: int, path: str, body: bytes, headers: dict) -> float:
        """``count`` posts spread over the clients; the wall time they took."""
        started = time.perf_counter()
        statuses = list(
            self.pool.map(lambda _i: self.send("POST", path, body, headers)[0], range(count))
        )
        seconds = time.perf_counter() - started
        bad = [s for s in statuses if s not in (200, 302)]
        assert not bad, (path, bad[:5])
        return seconds


def _prepared(clients: Clients, kinds) -> dict[str, tuple[str, bytes, dict]]:
    """Each kind's request, encoded once; the form's with the CSRF cookie and token a phone
    gets from the page it submits."""
    status, cookie, page = clients.send("GET", "/public/report/", None, {})
    assert status == 200, status
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    prepared = {}
    for kind, (path, fields, encoding) in kinds.items():
        headers = {"Content-Type": encoding}
        if encoding == FORM:
            body = urlencode(fields).encode()
        else:
            body = encode_multipart(BOUNDARY, {**fields, "csrfmiddlewaretoken": token})
            headers["Cookie"] = f"csrftoken={csrf_cookie}"
        prepared[kind] = (path, body, headers)
    return prepared


def _cleanup(before: int) -> None:
    """Remove what the run wrote: the cases after ``before`` with the bench's description, as
    the bare view stored it and as intake did (normalised: its full-width colon half-width)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(id) FROM cases_case WHERE id > %s AND description IN (%s, %s)",
            [before, DESCRIPTION, normalize(DESCRIPTION)],
        )
        ids = cursor.fetchone()[0] or []
        for sql in (
            "DELETE FROM participation_citizenreport WHERE case_id = ANY(%s)",
            "DELETE FROM cases_casephoto WHERE case_id = ANY(%s)",
            "DELETE FROM cases_caseevent WHERE case_id = ANY(%s)",
            "DELETE FROM cases_case WHERE id = ANY(%s)",
        ):
            cursor.execute(sql, [ids])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    site = (
        Site.objects.filter(latitude__isnull=False).select_related("region").order_by("pk").first()
    )
    if site is None:
        raise SystemExit("基准数据中没有带坐标的点位")
    city = site.region_id[:4] + "00000000"
    load_default_services()
    _key, raw = keys.create_open311_key(actor=None, name="bench")
    kinds = _kinds(site, raw)
    before = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    spent = {kind: 0.0 for kind in kinds}
    counts = {kind: 0 for kind in kinds}
    try:
        statements = _statements(kinds, city)
        with tempfile.TemporaryDirectory() as workdir:
            server_args = ("--workers", str(args.workers), "--threads", str(args.threads))
            with serving(Path(workdir), _server_env(city), *server_args) as port:
                clients = Clients(port, args.clients)
                prepared = _prepared(clients, kinds)
                for kind, request in prepared.items():  # warm-up: every thread's caches
                    clients.burst(args.workers * args.threads, *request)
                for _round in range(args.rounds):
                    for kind, request in prepared.items():  # interleaved: same machine state
                        spent[kind] += clients.burst(args.per_round, *request)
                        counts[kind] += args.per_round
    finally:
        _cleanup(before)
    rate = {kind: counts[kind] / spent[kind] for kind in kinds}
    for kind, floor in (("form", "bare-multipart"), ("open311", "bare-urlencoded")):
        ratio = rate[kind] / rate[floor]
        report(
            f"public-intake-{kind}",
            requests=counts[kind],
            clients=args.clients,
            server=f"gunicorn {args.workers}x{args.threads}",
            conn_max_age=os.environ.get(
                "CONN_MAX_AGE", str(KEPT_CONNECTION_SECONDS)
            ),  # as serve sets it
            per_second=f"{rate[kind]:.1f}",
            bare_per_second=f"{rate[floor]:.1f}",
            statements=statements[kind],
            bare_statements=statements[floor],
            ratio=f"{ratio:.2f}",
            target="ratio>=0.50",
            ok=ratio >= 0.5,
        )


if __name__ == "__main__":
    main()
