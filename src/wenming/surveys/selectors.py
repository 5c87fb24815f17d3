"""Reads of surveys: the staff's scoped lists, the public definitions, and the results."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone

from wenming.framework.models import FrameworkStatus, Indicator, Method
from wenming.regions.models import Region
from wenming.regions.scope import scope_for
from wenming.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from wenming.surveys.stats import Rate, rate_of


def surveys_visible_to(actor) -> QuerySet[Survey]:
    return (
        scope_for(actor)
        .filter(Survey.objects.all(), region="region", unit="unit")
        .select_related("region", "unit")
        .annotate(
            response_count=Count("responses", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .order_by("-created", "-pk")
    )


def get_survey_for(actor, pk: int) -> Survey:
    survey = surveys_visible_to(actor).filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey


def questions_of(survey: Survey) -> QuerySet[Question]:
    return (
        survey.questions.select_related("indicator")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position")))
        .order_by("position", "pk")
    )


def open_surveys(now=None) -> QuerySet[Survey]:
    """Surveys a citizen may answer now (public)."""
    now = now or timezone.now()
    return (
        Survey.objects.filter(status=SurveyStatus.OPEN)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("region")
        .annotate(question_count=Count("questions"))
        .order_by("-created", "-pk")
    )


def get_public_survey(pk: int) -> Survey:
    """An open or closed survey (closed ones say so); drafts do not exist for the public."""
    survey = (
        Survey.objects.select_related("region")
        .exclude(status=SurveyStatus.DRAFT)
        .filter(pk=pk)
        .first()
    )
    if survey is None:
        raise Http404
    return survey


def get_survey_for_link(pk: int) -> Survey:
    """Any survey, for drawing its link's QR code (the code holds nothing but the public URL)."""
    survey = Survey.objects.select_related("region").filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey


def public_region(survey: Survey, code: str | None) -> Region | None:
    """The region a link names, if it lies inside the survey's area; None otherwise."""
    if not code:
        return survey.region
    region = Region.objects.filter(pk=code).first()
    if region is None or not region.code.startswith(survey.region.prefix):
        return None
    return region


def link_regions(survey: Survey) -> QuerySet[Region]:
    """Regions a per-region link (and QR code) can be made for: the survey's area and below."""
    return Region.objects.filter(code__startswith=survey.region.prefix).order_by("code")


def response_count(survey: Survey, region) -> int:
    """Responses a survey has from one region (exactly that region, as its link names it)."""
    return Response.objects.filter(survey=survey, region=region).count()


def has_answered(survey: Survey, respondent_key: str) -> bool:
    return Response.objects.filter(survey=survey, respondent_key=respondent_key).exists()


@dataclass(frozen=True)
class OptionResult:
    value: int
    label: str
    count: int
    share: Rate


@dataclass(frozen=True)
class RegionResult:
    region_code: str
    region_name: str
    result: Rate


@dataclass
class QuestionResult:
    question: Question
    n: int
    result: Rate | None  # for scored questions (知晓率, 满意度)
    options: list[OptionResult] = field(default_factory=list)
    by_region: list[RegionResult] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    responses_by_region: list[tuple[str, str, int]]


def _scored_rate(question: Question, row: dict) -> Rate:
    if question.kind == QuestionKind.AWARENESS:
        return rate_of(row["yes"], row["n"])
    return rate_of(
        (row["total"] or 0) / 100, row["n"]
    )  # satisfaction: mean score as a share of 100


def _question_result(question, per_question: dict, per_option: dict, per_region: dict):
    """One question's n, rate, option shares and rates per region from the grouped rows."""
    row = per_question.get(question.pk, {"n": 0, "yes": 0, "total": 0, "respondents": 0})
    n = row["respondents"] if question.kind == QuestionKind.MULTIPLE else row["n"]
    item = QuestionResult(
        question=question, n=n, result=_scored_rate(question, row) if question.scoring else None
    )
    if question.kind in CHOICE_KINDS:
        item.options = [
            OptionResult(
                value,
                str(label),
                per_option.get((question.pk, value), 0),
                rate_of(per_option.get((question.pk, value), 0), n),
            )
            for value, label in question.scale()
        ]
    if question.scoring:
        item.by_region = [
            RegionResult(
                r["response__region_id"], r["response__region__name"], _scored_rate(question, r)
            )
            for r in per_region.get(question.pk, [])
        ]
    return item


def survey_results(survey: Survey) -> SurveyResults:
    """Per question and per region: n, rate and 95% Wilson interval; four grouped queries in all."""
    questions = list(questions_of(survey))
    answers = Answer.objects.filter(question__survey=survey).order_by()
    counts = {
        "n": Count("pk"),
        "yes": Count("pk", filter=Q(value=1)),
        "total": Sum("value"),
        "respondents": Count("response_id", distinct=True),
    }
    per_question = {
        row["question_id"]: row for row in answers.values("question_id").annotate(**counts)
    }
    per_option = {
        (row["question_id"], row["value"]): row["c"]
        for row in answers.filter(question__kind__in=sorted(CHOICE_KINDS))
        .values("question_id", "value")
        .annotate(c=Count("pk"))
    }
    per_region: dict[int, list[dict]] = {}
    scored = [q.pk for q in questions if q.scoring]
    for row in (
        answers.filter(question_id__in=scored)
        .values("question_id", "response__region_id", "response__region__name")
        .annotate(**counts)
        .order_by("question_id", "response__region_id")
    ):
        per_region.setdefault(row["question_id"], []).append(row)

    results = [
        _question_result(question, per_question, per_option, per_region) for question in questions
    ]
    by_region = list(
        Response.objects.filter(survey=survey)
        .order_by()
        .values("region_id", "region__name")
        .annotate(c=Count("pk"))
        .order_by("region_id")
        .values_list("region_id", "region__name", "c")
    )
    return SurveyResults(
        survey=survey,
        responses=sum(c for _, _, c in by_region),
        questions=results,
        responses_by_region=by_region,
    )


def text_answers(survey: Survey, *, limit: int = 200) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .select_related("question", "response__region")
        .order_by("-response__submitted_at")[:limit]
    )


def indicator_choices() -> QuerySet[Indicator]:
    """Leaves of the active frameworks that a question can score against."""
    return Indicator.objects.filter(
        framework__status=FrameworkStatus.ACTIVE, children__isnull=True
    ).order_by("framework_id", "position", "code")


# --- Figures the assessment reads (not scoped: the assessment is the city's) ----------------------


def _scored_answer_rows(*, framework_id: int, start, end) -> QuerySet:
    score = Case(
        When(question__kind=QuestionKind.AWARENESS, then=F("value") * 100),
        default=F("value"),
        output_field=IntegerField(),
    )
    return (
        Answer.objects.filter(
            question__indicator__framework_id=framework_id,
            question__indicator__method=Method.SURVEY,
            question__kind__in=[QuestionKind.AWARENESS, QuestionKind.SATISFACTION],
            value__isnull=False,
            response__submitted_at__gte=start,
            response__submitted_at__lt=end,
        )
        .order_by()
        .values("response__region_id", "question__survey__unit_id", "question__indicator_id")
        .annotate(total=Sum(score), n=Count("pk"))
    )


def scored_answer_cells(*, framework_id: int, start, end) -> list[dict]:
    """Scored answers to questions mapped to survey leaves, from responses submitted in [start, end),
    per (region of the response, organising unit of the survey, indicator), in one grouped query:
    ``total`` = Σ score (知晓 yes/no as 100/0, 满意度 as stored, 100…0) and ``answers`` counted."""
    rows = _scored_answer_rows(framework_id=framework_id, start=start, end=end)
    return [
        {
            "region": r["response__region_id"],
            "unit_id": r["question__survey__unit_id"],
            "indicator_id": r["question__indicator_id"],
            "total": r["total"] or 0,
            "answers": r["n"],
        }
        for r in rows
    ]


def scored_answer_cells_sql(*, framework_id: int, start, end) -> tuple[str, tuple]:
    """scored_answer_cells as a statement and its parameters, for a caller that sums the cells
    further in the database; columns: region, unit, indicator, total, answers."""
    rows = _scored_answer_rows(framework_id=framework_id, start=start, end=end)
    return rows.values_list(
        "response__region_id", "question__survey__unit_id", "question__indicator_id", "total", "n"
    ).query.sql_with_params()
