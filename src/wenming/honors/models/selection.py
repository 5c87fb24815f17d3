"""六推荐 nominations and 五评选 selection: rules per level, reviews, 公示 objections, events."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.honors.models.people import SELECTION_LEVELS, Category, Channel, Level, Person, State
from wenming.media import random_name
from wenming.records import WriteOnce
from wenming.regions.models import Region, Unit


class SelectionMethod(models.TextChoices):
    VOTE = "vote", _("投票（达到法定人数，赞成过半）")
    SCORE = "score", _("评分（达到法定人数，平均分不低于分数线）")


class SelectionRule(models.Model):
    """How a level decides: votes with a quorum, or scores with a threshold; and 公示 days."""

    level = models.CharField(
        _("评选层级"),
        max_length=10,
        choices=[(lv.value, lv.label) for lv in SELECTION_LEVELS],
        unique=True,
    )
    method = models.CharField(
        _("评议方式"), max_length=5, choices=SelectionMethod.choices, default=SelectionMethod.VOTE
    )
    quorum = models.PositiveSmallIntegerField(
        _("法定人数"), default=1, help_text=_("至少多少位评议人提交后计票")
    )
    threshold = models.DecimalField(
        _("分数线"), max_digits=5, decimal_places=2, default=Decimal("80")
    )
    publicity_days = models.PositiveSmallIntegerField(_("公示工作日数"), default=5)

    class Meta:
        verbose_name = _("评选规则")
        verbose_name_plural = _("评选规则")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum__gte=1), name="honors_rule_quorum_positive"),
            models.CheckConstraint(
                condition=Q(threshold__gte=0) & Q(threshold__lte=100),
                name="honors_rule_threshold_0_100",
            ),
            models.CheckConstraint(
                condition=Q(publicity_days__gte=1), name="honors_rule_publicity_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.get_method_display()}"


class Nomination(models.Model):
    """六推荐: one person put forward for one category; it climbs the five levels (五评选)."""

    person = models.ForeignKey(
        Person, verbose_name=_("被推荐人"), on_delete=models.PROTECT, related_name="nominations"
    )
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    deeds = models.TextField(_("主要事迹"))
    channel = models.CharField(_("推荐渠道"), max_length=10, choices=Channel.choices)
    nominator_name = models.CharField(_("推荐人"), max_length=50)
    nominator_phone = models.CharField(_("推荐人联系电话"), max_length=20)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("推荐账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominating_unit = models.ForeignKey(
        Unit,
        verbose_name=_("推荐单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The person's region (scope), and the region whose unit reviews at the current level.
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    level = models.CharField(
        _("当前层级"),
        max_length=10,
        choices=[(lv.value, lv.label) for lv in SELECTION_LEVELS],
    )
    level_region = models.ForeignKey(
        Region,
        verbose_name=_("评选区划"),
        on_delete=models.PROTECT,
        db_column="level_region_code",
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.REVIEWING
    )
    publicity_start = models.DateTimeField(_("公示开始"), null=True, blank=True)
    publicity_due = models.DateTimeField(_("公示截止"), null=True, blank=True)
    created = models.DateTimeField(_("推荐时间"), default=timezone.now, db_index=True)
    updated = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("好人推荐")
        verbose_name_plural = _("好人推荐")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=State.PUBLICITY) | Q(publicity_due__isnull=False),
                name="honors_publicity_has_due",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="honors_nom_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["level_region", "state"], name="honors_nom_level_state_idx"),
            models.Index(fields=["state", "publicity_due"], name="honors_nom_publicity_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_category_display()}"


def nomination_file_path(instance, filename: str) -> str:
    return random_name("honors", filename)


class NominationFile(models.Model):
    """A photo or document attached to a nomination (checked and re-encoded by wenming.uploads)."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("文件"), upload_to=nomination_file_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=120)
    is_image = models.BooleanField(_("照片"), default=True)
    created = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("推荐材料")
        verbose_name_plural = _("推荐材料")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.name


class SelectionRecord(WriteOnce):
    """A review or an event of the selection: written once, never edited or deleted."""

    edit_refused = _("评选记录不可修改。")
    delete_refused = _("评选记录不可删除。")

    class Meta:
        abstract = True


class Review(SelectionRecord):
    """One reviewer's vote or score at one level; one per reviewer and level, never edited."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.PROTECT, related_name="reviews"
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评议人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer_unit = models.ForeignKey(
        Unit, verbose_name=_("评议单位"), on_delete=models.PROTECT, related_name="+"
    )
    approve = models.BooleanField(_("赞成"), null=True, blank=True)
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("评议意见"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评议")
        verbose_name_plural = _("评议")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "level", "reviewer"], name="honors_one_review_per_level"
            ),
            models.CheckConstraint(
                condition=Q(approve__isnull=False) | Q(score__isnull=False),
                name="honors_review_votes_or_scores",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="honors_review_score_0_100",
            ),
        ]


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待核实")
    DISMISSED = "dismissed", _("不成立")
    UPHELD = "upheld", _("成立")


class Objection(models.Model):
    """An objection raised during 公示; while open it blocks promotion."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.PROTECT, related_name="objections"
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    text = models.TextField(_("异议内容"))
    contact_name = models.CharField(_("反映人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(
        _("处理结果"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    finding = models.TextField(_("核实情况"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    created = models.DateTimeField(_("提出时间"), default=timezone.now)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ObjectionStatus.OPEN) | ~Q(finding=""),
                name="honors_resolved_objection_has_finding",
            ),
        ]


class NominationEvent(SelectionRecord):
    """One step of a nomination: who, when, which level, from → to, note. Never edited."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    actor_unit = models.CharField(_("操作人单位"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    action = models.CharField(_("操作"), max_length=24)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    from_state = models.CharField(_("原状态"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12, choices=State.choices)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("附加信息"), default=dict, blank=True)

    class Meta:
        verbose_name = _("评选记录")
        verbose_name_plural = _("评选记录")
        ordering = ["at", "pk"]
