"""A dozen people acting at once through a real threaded server: nobody gets a 5xx.

12 clients each move a different case while two more race for one case, all released at
once. Each must get 200, or the app's own 409 conflict for the loser of the race — never the
500 "database is locked" the embedded SQLite answered before it used IMMEDIATE transactions.
Runs on SQLite (a file copy of the test database) and on PostgreSQL.
"""

import json
import threading
import urllib.error
import urllib.request

import pytest

from tests.cases.factories import report
from tests.server.live import live_server
from wenming.accounts.tokens import issue_token
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 12


def _post(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        payload = error.read()
        try:
            return error.code, json.loads(payload)
        except ValueError:
            return error.code, {"body": payload.decode(errors="replace")[:300]}


def _all_at_once(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.heavy
def test_a_dozen_concurrent_writers_get_no_server_error(inspector, community1, units, tmp_path):
    region = Region.objects.get(code="340403001001")
    cases = [report(inspector, region=region, unit=units["guangming"]) for _ in range(CLIENTS)]
    tokens = [issue_token(user=community1)[0] for _ in range(CLIENTS + 2)]

    with live_server(tmp_path) as base:
        calls = [
            (
                lambda c=case, t=token: _post(
                    f"{base}/api/v1/cases/{c.pk}/sign", t, {"version": c.version}
                )
            )
            for case, token in zip(cases, tokens)
        ]
        raced = cases[0]
        calls += [
            (
                lambda t=token: _post(
                    f"{base}/api/v1/cases/{raced.pk}/sign", t, {"version": raced.version}
                )
            )
            for token in tokens[CLIENTS:]
        ]
        results = _all_at_once(calls)

    statuses = [status for status, _ in results]
    server_log = (tmp_path / "server.log").read_text(errors="replace")[-4000:]
    assert [s for s in statuses if s >= 500] == [], (results, server_log)
    assert statuses[1:CLIENTS] == [200] * (CLIENTS - 1)
    # Case 0 was signed three times at once: exactly one succeeded, the others got the conflict.
    race = [statuses[0], *statuses[CLIENTS:]]
    assert sorted(race) == [200, 409, 409], results
    assert all("已被他人处理" in body["detail"] for s, body in results if s == 409)
    assert all(body["state"] == "rectifying" for s, body in results if s == 200)
