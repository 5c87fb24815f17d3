"""A citizen scans the QR code and answers the survey on a phone, without logging in."""

import pytest

from tests.surveys.factories import GUANGMING, open_survey
from wenming.surveys.models import Response

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_answers_a_survey_on_a_phone(browser_page, live_server, coordinator):
    survey, q = open_survey(coordinator)
    page = browser_page("phone")
    page.goto(f"{live_server.url}/public/surveys/{survey.pk}/r/{GUANGMING}/")
    assert page.get_by_test_id("survey-title").inner_text() == survey.title

    page.get_by_test_id("survey-submit").click()  # nothing answered yet
    assert "还有 2 道题" in page.get_by_test_id("survey-form-error").inner_text()

    page.get_by_test_id("answer-1-1").check()  # 知道
    page.get_by_test_id("answer-2-2").check()  # 满意
    page.get_by_test_id("answer-4-1").check()
    page.get_by_test_id("answer-4-3").check()
    page.get_by_test_id("answer-5").fill("希望多开展志愿服务活动")
    # Every choice is a full-width row that a thumb can hit on a 390 px screen.
    assert page.get_by_test_id("answer-2-2").locator("xpath=..").bounding_box()["width"] > 300
    page.get_by_test_id("survey-submit").click()
    assert "提交成功" in page.get_by_test_id("survey-message").inner_text()

    response = Response.objects.get(survey=survey)
    assert response.region_id == GUANGMING
    assert response.answers.get(question=q["satisfied"]).value == 80

    page.goto(f"{live_server.url}/public/surveys/{survey.pk}/r/{GUANGMING}/")
    assert "已参与过" in page.get_by_test_id("survey-message").inner_text()
