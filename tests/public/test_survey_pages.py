"""Citizens answer on the public pages without logging in; one response per phone; clear messages."""

import pytest

from tests.surveys.factories import GUANGMING, open_survey
from wenming.surveys import services
from wenming.surveys.models import Response

pytestmark = pytest.mark.django_db


def answers(q, **extra):
    return {
        f"q{q['aware'].pk}": "1",
        f"q{q['satisfied'].pk}": "80",
        f"q{q['multiple'].pk}": ["1", "3"],
        f"q{q['text'].pk}": "多设垃圾桶",
        **extra,
    }


def test_citizen_answers_from_a_region_link_and_cannot_answer_twice(client, coordinator):
    survey, q = open_survey(coordinator)
    url = f"/public/surveys/{survey.pk}/r/{GUANGMING}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "光明社区" in page.content.decode() and "不收集姓名" in page.content.decode()
    done = client.post(url, answers(q))
    assert done.status_code == 302
    assert "提交成功" in client.get(done["Location"]).content.decode()
    stored = Response.objects.get(survey=survey)
    assert stored.region_id == GUANGMING
    assert sorted(
        stored.answers.filter(question=q["multiple"]).values_list("value", flat=True)
    ) == [1, 3]

    again = client.get(url)
    assert "您已参与过本次调查" in again.content.decode()
    client.post(url, answers(q))
    assert Response.objects.filter(survey=survey).count() == 1


def test_missing_required_answer_is_named_and_choices_are_kept(client, coordinator):
    survey, q = open_survey(coordinator)
    response = client.post(f"/public/surveys/{survey.pk}/", {f"q{q['satisfied'].pk}": "60"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "第 1 题为必答题" in html and "还有 1 道题需要填写或修改" in html
    assert 'value="60" checked' in html
    assert not Response.objects.exists()


def test_closed_survey_says_so(client, coordinator):
    survey, q = open_survey(coordinator)
    services.set_status(actor=coordinator, survey_id=survey.pk, action="close")
    assert "本次调查已结束" in client.get(f"/public/surveys/{survey.pk}/").content.decode()
    client.post(f"/public/surveys/{survey.pk}/", answers(q))
    assert not Response.objects.exists()


def test_draft_and_foreign_region_links_are_404(client, coordinator):
    survey, q = open_survey(coordinator)
    draft = services.create_survey(actor=coordinator, title="草稿")
    assert client.get(f"/public/surveys/{draft.pk}/").status_code == 404
    assert client.get(f"/public/surveys/{survey.pk}/r/110101001001/").status_code == 404


def test_rate_limit_on_the_form(client, coordinator, settings):
    settings.SURVEY_RATE_LIMIT_PER_MINUTE = 1
    survey, q = open_survey(coordinator)
    client.post(f"/public/surveys/{survey.pk}/", answers(q))
    client.cookies.clear()
    blocked = client.post(f"/public/surveys/{survey.pk}/", answers(q))
    assert blocked.status_code == 429 and "提交过于频繁" in blocked.content.decode()


def test_qr_code_is_an_svg_of_the_region_link_from_our_origin(client, coordinator):
    survey, q = open_survey(coordinator)
    response = client.get(f"/public/surveys/{survey.pk}/qr.svg?region={GUANGMING}")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_open_surveys_are_listed(client, coordinator):
    survey, q = open_survey(coordinator)
    assert survey.title in client.get("/public/surveys/").content.decode()
