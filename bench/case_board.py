"""(b) The coordinator's case board, first page with filters, scoped: p50/p95 over 200 requests
through the whole Django stack (middleware, session, template), against the bare query behind
the page (the scoped, filtered count and first page of the same selector), in one run.

Target: p95 under 50 ms.
"""

from common import percentile, report, timed  # noqa: I001

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from wenming.cases import selectors
from wenming.cases.views import PAGE_SIZE

REQUESTS = 200
FILTERS = [
    {"state": "rectifying"},
    {"overdue": "1"},
    {"category": "环境卫生", "region": "990100000000"},
    {"state": "closed", "region": "990203000000"},
]


def bare(user, params: dict) -> int:
    cases = selectors.case_list(user, selectors.CaseFilters.from_query(params))
    total = cases.count()
    list(cases[:PAGE_SIZE])
    return total


def main() -> None:
    user = get_user_model().objects.get(username="coordinator")
    client = Client()
    client.force_login(user)
    url = reverse("cases:board")
    for params in FILTERS:  # warm-up: caches, templates, the session row
        assert client.get(url, params).status_code == 200
        bare(user, params)
    page_times, bare_times = [], []
    for i in range(REQUESTS):
        params = FILTERS[i % len(FILTERS)]
        seconds, response = timed(client.get, url, params)
        assert response.status_code == 200
        page_times.append(seconds)
        user = get_user_model().objects.get(
            username="coordinator"
        )  # a fresh user per request, as a server sees it
        seconds, _ = timed(bare, user, params)
        bare_times.append(seconds)
    p50, p95 = percentile(page_times, 0.5) * 1000, percentile(page_times, 0.95) * 1000
    b50, b95 = percentile(bare_times, 0.5) * 1000, percentile(bare_times, 0.95) * 1000
    report(
        "b. 案件看板首页",
        requests=REQUESTS,
        p50_ms=f"{p50:.0f}",
        p95_ms=f"{p95:.0f}",
        bare_p50_ms=f"{b50:.0f}",
        bare_p95_ms=f"{b95:.0f}",
        ratio_p95=f"{p95 / b95:.2f}",
        target="p95<50ms",
        ok=p95 < 50,
    )


if __name__ == "__main__":
    main()
