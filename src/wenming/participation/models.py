"""Citizens' own channel (DESIGN.md §4a Participation): what they report, follow and rate.

A citizen report is a cases.Case (source citizen) plus what only this app knows: the tracking
code the citizen holds, how to reach them (visible to the office only), the rating of the
result and the office's review of an unhappy rating. Open311 keys and the service list (the
case categories in citizens' words, with Open311 codes) live here too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.cases.models import Case


class Service(models.Model):
    """A kind of problem citizens may report: a case category in plain words, with its Open311 code."""

    code = models.SlugField(_("服务代码"), max_length=40, unique=True)
    category = models.CharField(_("问题类别"), max_length=50, help_text=_("对应的案件问题类别"))
    name = models.CharField(_("群众叫法"), max_length=60)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    group = models.CharField(_("分组"), max_length=30, blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True, help_text=_("逗号分隔"))
    # Open311 attributes: [{"code", "datatype", "required", "description", "order",
    # "datatype_description", "values": [{"key", "name"}]}]
    attributes = models.JSONField(_("附加项"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("随手拍类别")
        verbose_name_plural = _("随手拍类别")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_metadata(self) -> bool:
        return bool(self.attributes)


class Channel(models.TextChoices):
    WEB = "web", _("随手拍")
    OPEN311 = "open311", _("Open311 接口")


class Open311Key(models.Model):
    """An Open311 client's key: only its hash is kept; the key is shown once when it is made."""

    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("密钥前缀"), max_length=8, db_index=True)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True)
    created = models.DateTimeField(_("创建时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 密钥")
        verbose_name_plural = _("Open311 密钥")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CitizenReport(models.Model):
    """One citizen's report of a case, or their following of a case someone reported first.

    The case holds the problem; this row holds the citizen: the tracking code they were given,
    their phone, e-mail and name (the office sees them, nobody else), and their rating.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="citizen_reports"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("类别"), null=True, blank=True, on_delete=models.PROTECT
    )
    is_follower = models.BooleanField(_("关注已有反映"), default=False)
    tracking_code = models.CharField(_("查询码"), max_length=8, unique=True)
    token = models.CharField(_("接口令牌"), max_length=32, unique=True)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    api_key = models.ForeignKey(
        Open311Key,
        verbose_name=_("接口密钥"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, db_index=True)
    email = models.CharField(_("电子邮箱"), max_length=254, blank=True)
    name = models.CharField(_("姓名"), max_length=60, blank=True)
    attributes = models.JSONField(_("附加项"), default=dict, blank=True)
    created = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("群众反映")
        verbose_name_plural = _("群众反映")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_follower=False), name="one_original_report_per_case"
            ),
            models.CheckConstraint(
                condition=~Q(channel="open311") | Q(api_key__isnull=False),
                name="open311_report_names_key",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code


class Score(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Review(models.TextChoices):
    NONE = "", _("无需复查")
    PENDING = "pending", _("待复查")
    REOPENED = "reopened", _("已重新办理")
    ANSWERED = "answered", _("已答复")


class Rating(models.Model):
    """The citizen's one rating of the result; 不满意 soon after closing asks the office to review."""

    report = models.OneToOneField(
        CitizenReport, verbose_name=_("群众反映"), on_delete=models.PROTECT, related_name="rating"
    )
    score = models.CharField(_("评价"), max_length=12, choices=Score.choices)
    comment = models.CharField(_("意见"), max_length=500, blank=True)
    created = models.DateTimeField(_("评价时间"), default=timezone.now)
    review = models.CharField(_("复查"), max_length=10, choices=Review.choices, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("群众评价")
        verbose_name_plural = _("群众评价")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review="") | Q(score="unsatisfied"), name="review_only_when_unsatisfied"
            ),
        ]
        indexes = [
            models.Index(
                fields=["review"], name="rating_pending_idx", condition=Q(review="pending")
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_score_display()}"


class PhoneCode(models.Model):
    """A one-time code sent to a phone to open 我的随手拍; only its hash is kept."""

    phone = models.CharField(_("手机号"), max_length=20, db_index=True)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("过期时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        ordering = ["-created"]
