"""Malformed input is the client's mistake: a 4xx naming it, nothing saved, never a 500."""

import json

import pytest

from wenming.accounts.tokens import issue_token
from wenming.cases.models import Case
from wenming.inputs import clean_name, parse_id
from wenming.materials.models import Submission

pytestmark = pytest.mark.django_db

CASE = {
    "source": "department",
    "category": "占道经营",
    "severity": "general",
    "description": "夜市占道",
    "region_code": "340403001001",
}


def _post(client, path, body, user=None):
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {issue_token(user=user)[0]}"
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data=raw, content_type="application/json", **headers)


def test_a_lone_surrogate_in_json_is_a_400_even_without_login(client, coordinator):
    token = _post(client, "/api/v1/auth/token", '{"username": "\\ud800", "password": "x"}')
    assert token.status_code == 400 and "Unicode" in token.json()["detail"]
    body = json.dumps(CASE, ensure_ascii=False).replace("夜市占道", "\\ud800")
    assert _post(client, "/api/v1/cases/", body, coordinator).status_code == 400
    # A proper pair (an emoji) is fine.
    fine = json.dumps({**CASE, "description": "\U0001f600"}, ensure_ascii=True)
    assert _post(client, "/api/v1/cases/", fine, coordinator).status_code == 201


@pytest.mark.parametrize(
    "field, value",
    [("latitude", 1e308), ("latitude", "1e999999"), ("longitude", -1e308), ("latitude", 91)],
)
def test_coordinates_out_of_range_are_422_and_save_nothing(client, coordinator, field, value):
    body = {**CASE, "latitude": 32.6, "longitude": 117.0, field: value}
    response = _post(client, "/api/v1/cases/", body, coordinator)
    assert response.status_code == 422, response.content
    assert not Case.objects.exists()


def test_the_api_enforces_the_forms_length_limits(client, coordinator, dept, units):
    from tests.materials.factories import task

    too_long_category = _post(
        client, "/api/v1/cases/", {**CASE, "category": "类" * 51}, coordinator
    )
    assert too_long_category.status_code == 422
    too_long_text = _post(
        client,
        "/api/v1/materials/submissions/",
        {"task_id": task(units["civil"]).pk, "text": "字" * 1_000_000},
        dept,
    )
    assert too_long_text.status_code == 422
    assert not Case.objects.exists() and not Submission.objects.exists()


@pytest.mark.parametrize("value", ["²", "¹²", "٣", "9" * 20, "-1", "0", "", "1.0", None, True])
def test_parse_id_refuses_what_is_not_an_ascii_id(value):
    assert parse_id(value) is None


def test_parse_id_reads_ids():
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7 and parse_id(2**63 - 1) == 2**63 - 1


@pytest.mark.parametrize("path", ["/cases/", "/cases/todo/", "/cases/map/points/", "/scoring/"])
@pytest.mark.parametrize("value", ["²", "9" * 20])
def test_page_filters_with_odd_digits_are_ignored_not_500(login, coordinator, path, value):
    params = {"unit": value, "region": value, "assessment": value, "type": value}
    assert login(coordinator).get(path, params).status_code in (200, 404)


def test_bidi_controls_are_stripped_from_names():
    assert clean_name(" \u202e光明\u200f社区\u2066 ") == "光明社区"


def test_services_store_names_and_titles_without_bidi_controls(coordinator):
    from wenming.surveys import services

    survey = services.create_survey(actor=coordinator, title="\u202e查调意满\u202c")
    assert survey.title == "查调意满"
    question = services.add_question(
        actor=coordinator,
        survey_id=survey.pk,
        kind="single",
        text="渠道\u2066？",
        options=["\u200f电视", "网络"],
    )
    assert question.text == "渠道？"
    assert [o.label for o in question.options.all()] == ["电视", "网络"]
