"""The OpenAPI document says what the API accepts and answers: numbers within their columns,
refusals in Chinese naming the field, and no 403/404 on lists that cannot give them."""

import json

import pytest

from wenming.accounts.tokens import issue_token

pytestmark = pytest.mark.django_db


def post(client, user, path, body):
    raw, _ = issue_token(user=user)
    return client.post(
        f"/api/v1{path}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


BODY = {
    "source": "department",
    "category": "占道经营",
    "description": "夜市占道",
    "region_code": "340403001002",
}


def test_a_refusal_by_the_schema_says_in_chinese_what_is_wrong_and_where(client, coordinator):
    response = post(client, coordinator, "/cases/", {**BODY, "severity": "很严重", "unit_id": 0})
    assert response.status_code == 422
    problems = {problem["loc"][-1]: problem["msg"] for problem in response.json()["detail"]}
    assert problems == {
        "severity": "请求体 severity：必须是以下之一：'general'、'major'、'urgent'。",
        "unit_id": "请求体 unit_id：不能小于 1。",
    }
    missing = post(client, coordinator, "/cases/", {"source": "department"}).json()["detail"]
    assert "请求体 category：必须填写。" in [problem["msg"] for problem in missing]


def test_a_position_off_the_globe_is_refused_naming_the_field(client, coordinator):
    response = post(client, coordinator, "/cases/", {**BODY, "latitude": 91, "longitude": 117})
    assert response.status_code == 422
    assert response.json()["detail"] == "“纬度”必须在 -90 到 90 之间，收到“91”。"


def test_numbers_carry_their_columns_range_in_the_document(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["CaseIn"]
    points = schema["properties"]["points_at_risk"]["anyOf"][0]
    # Case.points_at_risk is DecimalField(max_digits=6, decimal_places=2), never negative;
    # 9999.994 still rounds into it.
    assert points == {"type": "number", "minimum": 0, "exclusiveMaximum": 9999.995}
    assert schema["properties"]["latitude"]["anyOf"][0]["exclusiveMaximum"] == 90.0000005


def test_lists_declare_no_403_or_404_and_objects_do(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/cases/", "/api/v1/materials/submissions/", "/api/v1/units/"):
        assert {"403", "404"}.isdisjoint(paths[path]["get"]["responses"]), path
    assert "404" in paths["/api/v1/cases/{case_id}"]["get"]["responses"]
    assert "403" in paths["/api/v1/materials/stats"]["get"]["responses"]


def test_an_upload_declares_the_file_types_it_takes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    body = paths["/api/v1/cases/{case_id}/photos"]["post"]["requestBody"]["content"]
    assert body["multipart/form-data"]["encoding"]["file"]["contentType"] == "image/jpeg, image/png"
