"""A reporter's phone and e-mail reach the office's own pages and nothing else: no public page,
no Open311 response, no export, no API answer carries them, in full or masked."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.participation.conftest import TJA
from tests.participation.factories import citizen_report, photo
from tests.participation.test_pages import _close
from wenming.accounts.tokens import issue_token
from wenming.participation import keys, ratings, services
from wenming.participation.models import Channel, Score

pytestmark = pytest.mark.django_db

PHONE, EMAIL, NAME = "13912345678", "reporter@example.com", "王小明"


def _leaks(text: str) -> list[str]:
    found = [v for v in (PHONE, EMAIL, NAME) if v in text]
    if re.search(r"139\D{0,12}5678", text):
        found.append("masked phone")
    return found


@pytest.fixture
def reported(citizens, coordinator, community1, inspector):
    key, raw = keys.create_open311_key(actor=None, name="12345")
    web = citizen_report(phone=PHONE, photos=[photo()])
    api_report = services.submit_report(
        service="street-vending",
        description="垃圾满溢",
        latitude=TJA[0],
        longitude=TJA[1],
        phone=PHONE,
        email=EMAIL,
        name=NAME,
        channel=Channel.OPEN311,
        api_key=key,
        ip="203.0.113.1",
    )
    follower = citizen_report(phone=PHONE, follow_case_id=web.case_id, description="")
    _close(api_report.case, coordinator, community1, inspector)
    ratings.rate(code=api_report.tracking_code, score=Score.UNSATISFIED)
    return {"reports": [web, api_report, follower], "key": raw}


def test_no_public_page_open311_answer_export_or_api_carries_the_reporter(
    client, reported, coordinator
):
    reports = reported["reports"]
    urls = ["/public/report/", "/public/track/", "/public/mine/", "/public/surveys/"]
    for report in reports:
        code = report.tracking_code
        urls += [f"/public/track/{code}/", f"/public/track/{code}/qr.svg"]
    urls.append(f"/public/report/nearby.json?service=street-vending&lat={TJA[0]}&lon={TJA[1]}")
    for fmt in ("json", "xml"):
        urls += [
            f"/open311/discovery.{fmt}",
            f"/open311/v2/services.{fmt}",
            f"/open311/v2/services/street-vending.{fmt}",
            f"/open311/v2/requests.{fmt}",
            f"/open311/v2/requests.{fmt}?status=closed",
        ]
        for report in reports:
            urls += [
                f"/open311/v2/requests/{report.case_id}.{fmt}",
                f"/open311/v2/tokens/{report.token}.{fmt}",
            ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _leaks(response.content.decode()) == [], url
    # What the Open311 POST answers its client.
    created = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": reported["key"],
            "service_code": "parking",
            "lat": str(TJA[0]),
            "long": str(TJA[1]),
            "description": "乱停车",
            "phone": PHONE,
            "email": EMAIL,
        },
    )
    assert created.status_code == 200 and _leaks(created.content.decode()) == []

    # The office's exports and the API: the case carries no reporter.
    client.force_login(coordinator)
    export = client.get("/cases/export/")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    cells = " ".join(
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    )
    assert "垃圾满溢" in cells and _leaks(cells) == []
    token, _ = issue_token(user=coordinator)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = client.get("/api/v1/cases/", **headers)
    assert listed.status_code == 200 and _leaks(listed.content.decode()) == []
    for report in reports:
        detail = client.get(f"/api/v1/cases/{report.case_id}", **headers)
        assert detail.status_code == 200 and _leaks(detail.content.decode()) == []
        page = client.get(f"/cases/{report.case_id}/")
        assert _leaks(page.content.decode()) == []
    stats = client.get("/participation/stats/")
    assert _leaks(stats.content.decode()) == []
    # The office's own list is where the phone is (full: the coordinator calls back).
    assert PHONE in client.get("/participation/?all=1").content.decode()
    assert PHONE in client.get("/participation/reviews/").content.decode()
