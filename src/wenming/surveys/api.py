"""Surveys in the API: open surveys and their definitions (public), answering (public, rate-limited),
results (coordinator)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status

from wenming.apischema import Id, Text
from wenming.clientip import client_ip
from wenming.errorbody import ErrorOut as BaseErrorOut
from wenming.surveys import permissions, selectors, services, throttle
from wenming.surveys.respondents import (
    issue_token,
    respondent_token,
    set_respondent_cookie,
    verified_token,
)
from wenming.surveys.stats import MIN_RELIABLE_N

MAX_ID = 2**63 - 1  # a larger id would be a database error, not a 404

router = Router(tags=["问卷调查"])


class ErrorOut(BaseErrorOut):
    errors: dict[str, str] = {}


class SurveyListItem(Schema):
    id: int
    title: str
    description: str
    region_code: str
    closes_at: datetime | None
    question_count: int

    @staticmethod
    def resolve_region_code(survey) -> str:
        return survey.region_id


class ChoiceOut(Schema):
    value: int
    label: str


class QuestionOut(Schema):
    id: int
    position: int
    kind: str
    text: str
    required: bool
    scoring: str | None
    indicator_code: str | None
    choices: list[ChoiceOut]

    @staticmethod
    def resolve_indicator_code(question) -> str | None:
        return question.indicator.code if question.indicator_id else None

    @staticmethod
    def resolve_choices(question) -> list[dict]:
        return [{"value": value, "label": str(label)} for value, label in question.scale()]


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    status: str
    accepting: bool
    region_code: str
    closes_at: datetime | None
    questions: list[QuestionOut]


class AnswerIn(Schema):
    question_id: Id
    value: int | None = None
    values: list[int] | None = None
    text: Text | None = None


class ResponseIn(Schema):
    answers: list[AnswerIn]
    region_code: str | None = None
    respondent: str | None = None


class ResponseCreated(Schema):
    id: int
    region_code: str
    respondent: str


class RateOut(Schema):
    n: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    reliable: bool


class RegionRateOut(RateOut):
    region_code: str
    region_name: str


class OptionOut(Schema):
    value: int
    label: str
    count: int
    rate: float | None


class QuestionResultOut(Schema):
    question_id: int
    position: int
    text: str
    kind: str
    scoring: str | None
    indicator_code: str | None
    n: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    reliable: bool | None
    options: list[OptionOut]
    regions: list[RegionRateOut]


class ResultsOut(Schema):
    survey_id: int
    responses: int
    min_reliable_n: int
    questions: list[QuestionResultOut]


def _rate(rate) -> dict:
    return {
        "n": rate.n,
        "rate": rate.rate,
        "ci_low": rate.ci_low,
        "ci_high": rate.ci_high,
        "reliable": rate.reliable,
    }


@router.get("/", response=list[SurveyListItem], auth=None)
def list_open_surveys(request):
    """Surveys open for answers now (no login)."""
    return list(selectors.open_surveys())


@router.get("/{survey_id}", response=SurveyOut, auth=None)
def get_survey(request, survey_id: int = Path(..., ge=1, le=MAX_ID)):
    """A survey's definition (no login); drafts are 404."""
    survey = selectors.get_public_survey(survey_id)
    return {
        "id": survey.pk,
        "title": survey.title,
        "description": survey.description,
        "status": survey.status,
        "accepting": survey.is_accepting(),
        "region_code": survey.region_id,
        "closes_at": survey.closes_at,
        "questions": list(selectors.questions_of(survey)),
    }


@router.post(
    "/{survey_id}/responses",
    response={201: ResponseCreated, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
)
def create_response(
    request,
    payload: ResponseIn,
    response: HttpResponse,
    survey_id: int = Path(..., ge=1, le=MAX_ID),
):
    """Answer a survey (no login). One response per respondent token: the server issues tokens
    (returned here and set as a cookie); ``respondent`` may send back a token the server issued;
    one the client made up is ignored and a new one issued. Rate-limited per client address
    (SURVEY_RATE_LIMIT_PER_MINUTE); optionally capped per region (SURVEY_REGION_QUOTA)."""
    if not throttle.response_allowed(client_ip(request)):
        return Status(429, {"detail": _("提交过于频繁，请稍后再试。")})
    selectors.get_public_survey(survey_id)  # 404 for a survey nobody can answer, before the body
    raw: dict[int, object] = {}
    for answer in payload.answers:
        if answer.question_id in raw:
            message = _("同一题目重复作答。")
            return Status(
                422, {"detail": message, "errors": {f"answers.q{answer.question_id}": message}}
            )
        raw[answer.question_id] = next(
            (v for v in (answer.value, answer.values, answer.text) if v is not None), None
        )
    # A respondent the server did not issue is no identity, like a forged cookie: the answer
    # counts under a fresh token (the rate limit and the region quota bound such repeats).
    given = payload.respondent if verified_token(payload.respondent or "") else None
    token = given or respondent_token(request) or issue_token()
    try:
        created = services.submit_response(
            survey_id=survey_id,
            answers=raw,
            respondent_token=token,
            region_code=payload.region_code,
        )
    except services.SurveyInputError as exc:
        errors = {
            (k if k in ("region_code", "respondent") else f"answers.{k}"): v
            for k, v in exc.errors.items()
        }
        return Status(422, {"detail": exc.message, "errors": errors})
    except (services.SurveyClosed, services.AlreadyAnswered, services.QuotaReached) as exc:
        return Status(409, {"detail": exc.message})
    set_respondent_cookie(request, response, token)
    return Status(201, {"id": created.pk, "region_code": created.region_id, "respondent": token})


@router.get("/{survey_id}/results", response=ResultsOut)
def get_results(request, survey_id: int = Path(..., ge=1, le=MAX_ID)):
    """Per question and per region: n, rate, 95% Wilson interval, reliable (n ≥ 30). Coordinators."""
    if not permissions.can(request.user, permissions.VIEW_RESULTS):
        raise PermissionDenied
    survey = selectors.get_survey_for(request.user, survey_id)
    results = selectors.survey_results(survey)
    questions = []
    for item in results.questions:
        q = item.question
        overall = (
            _rate(item.result)
            if item.result
            else {"n": item.n, "rate": None, "ci_low": None, "ci_high": None, "reliable": None}
        )
        questions.append(
            {
                "question_id": q.pk,
                "position": q.position,
                "text": q.text,
                "kind": q.kind,
                "scoring": q.scoring,
                "indicator_code": q.indicator.code if q.indicator_id else None,
                **overall,
                "options": [
                    {"value": o.value, "label": o.label, "count": o.count, "rate": o.share.rate}
                    for o in item.options
                ],
                "regions": [
                    {"region_code": r.region_code, "region_name": r.region_name, **_rate(r.result)}
                    for r in item.by_region
                ],
            }
        )
    return {
        "survey_id": survey.pk,
        "responses": results.responses,
        "min_reliable_n": MIN_RELIABLE_N,
        "questions": questions,
    }
