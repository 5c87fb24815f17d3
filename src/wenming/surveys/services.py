"""Every write to surveys: building, opening and closing, public answers, export."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.framework.models import Indicator
from wenming.inputs import clean_name
from wenming.regions import permissions as region_permissions
from wenming.regions.models import Membership
from wenming.sheets import workbook_bytes
from wenming.surveys import permissions, selectors
from wenming.surveys.models import (
    CHOICE_KINDS,
    TEXT_MAX_LENGTH,
    Answer,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from wenming.surveys.respondents import verified_token
from wenming.surveys.workflow import SURVEY_WORKFLOW
from wenming.workflow import WorkflowError


class SurveyError(Exception):
    """A business rule refused the change; ``message`` is for the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class SurveyInputError(SurveyError):
    """Answers or a definition that do not fit; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        first_field, first = next(iter(errors.items()))
        super().__init__(first, field=first_field)
        self.errors = errors


class SurveyClosed(SurveyError):
    pass


class QuotaReached(SurveyError):
    """The survey has all the answers it wants from this region (SURVEY_REGION_QUOTA)."""


class AlreadyAnswered(SurveyError):
    pass


def _ensure_manage(actor) -> None:
    if not permissions.can(actor, permissions.MANAGE):
        raise PermissionDenied


def _locked_survey(actor, survey_id: int) -> Survey:
    selectors.get_survey_for(actor, survey_id)  # 404 outside scope
    return Survey.objects.select_for_update().get(pk=survey_id)


# ---- building ---------------------------------------------------------------------------------


def create_survey(*, actor, title: str, description: str = "", closes_at=None) -> Survey:
    """A draft survey over the actor's unit's area (the city for the 文明办)."""
    _ensure_manage(actor)
    title = clean_name(title)
    if not title:
        raise SurveyInputError({"title": _("请填写问卷标题。")})
    membership = Membership.objects.select_related("unit").filter(user=actor).first()
    if membership is None:
        raise PermissionDenied
    with transaction.atomic():
        survey = Survey.objects.create(
            title=title,
            description=description.strip(),
            region_id=membership.unit.region_id,
            unit=membership.unit,
            closes_at=closes_at,
            created_by=actor,
        )
        record(actor=actor, action=AuditAction.CREATE, obj=survey, summary=f"新建问卷：{title}")
    return survey


def add_question(
    *,
    actor,
    survey_id: int,
    kind: str,
    text: str,
    required: bool = True,
    indicator_id: int | None = None,
    options: list[str] | None = None,
) -> Question:
    """Add a question to a draft; choice questions need two or more options."""
    _ensure_manage(actor)
    errors: dict[str, str] = {}
    if kind not in QuestionKind.values:
        errors["kind"] = _("请选择题型。")
    text = clean_name(text)
    if not text:
        errors["text"] = _("请填写题目。")
    labels = [clean_name(label) for label in (options or []) if clean_name(label)]
    if kind in CHOICE_KINDS and len(labels) < 2:
        errors["options"] = _("单选题和多选题至少需要两个选项（每行一个）。")
    if len(set(labels)) != len(labels):
        errors["options"] = _("选项不能重复。")
    indicator = None
    if indicator_id:
        indicator = Indicator.objects.filter(pk=indicator_id).first()
        if indicator is None:
            errors["indicator"] = _("对应指标不存在。")
    if errors:
        raise SurveyInputError(errors)
    with transaction.atomic():
        survey = _locked_survey(actor, survey_id)
        if survey.status != SurveyStatus.DRAFT:
            raise SurveyError(_("问卷已发布，不能再修改题目。"), field="survey")
        position = (
            survey.questions.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        question = Question.objects.create(
            survey=survey,
            position=position,
            kind=kind,
            text=text.strip(),
            required=required,
            indicator=indicator,
        )
        if kind in CHOICE_KINDS:
            Option.objects.bulk_create(
                Option(question=question, position=i, label=label)
                for i, label in enumerate(labels, start=1)
            )
        record(
            actor=actor, action=AuditAction.UPDATE, obj=survey, summary=f"添加题目：{question.text}"
        )
    return question


def delete_question(*, actor, question_id: int) -> Survey:
    _ensure_manage(actor)
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise SurveyError(_("题目不存在。"), field="question")
    with transaction.atomic():
        survey = _locked_survey(actor, question.survey_id)
        if survey.status != SurveyStatus.DRAFT:
            raise SurveyError(_("问卷已发布，不能再修改题目。"), field="survey")
        question.delete()
        record(
            actor=actor, action=AuditAction.UPDATE, obj=survey, summary=f"删除题目：{question.text}"
        )
    return survey


# Opening and closing, as data: draft → open ⇄ closed.
def set_status(*, actor, survey_id: int, action: str) -> Survey:
    """Open (publish, reopen) or close a survey: a step of :mod:`wenming.surveys.workflow`."""
    _ensure_manage(actor)
    selectors.get_survey_for(actor, survey_id)  # 404 outside scope
    try:
        return SURVEY_WORKFLOW.run(survey_id, action, actor=actor, model=Survey)
    except WorkflowError as exc:
        if exc.code == WorkflowError.FORBIDDEN:
            raise PermissionDenied from exc
        raise SurveyError(
            _("问卷当前状态为“%(s)s”，不能执行此操作。") % {"s": SurveyStatus(exc.state).label},
            field="action",
        ) from exc


@SURVEY_WORKFLOW.handler("open")
def _open(survey: Survey, **data):
    if not survey.questions.exists():
        raise SurveyError(_("问卷还没有题目，不能发布。"), field="action")


def _record_step(survey: Survey, *, actor, from_state, **step):
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=survey,
        summary=f"问卷{survey.get_status_display()}：{survey.title}",
        changes={"status": [from_state, survey.status]},
    )


SURVEY_WORKFLOW.on_transition = _record_step


# ---- answering (public, no account) -------------------------------------------------------------


def region_quota() -> int:
    """Answers a survey takes per region (0: no quota); bounds repeats by people without cookies."""
    return int(getattr(settings, "SURVEY_REGION_QUOTA", 0) or 0)


def respondent_key(survey_id: int, token: str) -> str:
    """A keyed hash per survey: the same phone cannot be followed from one survey to another."""
    message = f"survey:{survey_id}:{token}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _int(value) -> int | None:
    if isinstance(value, bool):
        return int(value)
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _parse_answers(
    questions: list[Question], raw: Mapping[int, object]
) -> tuple[list[Answer], dict[str, str]]:
    """Check raw answers against the questions; returns unsaved answers and per-question errors."""
    answers: list[Answer] = []
    errors: dict[str, str] = {}
    known = {q.pk for q in questions}
    for unknown in sorted(set(raw) - known, key=str):
        errors[f"q{unknown}"] = _("题目不属于本问卷。")
    for question in questions:
        key = f"q{question.pk}"
        value = raw.get(question.pk)
        empty = value is None or value == "" or value == [] or value == ()
        if empty:
            if question.required:
                errors[key] = _("第 %(n)s 题为必答题。") % {"n": question.position}
            continue
        allowed = {v for v, _label in question.scale()}
        if question.kind == QuestionKind.TEXT:
            text = str(value).strip()
            if len(text) > TEXT_MAX_LENGTH:
                errors[key] = _("回答不能超过 %(n)s 字。") % {"n": TEXT_MAX_LENGTH}
            elif text:
                answers.append(Answer(question=question, text=text))
            elif question.required:
                errors[key] = _("第 %(n)s 题为必答题。") % {"n": question.position}
        elif question.kind == QuestionKind.MULTIPLE:
            values = value if isinstance(value, (list, tuple)) else [value]
            parsed = [_int(v) for v in values]
            if any(v not in allowed for v in parsed) or len(set(parsed)) != len(parsed):
                errors[key] = _("第 %(n)s 题的选项无效。") % {"n": question.position}
            else:
                answers.extend(Answer(question=question, value=v) for v in parsed)
        else:
            parsed = _int(
                value[0] if isinstance(value, (list, tuple)) and len(value) == 1 else value
            )
            if parsed not in allowed:
                errors[key] = _("第 %(n)s 题的选项无效。") % {"n": question.position}
            else:
                answers.append(Answer(question=question, value=parsed))
    return answers, errors


def submit_response(
    *,
    survey_id: int,
    answers: Mapping[int, object],
    respondent_token: str,
    region_code: str | None = None,
    now=None,
) -> Response:
    """Store one anonymous response: region, time and answers; one per respondent token."""
    now = now or timezone.now()
    survey = selectors.get_public_survey(survey_id)
    if not survey.is_accepting(now):
        raise SurveyClosed(_("本次调查已结束，感谢您的关注。"))
    if verified_token(respondent_token) is None:
        raise SurveyInputError({"respondent": _("答卷人标识无效，请刷新页面后重试。")})
    region = selectors.public_region(survey, region_code)
    if region is None:
        raise SurveyInputError({"region_code": _("区划代码不在本次调查范围内。")})
    key = respondent_key(survey.pk, respondent_token)
    if selectors.has_answered(survey, key):
        raise AlreadyAnswered(_("您已参与过本次调查，每人只能提交一次，感谢您的支持！"))
    parsed, errors = _parse_answers(list(selectors.questions_of(survey)), answers)
    if errors:
        raise SurveyInputError(errors)
    quota = region_quota()
    try:
        with transaction.atomic():
            if quota:
                # Count under the survey's row lock so concurrent answers cannot pass the quota.
                Survey.objects.select_for_update().filter(pk=survey.pk).first()
                if selectors.response_count(survey, region) >= quota:
                    raise QuotaReached(_("本区域的问卷样本已收齐，感谢您的参与！"))
            response = Response.objects.create(
                survey=survey, region=region, submitted_at=now, respondent_key=key
            )
            for answer in parsed:
                answer.response = response
            Answer.objects.bulk_create(parsed)
    except IntegrityError as exc:  # the same respondent twice at the same moment
        raise AlreadyAnswered(_("您已参与过本次调查，每人只能提交一次，感谢您的支持！")) from exc
    return response


# ---- export -------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _result_rows(results) -> tuple[list, list, list]:
    """The export's rows: per question, per question and region, per option."""
    reliable = {True: _("是"), False: _("否（样本不足 30）")}
    summary, regions, options = [], [], []
    for item in results.questions:
        q, r = item.question, item.result
        summary.append(
            [
                q.position,
                q.text,
                q.get_kind_display(),
                q.indicator.code if q.indicator else "",
                item.n,
                _pct(r.rate) if r else "",
                _pct(r.ci_low) if r else "",
                _pct(r.ci_high) if r else "",
                reliable[r.reliable] if r else "",
            ]
        )
        for region in item.by_region:
            by_region = region.result
            regions.append(
                [
                    q.position,
                    q.text,
                    region.region_code,
                    region.region_name,
                    by_region.n,
                    _pct(by_region.rate),
                    _pct(by_region.ci_low),
                    _pct(by_region.ci_high),
                    reliable[by_region.reliable],
                ]
            )
        for option in item.options:
            options.append(
                [q.position, q.text, option.label, option.count, _pct(option.share.rate)]
            )
    return summary, regions, options


def export_results(*, actor, survey_id: int) -> bytes:
    """Results per question and per region as xlsx (formula-safe); audited."""
    if not (
        permissions.can(actor, permissions.VIEW_RESULTS)
        and region_permissions.can(actor, region_permissions.EXPORT)
    ):
        raise PermissionDenied
    survey = selectors.get_survey_for(actor, survey_id)
    results = selectors.survey_results(survey)
    summary, regions, options = _result_rows(results)
    texts = [
        [a.question.position, a.question.text, a.response.region.name, a.text]
        for a in selectors.text_answers(survey, limit=10_000)
    ]
    rate_header = [_("样本量"), _("比率"), _("95%置信下限"), _("95%置信上限"), _("样本充足")]
    data = workbook_bytes(
        [
            (_("按题目"), [_("题号"), _("题目"), _("题型"), _("指标编号")] + rate_header, summary),
            (_("按区划"), [_("题号"), _("题目"), _("区划代码"), _("区划")] + rate_header, regions),
            (_("选项分布"), [_("题号"), _("题目"), _("选项"), _("人数"), _("占比")], options),
            (_("文字回答"), [_("题号"), _("题目"), _("区划"), _("回答")], texts),
        ]
    )
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=survey,
            summary=f"导出问卷结果：{survey.title}",
            changes={"responses": results.responses},
        )
    return data
