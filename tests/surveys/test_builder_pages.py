"""Coordinators build, publish and read surveys on the pages; results export is audited."""

import io
import re

import openpyxl
import pytest

from tests.surveys.factories import GUANGMING, open_survey
from wenming.accounts.models import AuditEvent
from wenming.surveys import services
from wenming.surveys.models import Question
from wenming.surveys.respondents import issue_token

pytestmark = pytest.mark.django_db


def test_coordinator_builds_and_publishes_a_survey(client, coordinator):
    client.force_login(coordinator)
    created = client.post("/surveys/new/", {"title": "背街小巷满意度调查"})
    assert created.status_code == 302
    detail = created["Location"]
    bad = client.post(
        detail + "questions/", {"kind": "single", "text": "您常去哪个市场？", "options": "只有一个"}
    )
    assert bad.status_code == 422 and "至少需要两个选项" in bad.content.decode()
    client.post(
        detail + "questions/", {"kind": "awareness", "text": "您知道创城热线吗？", "required": "on"}
    )
    client.post(
        detail + "questions/",
        {"kind": "single", "text": "您常去哪个市场？", "options": "东市\n西市"},
    )
    assert list(Question.objects.values_list("kind", flat=True)) == ["awareness", "single"]
    client.post(detail + "status/", {"action": "open"})
    page = client.get(detail).content.decode()
    assert "进行中" in page and "/public/surveys/" in page and "qr.svg" in page


def test_publishing_an_empty_survey_is_refused(client, coordinator):
    survey = services.create_survey(actor=coordinator, title="空问卷")
    client.force_login(coordinator)
    page = client.post(
        f"/surveys/{survey.pk}/status/", {"action": "open"}, follow=True
    ).content.decode()
    assert "还没有题目" in page


def test_results_page_and_export(client, coordinator):
    survey, q = open_survey(coordinator)
    for i in range(3):
        services.submit_response(
            survey_id=survey.pk,
            respondent_token=issue_token(),
            region_code=GUANGMING,
            answers={q["aware"].pk: 1, q["satisfied"].pk: 100, q["text"].pk: '=HYPERLINK("x")'},
        )
    client.force_login(coordinator)
    page = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "100.0%" in page and "样本不足" in page
    # What the reader sees says 置信区间, never the abbreviation (tags stripped: a random
    # CSRF token or CSP nonce in an attribute may well contain the letters "CI").
    text = re.sub(r"<[^>]*>", " ", page)
    assert "置信区间（95%）" in text and "CI" not in text
    # The whole sample comes first, the communities below it.
    table = page[page.index('data-testid="result-whole-q1"') :]
    assert table.index(f"{survey.region.name}（全部样本）") < table.index("光明社区")
    export = client.get(f"/surveys/{survey.pk}/results/export/")
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    assert book["按题目"]["F2"].value == "100.0%"
    assert book["按区划"]["D2"].value == "光明社区"
    assert not str(book["文字回答"]["D2"].value).startswith("=")  # formula-safe
    assert AuditEvent.objects.filter(action="export", object_type="surveys.survey").count() == 1


def test_liaison_and_outsider_cannot_manage_or_read_results(
    client, coordinator, community1, outsider
):
    survey, q = open_survey(coordinator)
    for user in (community1, outsider):
        client.force_login(user)
        assert client.get("/surveys/new/").status_code == 403
        assert client.get(f"/surveys/{survey.pk}/results/").status_code in (403, 404)
        assert client.get(f"/surveys/{survey.pk}/results/export/").status_code in (403, 404)
