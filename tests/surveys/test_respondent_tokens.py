"""One counted answer per respondent: tokens come from the server, never from the request body.

The README promises one answer per browser (the server-signed cookie); someone who drops the
cookie or makes up a ``respondent`` gets no more than the per-address rate limit from one
address, and no more than SURVEY_REGION_QUOTA answers per region in all.
"""

import json

import pytest
from django.test import Client

from tests.surveys.factories import GUANGMING, open_survey
from wenming import throttle
from wenming.surveys.models import Response
from wenming.surveys.respondents import RESPONDENT_COOKIE

pytestmark = pytest.mark.django_db


def body(q, **extra):
    return {
        "region_code": GUANGMING,
        "answers": [
            {"question_id": q["aware"].pk, "value": 1},
            {"question_id": q["satisfied"].pk, "value": 80},
        ],
        **extra,
    }


def post(client, survey, payload, ip="10.0.0.1"):
    return client.post(
        f"/api/v1/surveys/{survey.pk}/responses",
        data=json.dumps(payload),
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_a_respondent_chosen_by_the_client_is_no_identity(coordinator):
    survey, q = open_survey(coordinator)
    for i, made_up in enumerate(["my-own-respondent-id-123", "a" * 40, "x:y", ""]):
        response = post(Client(), survey, body(q, respondent=made_up), ip=f"10.0.1.{i}")
        assert response.status_code == 201, response.content
        issued = response.json()["respondent"]
        assert issued != made_up
        # The issued token is the identity from now on: the same respondent cannot answer again.
        again = post(Client(), survey, body(q, respondent=issued), ip=f"10.0.2.{i}")
        assert again.status_code == 409
    assert Response.objects.count() == 4


def test_a_forged_cookie_is_not_an_identity_and_a_real_one_answers_once(client, coordinator):
    survey, q = open_survey(coordinator)
    client.cookies[RESPONDENT_COOKIE] = "forged-token-forged-token"
    first = post(client, survey, body(q))
    assert first.status_code == 201
    assert first.json()["respondent"] != "forged-token-forged-token"
    assert post(client, survey, body(q)).status_code == 409  # the issued cookie now holds
    issued = first.json()["respondent"]
    assert post(Client(), survey, body(q, respondent=issued)).status_code == 409
    assert Response.objects.count() == 1


def test_dropping_the_cookie_from_one_address_counts_no_more_than_the_rate_limit(
    coordinator, settings, monkeypatch
):
    settings.SURVEY_RATE_LIMIT_PER_MINUTE = 3
    # All ten posts in one minute's window, however slow the machine (the loop crossed a
    # minute boundary under load, and the next window let three more through).
    monkeypatch.setattr(throttle, "_clock", lambda: 1_800_000_030.0)
    survey, q = open_survey(coordinator)
    phone = Client()
    for i in range(10):
        phone.cookies.clear()
        post(phone, survey, body(q, **({"respondent": f"chosen-{i:020d}"} if i % 2 else {})))
    assert 0 < Response.objects.filter(survey=survey).count() <= 3


def test_the_region_quota_bounds_repeats_from_many_addresses(coordinator, settings):
    settings.SURVEY_REGION_QUOTA = 5
    survey, q = open_survey(coordinator)
    codes = [post(Client(), survey, body(q), ip=f"10.7.0.{i}").status_code for i in range(8)]
    assert codes == [201] * 5 + [409] * 3
    refused = post(Client(), survey, body(q), ip="10.7.1.1").json()["detail"]
    assert "样本已收齐" in refused
    assert Response.objects.filter(survey=survey).count() == 5


def test_the_region_quota_holds_on_the_public_page(client, coordinator, settings):
    settings.SURVEY_REGION_QUOTA = 1
    survey, q = open_survey(coordinator)
    url = f"/public/surveys/{survey.pk}/r/{GUANGMING}/"
    form = {f"q{q['aware'].pk}": "1", f"q{q['satisfied'].pk}": "80"}
    assert client.post(url, form).status_code == 302
    client.cookies.clear()
    again = client.post(url, form)
    assert again.status_code == 409 and "样本已收齐" in again.content.decode()
    assert Response.objects.count() == 1
