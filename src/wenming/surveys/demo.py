"""Demo: an open city survey (知晓率 and 满意度) with answers from the demo communities.

Scored questions are mapped to the active city framework's survey leaves when the framework
demo has loaded them (found by name within the active framework); otherwise left unmapped.
Loading twice changes nothing.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wenming.framework.models import FrameworkPurpose, FrameworkStatus, Indicator, Method
from wenming.regions.models import Region, RegionLevel
from wenming.surveys import services
from wenming.surveys.models import Answer, QuestionKind, Response, Survey

TITLE = "市民文明城市创建知晓率和满意度调查"
RESPONSES = 240
COMMUNITIES = 12
# Leaves of the shipped city framework that these questions score (by name; codes are generated).
AWARENESS_LEAF = "创建工作知晓率"
SATISFACTION_LEAF = "创建工作满意度"


def _leaf(name: str) -> int | None:
    found = (
        Indicator.objects.filter(
            framework__purpose=FrameworkPurpose.CITY,
            framework__status=FrameworkStatus.ACTIVE,
            method=Method.SURVEY,
            name=name,
        )
        .values_list("pk", flat=True)
        .first()
    )
    return found


@transaction.atomic
def load_demo() -> dict[str, int]:
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    survey = Survey.objects.filter(title=TITLE).first()
    if coordinator is None:
        return {"surveys": 0, "responses": 0}
    if survey is None:
        survey = services.create_survey(
            actor=coordinator,
            title=TITLE,
            description="为了解市民对文明城市创建工作的知晓和满意程度，特开展本次匿名调查，约需 1 分钟。",
        )
        add = lambda **kw: services.add_question(actor=coordinator, survey_id=survey.pk, **kw)  # noqa: E731
        aware = add(
            kind=QuestionKind.AWARENESS,
            text="您是否知道我市正在创建全国文明城市？",
            indicator_id=_leaf(AWARENESS_LEAF),
        )
        satisfied = add(
            kind=QuestionKind.SATISFACTION,
            text="您对我市文明城市创建工作的成效是否满意？",
            indicator_id=_leaf(SATISFACTION_LEAF),
        )
        channel = add(
            kind=QuestionKind.SINGLE,
            text="您主要通过什么渠道了解创建工作？",
            required=False,
            options=["电视、广播、报纸", "社区宣传栏和活动", "微信、微博等网络", "亲友介绍"],
        )
        add(
            kind=QuestionKind.MULTIPLE,
            text="您认为哪些方面最需要改进？",
            required=False,
            options=["背街小巷环境", "农贸市场秩序", "交通秩序", "公共设施维护", "文明行为宣传"],
        )
        add(kind=QuestionKind.TEXT, text="您对创建工作还有什么意见和建议？", required=False)
        services.set_status(actor=coordinator, survey_id=survey.pk, action="open")
        _sample_responses(survey, aware, satisfied, channel)
    return {"surveys": 1, "responses": Response.objects.filter(survey=survey).count()}


def _sample_responses(survey, aware, satisfied, channel) -> None:
    """Answers spread over the first urban communities, some more aware and content than others."""
    communities = list(
        Region.objects.filter(
            code__startswith=survey.region.prefix,
            level=RegionLevel.VILLAGE,
            urban_rural__startswith="1",
        ).order_by("code")[:COMMUNITIES]
    )
    if not communities:
        return
    rng = random.Random(2026)
    now = timezone.now()
    responses = []
    plan = []
    for i in range(RESPONSES):
        region = communities[i % len(communities)]
        lean = (i % len(communities)) / len(communities)  # later communities know and like it less
        responses.append(
            Response(
                survey=survey,
                region=region,
                respondent_key=f"demo-{i:04d}",
                submitted_at=now - timezone.timedelta(minutes=rng.randint(10, 60 * 24 * 14)),
            )
        )
        plan.append(
            (
                1 if rng.random() < 0.92 - 0.25 * lean else 0,
                rng.choices(
                    [100, 80, 60, 40, 0], weights=[40 - 20 * lean, 35, 15 + 10 * lean, 6, 4]
                )[0],
                rng.randint(1, 4),
            )
        )
    Response.objects.bulk_create(responses)
    answers = []
    for response, (knows, score, source) in zip(responses, plan):
        answers += [
            Answer(response=response, question=aware, value=knows),
            Answer(response=response, question=satisfied, value=score),
            Answer(response=response, question=channel, value=source),
        ]
    Answer.objects.bulk_create(answers)
