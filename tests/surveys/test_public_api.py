"""The public survey API: 200 phones answer; rates and Wilson intervals match a hand calculation."""

import json

import pytest
from django.test import Client

from tests.surveys.factories import GUANGMING, YUCAI, open_survey
from wenming.accounts.tokens import issue_token
from wenming.surveys.models import Response

pytestmark = pytest.mark.django_db

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"}


def new_phone(client):
    """A phone with an empty cookie jar (one test client reused: building clients is slow)."""
    client.cookies.clear()
    return client


def post(client, survey, body, ip="10.0.0.1"):
    return client.post(
        f"/api/v1/surveys/{survey.pk}/responses",
        data=json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR=ip,
        **PHONE,
    )


def body(q, *, aware, score, region):
    return {
        "region_code": region,
        "answers": [
            {"question_id": q["aware"].pk, "value": aware},
            {"question_id": q["satisfied"].pk, "value": score},
        ],
    }


# 光明社区: 120 phones, 96 know; scores 40×100, 40×80, 20×60, 10×40, 10×0 (mean 73.33).
# 育才社区:  80 phones, 54 know; scores 20×100, 30×80, 20×60, 10×40 (mean 75).
PLAN = [
    (GUANGMING, 120, 96, [100] * 40 + [80] * 40 + [60] * 20 + [40] * 10 + [0] * 10),
    (YUCAI, 80, 54, [100] * 20 + [80] * 30 + [60] * 20 + [40] * 10),
]


def test_200_phones_give_the_hand_calculated_rates_and_wilson_intervals(coordinator, client):
    survey, q = open_survey(coordinator)
    phones = Client()
    phone_no = 0
    for region, count, knowing, scores in PLAN:
        for i in range(count):
            phone = new_phone(phones)  # each phone has its own cookie jar
            response = post(
                phone,
                survey,
                body(q, aware=1 if i < knowing else 0, score=scores[i], region=region),
                ip=f"10.1.{phone_no // 200}.{phone_no % 200}",
            )
            assert response.status_code == 201, response.content
            phone_no += 1
    assert Response.objects.filter(survey=survey).count() == 200

    token, _ = issue_token(user=coordinator)
    results = client.get(
        f"/api/v1/surveys/{survey.pk}/results", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert results["responses"] == 200
    by_position = {item["position"]: item for item in results["questions"]}

    # Hand calculation: p = x/n; Wilson with z = 1.959964 (see wenming.surveys.stats).
    aware = by_position[1]
    assert (aware["n"], aware["rate"], aware["reliable"]) == (200, 0.75, True)
    assert aware["ci_low"] == pytest.approx(0.685659, abs=1e-6)
    assert aware["ci_high"] == pytest.approx(0.804918, abs=1e-6)
    regions = {r["region_code"]: r for r in aware["regions"]}
    assert (regions[GUANGMING]["n"], regions[GUANGMING]["rate"]) == (120, 0.8)
    assert regions[GUANGMING]["ci_low"] == pytest.approx(0.719633, abs=1e-6)
    assert regions[GUANGMING]["ci_high"] == pytest.approx(0.861755, abs=1e-6)
    assert (regions[YUCAI]["n"], regions[YUCAI]["rate"]) == (80, 0.675)
    assert regions[YUCAI]["ci_low"] == pytest.approx(0.566405, abs=1e-6)
    assert regions[YUCAI]["ci_high"] == pytest.approx(0.767558, abs=1e-6)
    assert regions[YUCAI]["region_name"] == "育才社区"

    satisfied = by_position[2]  # mean score 74 on 100/80/60/40/0 → 0.74
    assert (satisfied["n"], satisfied["scoring"]) == (200, "satisfaction")
    assert satisfied["rate"] == pytest.approx(0.74)
    assert satisfied["ci_low"] == pytest.approx(0.675093, abs=1e-6)
    assert satisfied["ci_high"] == pytest.approx(0.795862, abs=1e-6)
    regions = {r["region_code"]: r for r in satisfied["regions"]}
    assert regions[GUANGMING]["rate"] == pytest.approx(88 / 120)
    assert regions[GUANGMING]["ci_low"] == pytest.approx(0.647876, abs=1e-6)
    assert regions[YUCAI]["rate"] == pytest.approx(0.75)
    assert regions[YUCAI]["ci_high"] == pytest.approx(0.831938, abs=1e-6)

    # Unanswered optional questions: n = 0, no rate.
    assert by_position[3]["n"] == 0 and by_position[3]["rate"] is None


def test_small_sample_is_flagged_unreliable(coordinator, client):
    survey, q = open_survey(coordinator)
    phones = Client()
    for i in range(25):
        assert (
            post(
                new_phone(phones),
                survey,
                body(q, aware=1 if i < 20 else 0, score=80, region=GUANGMING),
                ip=f"10.2.0.{i}",
            ).status_code
            == 201
        )
    token, _ = issue_token(user=coordinator)
    aware = client.get(
        f"/api/v1/surveys/{survey.pk}/results", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()["questions"][0]
    assert (aware["n"], aware["rate"], aware["reliable"]) == (25, 0.8, False)
    assert aware["ci_low"] == pytest.approx(0.60869, abs=1e-5)


def test_second_response_from_the_same_respondent_is_refused(coordinator):
    survey, q = open_survey(coordinator)
    phone = Client()
    first = post(phone, survey, body(q, aware=1, score=100, region=GUANGMING))
    assert first.status_code == 201
    again = post(phone, survey, body(q, aware=0, score=0, region=GUANGMING))  # same cookie
    assert again.status_code == 409
    assert "已参与过" in again.json()["detail"]
    # The same token given explicitly from another device is the same respondent too.
    token = first.json()["respondent"]
    explicit = post(
        Client(), survey, {**body(q, aware=0, score=0, region=GUANGMING), "respondent": token}
    )
    assert explicit.status_code == 409
    assert Response.objects.filter(survey=survey).count() == 1


def test_rate_limit_per_ip_is_configurable(coordinator, settings):
    settings.SURVEY_RATE_LIMIT_PER_MINUTE = 3
    survey, q = open_survey(coordinator)
    phones = Client()
    codes = [
        post(
            new_phone(phones), survey, body(q, aware=1, score=80, region=GUANGMING), ip="10.9.9.9"
        ).status_code
        for _ in range(5)
    ]
    assert codes == [201, 201, 201, 429, 429]
    assert (
        "频繁"
        in post(
            Client(), survey, body(q, aware=1, score=80, region=GUANGMING), ip="10.9.9.9"
        ).json()["detail"]
    )
    # Another connection is not affected.
    assert (
        post(
            Client(), survey, body(q, aware=1, score=80, region=GUANGMING), ip="10.9.9.10"
        ).status_code
        == 201
    )


def test_default_limit_lets_a_surveyor_collect_sixty_a_minute(coordinator):
    survey, q = open_survey(coordinator)
    phones = Client()
    codes = {
        post(
            new_phone(phones), survey, body(q, aware=1, score=80, region=GUANGMING), ip="10.8.8.8"
        ).status_code
        for _ in range(60)
    }
    assert codes == {201}


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"answers": []}, "answers.q"),  # required questions missing
        ({"answers": "x"}, "answers"),
        ({"answers": [{"question_id": "abc"}]}, "question_id"),
        ({"region_code": "999999999999", "answers": []}, "region_code"),
    ],
)
def test_wrong_input_gets_4xx_json_naming_the_field(coordinator, payload, field):
    survey, q = open_survey(coordinator)
    response = post(Client(), survey, payload)
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json(), ensure_ascii=False)


def test_invalid_choice_and_unknown_question_name_the_question(coordinator):
    survey, q = open_survey(coordinator)
    bad = {
        "answers": [
            {"question_id": q["aware"].pk, "value": 7},
            {"question_id": q["satisfied"].pk, "value": 50},
            {"question_id": 999999, "value": 1},
        ]
    }
    errors = post(Client(), survey, bad).json()["errors"]
    assert set(errors) == {
        f"answers.q{q['aware'].pk}",
        f"answers.q{q['satisfied'].pk}",
        "answers.q999999",
    }


def test_closed_survey_says_so(coordinator):
    from wenming.surveys import services

    survey, q = open_survey(coordinator)
    services.set_status(actor=coordinator, survey_id=survey.pk, action="close")
    response = post(Client(), survey, body(q, aware=1, score=80, region=GUANGMING))
    assert response.status_code == 409 and "已结束" in response.json()["detail"]
    assert Client().get("/api/v1/surveys/").json() == []


def test_open_surveys_and_definitions_are_public_and_drafts_are_not(coordinator):
    from wenming.surveys import services

    survey, q = open_survey(coordinator)
    draft = services.create_survey(actor=coordinator, title="草稿问卷")
    anonymous = Client()
    listed = anonymous.get("/api/v1/surveys/").json()
    assert [s["id"] for s in listed] == [survey.pk]
    definition = anonymous.get(f"/api/v1/surveys/{survey.pk}").json()
    assert definition["accepting"] is True
    kinds = [(qq["kind"], [c["label"] for c in qq["choices"]]) for qq in definition["questions"]]
    assert kinds[0] == ("awareness", ["知道", "不知道"])
    assert kinds[1] == ("satisfaction", ["非常满意", "满意", "基本满意", "不太满意", "不满意"])
    assert [c["value"] for c in definition["questions"][1]["choices"]] == [100, 80, 60, 40, 0]
    assert anonymous.get(f"/api/v1/surveys/{draft.pk}").status_code == 404


def test_results_need_a_coordinator(coordinator, dept, outsider, client):
    survey, q = open_survey(coordinator)
    assert client.get(f"/api/v1/surveys/{survey.pk}/results").status_code == 401
    for user in (dept, outsider):
        token, _ = issue_token(user=user)
        assert client.get(
            f"/api/v1/surveys/{survey.pk}/results", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code in (403, 404)


def test_ids_beyond_the_database_range_are_4xx_not_500(coordinator):
    survey, q = open_survey(coordinator)
    huge = 10**20
    assert Client().get(f"/api/v1/surveys/{huge}").status_code == 422
    assert post(Client(), type("S", (), {"pk": huge})(), {"answers": []}).status_code == 422
    assert Client().get(f"/api/v1/surveys/{survey.pk + 1000}").status_code == 404
