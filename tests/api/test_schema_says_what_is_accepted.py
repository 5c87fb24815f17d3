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


def test_a_refusal_by_the_schema_says_in_chinese_what_is_wrong_and_where(client, coordinator):
    body = {
        "source": "department",
        "category": "占道经营",
        "description": "夜市占道",
        "region_code": "340403001002",
        "latitude": 91,
        "longitude": 117,
    }
    response = post(client, coordinator, "/cases/", body)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["msg"] == "请求体 latitude：不能大于 90。"
    assert problem["loc"][-1] == "latitude"


def test_numbers_carry_their_columns_range_in_the_document(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["CaseIn"]
    points = schema["properties"]["points_at_risk"]["anyOf"][0]
    # Case.points_at_risk is DecimalField(max_digits=6, decimal_places=2), never negative.
    assert points == {"type": "number", "minimum": 0, "maximum": 9999.99}
    assert schema["properties"]["latitude"]["anyOf"][0]["maximum"] == 90


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
