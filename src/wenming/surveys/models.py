"""Questionnaires (问卷调查): surveys, their questions, and anonymous responses.

Scored questions (DESIGN.md §5):
- 知晓 (awareness, yes/no): rate = share of answers "知道".
- 满意度 (satisfaction, five levels): rate = mean score on the scale 100/80/60/40/0
  (非常满意 100, 满意 80, 基本满意 60, 不太满意 40, 不满意 0), reported as a share of 100.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.framework.models import Indicator
from wenming.regions.models import Region, Unit

SATISFACTION_SCALE: list[tuple[int, str]] = [
    (100, _("非常满意")),
    (80, _("满意")),
    (60, _("基本满意")),
    (40, _("不太满意")),
    (0, _("不满意")),
]
AWARENESS_SCALE: list[tuple[int, str]] = [(1, _("知道")), (0, _("不知道"))]
TEXT_MAX_LENGTH = 500


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Survey(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("调查范围"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="surveys"
    )
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["region"],
                name="survey_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_accepting(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == SurveyStatus.OPEN and (self.closes_at is None or now < self.closes_at)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    SATISFACTION = "satisfaction", _("满意度（五级）")
    AWARENESS = "awareness", _("知晓（知道/不知道）")
    TEXT = "text", _("填空题")


# How a question kind scores against its indicator; other kinds are not scored.
SCORING = {QuestionKind.AWARENESS: "awareness", QuestionKind.SATISFACTION: "satisfaction"}
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("问卷"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(_("序号"), default=0)
    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=300)
    required = models.BooleanField(_("必答"), default=True)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("对应指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def scoring(self) -> str | None:
        return SCORING.get(self.kind)

    def scale(self) -> list[tuple[int, str]]:
        """The (value, label) pairs a respondent chooses from."""
        if self.kind == QuestionKind.SATISFACTION:
            return SATISFACTION_SCALE
        if self.kind == QuestionKind.AWARENESS:
            return AWARENESS_SCALE
        if self.kind in CHOICE_KINDS:
            return [(option.position, option.label) for option in self.options.all()]
        return []


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("题目"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    label = models.CharField(_("选项"), max_length=200)

    class Meta:
        verbose_name = _("选项")
        verbose_name_plural = _("选项")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="option_position_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One respondent's answers: where and when, never who (no personal data)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("问卷"), on_delete=models.PROTECT, related_name="responses"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    # A keyed hash of the respondent's cookie token, per survey: it cannot be linked across surveys.
    respondent_key = models.CharField(_("答卷人标识"), max_length=64)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"], name="one_response_per_respondent"
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="response_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["survey", "region"], name="response_survey_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.region_id} · {self.submitted_at:%Y-%m-%d %H:%M}"


class Answer(models.Model):
    """One answer; a multiple-choice question has one row per chosen option.

    ``value``: the option position (single/multiple), the scale score (satisfaction:
    100/80/60/40/0), 1 or 0 (awareness: 知道/不知道); ``text`` for free text.
    """

    response = models.ForeignKey(
        Response, verbose_name=_("答卷"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("题目"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.SmallIntegerField(_("取值"), null=True, blank=True)
    text = models.TextField(_("文字回答"), blank=True)

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "value"],
                condition=Q(value__isnull=False),
                name="answer_value_once",
            ),
        ]
        indexes = [models.Index(fields=["question", "value"], name="answer_question_value_idx")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value if self.value is not None else self.text[:20]}"
