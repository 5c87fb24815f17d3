"""Cases through the API: scoped list and detail, create, one endpoint per transition, 409s."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.cases.factories import after_photo, report
from tests.uploads.test_check_upload import jpeg_with_gps
from wenming.accounts.tokens import issue_token
from wenming.cases.models import CaseEvent, State
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def _as(user):
        token, _ = issue_token(user=user)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

        class Caller:
            def get(self, path, **params):
                return client.get(f"/api/v1/cases{path}", params, **headers)

            def post(self, path, body=None):
                return client.post(
                    f"/api/v1/cases{path}",
                    data=json.dumps(body or {}),
                    content_type="application/json",
                    **headers,
                )

        return Caller()

    return _as


@pytest.fixture
def guangming_case(inspector, units):
    return report(
        inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"]
    )


@pytest.fixture
def yucai_case(inspector, units):
    return report(inspector, region=Region.objects.get(code="340404001001"), unit=units["yucai"])


def test_community1_gets_404_for_a_case_of_community2(api, community1, yucai_case, guangming_case):
    caller = api(community1)
    assert caller.get(f"/{yucai_case.pk}").status_code == 404
    assert caller.post(f"/{yucai_case.pk}/sign").status_code == 404
    ids = [row["id"] for row in caller.get("/").json()["items"]]
    assert ids == [guangming_case.pk]


def test_outsider_sees_nothing_and_anonymous_is_refused(api, client, outsider, guangming_case):
    assert client.get("/api/v1/cases/").status_code == 401
    assert api(outsider).get("/").json()["count"] == 0
    assert api(outsider).get(f"/{guangming_case.pk}").status_code == 404


def test_detail_lists_events_and_the_callers_allowed_actions(api, community1, guangming_case):
    body = api(community1).get(f"/{guangming_case.pk}").json()
    assert [e["action"] for e in body["events"]] == ["report"]
    assert body["allowed_actions"] == ["sign", "return", "request_extension"]
    assert body["state"] == State.DISPATCHED and body["unit"]["short_name"] == "光明社区"


def test_wrong_transition_answers_409_with_the_allowed_actions(api, community1, guangming_case):
    response = api(community1).post(f"/{guangming_case.pk}/submit", {"note": "done"})
    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["sign", "return", "request_extension"]
    assert response.json()["state"] == "dispatched"


def upload_after_photo(client, user, case):
    """整改后 photo through the API, ahead of the submit that carries it."""
    token, _ = issue_token(user=user)
    response = client.post(
        f"/api/v1/cases/{case.pk}/photos",
        {"file": after_photo(), "kind": "after"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_transitions_through_the_api_and_a_stale_version_conflicts(
    api, client, community1, coordinator, guangming_case
):
    unit = api(community1)
    version = guangming_case.version
    assert unit.post(f"/{guangming_case.pk}/sign", {"version": version}).status_code == 200
    stale = unit.post(f"/{guangming_case.pk}/sign", {"version": version})
    assert stale.status_code == 409 and "已被他人处理" in stale.json()["detail"]
    assert unit.post(f"/{guangming_case.pk}/submit", {"note": ""}).status_code == 422
    no_photo = unit.post(f"/{guangming_case.pk}/submit", {"note": "已清理"})
    assert no_photo.status_code == 422 and "须上传整改后照片" in no_photo.json()["detail"]
    upload_after_photo(client, community1, guangming_case)
    assert unit.post(f"/{guangming_case.pk}/submit", {"note": "已清理"}).status_code == 200
    assert (
        api(coordinator).post(f"/{guangming_case.pk}/fail", {"note": "仍有"}).json()["state"]
        == "rectifying"
    )
    assert unit.post(f"/{guangming_case.pk}/pass").status_code == 409
    assert CaseEvent.objects.filter(case=guangming_case).count() == 4


def test_verifier_role_needed_to_pass(api, client, community1, guangming_case):
    unit = api(community1)
    unit.post(f"/{guangming_case.pk}/sign")
    upload_after_photo(client, community1, guangming_case)
    assert unit.post(f"/{guangming_case.pk}/submit", {"note": "已清理"}).status_code == 200
    assert unit.post(f"/{guangming_case.pk}/pass").status_code == 403


def test_create_from_another_system_and_filter_the_list(
    api, coordinator, inspector, units, guangming_case
):
    response = api(coordinator).post(
        "/",
        {
            "source": "department",
            "category": "占道经营",
            "severity": "urgent",
            "description": "12345 转办：夜市占道",
            "region_code": "340403001002",
            "unit_id": units["xiangyang"].pk,
            "latitude": "32.6",
            "longitude": "116.99",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["state"] == "reported" and created["events"][0]["action"] == "report"
    listed = api(coordinator).get("/", source="department").json()
    assert [row["id"] for row in listed["items"]] == [created["id"]]
    assert api(coordinator).get("/", state="dispatched").json()["count"] == 1
    assert api(coordinator).get("/", region="340404").json()["count"] == 0
    bad = api(coordinator).post(
        "/",
        {"source": "department", "category": "", "description": "x", "region_code": "340403001002"},
    )
    assert bad.status_code == 422


def test_a_region_code_nobody_has_is_a_404(api, community1):
    response = api(community1).post(
        "/",
        {
            "source": "department",
            "category": "占道经营",
            "description": "x",
            "region_code": "999999999999",
        },
    )
    assert response.status_code == 404


def test_a_photos_own_gps_wins_over_the_position_sent_with_it_in_api_and_page_alike(
    client, coordinator, guangming_case
):
    token, _ = issue_token(user=coordinator)
    response = client.post(
        f"/api/v1/cases/{guangming_case.pk}/photos",
        {
            "file": SimpleUploadedFile("现场.jpg", jpeg_with_gps(), "image/jpeg"),
            "latitude": "30.000000",
            "longitude": "110.000000",
        },
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201
    photo = guangming_case.photos.latest("pk")
    assert (str(photo.latitude), str(photo.longitude)) == ("32.625000", "117.000000")
