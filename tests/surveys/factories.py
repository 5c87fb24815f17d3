"""A civilised-city questionnaire with one question of each kind."""

from wenming.surveys import services
from wenming.surveys.models import QuestionKind

GUANGMING = "340403001001"
YUCAI = "340404001001"


def open_survey(coordinator, *, title="市民文明城市创建知晓率和满意度调查"):
    survey = services.create_survey(
        actor=coordinator, title=title, description="匿名调查，约一分钟。"
    )
    add = lambda **kw: services.add_question(actor=coordinator, survey_id=survey.pk, **kw)  # noqa: E731
    questions = {
        "aware": add(kind=QuestionKind.AWARENESS, text="您是否知道我市正在创建全国文明城市？"),
        "satisfied": add(kind=QuestionKind.SATISFACTION, text="您对所在社区的环境卫生是否满意？"),
        "single": add(
            kind=QuestionKind.SINGLE,
            text="您通过什么渠道了解创城？",
            required=False,
            options=["电视广播", "社区宣传", "网络"],
        ),
        "multiple": add(
            kind=QuestionKind.MULTIPLE,
            text="您希望优先改善哪些方面？",
            required=False,
            options=["背街小巷", "农贸市场", "交通秩序"],
        ),
        "text": add(kind=QuestionKind.TEXT, text="您还有什么建议？", required=False),
    }
    services.set_status(actor=coordinator, survey_id=survey.pk, action="open")
    survey.refresh_from_db()
    return survey, questions
