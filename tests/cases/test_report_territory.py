"""Where a case may be reported: one rule in ``report_case``, so page and API answer alike.

A community liaison reports within their community's subtree; the office and departments
report anywhere; a region outside the territory gets the same answer as one that does not exist.
"""

import json

import pytest

from wenming.accounts.tokens import issue_token
from wenming.cases import services
from wenming.cases.errors import CaseInputError
from wenming.cases.models import Case, Source

pytestmark = pytest.mark.django_db

GUANGMING, YUCAI_DISTRICT = "340403001001", "340404001001"


def _form(region):
    return {
        "source": "department",
        "category": "乱贴乱画",
        "severity": "general",
        "description": "墙面小广告",
        "region": region,
    }


def _api_post(client, user, region):
    token, _ = issue_token(user=user)
    body = _form(region)
    body["region_code"] = body.pop("region")
    return client.post(
        "/api/v1/cases/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_page_refuses_a_community_liaisons_report_into_another_district(login, community1):
    response = login(community1).post("/cases/new/", _form(YUCAI_DISTRICT))
    assert response.status_code == 422
    assert "不在您的辖区内" in response.content.decode()
    assert not Case.objects.exists()


def test_api_refuses_a_community_liaisons_report_into_another_district(client, community1):
    response = _api_post(client, community1, YUCAI_DISTRICT)
    # 404 like a region that does not exist: the same answer, which the page words the same.
    assert response.status_code == 404, response.content
    assert "不在您的辖区内" in response.json()["detail"]
    assert not Case.objects.exists()


def test_api_and_page_accept_a_report_within_the_territory(client, login, community1):
    assert _api_post(client, community1, GUANGMING).status_code == 201
    assert login(community1).post("/cases/new/", _form(GUANGMING)).status_code == 302
    assert Case.objects.filter(region_id=GUANGMING).count() == 2


def test_unknown_and_foreign_regions_get_the_same_answer(client, community1):
    foreign = _api_post(client, community1, YUCAI_DISTRICT).json()["detail"]
    unknown = _api_post(client, community1, "999999999999").json()["detail"]
    assert foreign.replace(YUCAI_DISTRICT, "X") == unknown.replace("999999999999", "X")


def test_departments_and_the_office_report_anywhere(client, dept, coordinator):
    assert _api_post(client, dept, YUCAI_DISTRICT).status_code == 201
    assert _api_post(client, coordinator, GUANGMING).status_code == 201


def test_the_service_itself_enforces_the_territory(community1, units):
    yucai = units["yucai"].region
    with pytest.raises(CaseInputError):
        services.report_case(
            actor=community1,
            source=Source.DEPARTMENT,
            category="乱贴乱画",
            severity="general",
            description="x",
            region=yucai,
        )
