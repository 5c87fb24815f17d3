"""Good people (好人): 六推荐 nominations, 五评选 reviews with 公示 and objections, the honours
registry, 礼遇帮扶 (assistance budget, grants, health checks, 四有 sites), and the 文明单位/村镇/
校园/家庭 titles with their annual 复查 (seed 001, 淮北)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.media import random_name
from wenming.regions.models import Region, Unit


class Category(models.TextChoices):
    HELPFUL = "helpful", _("助人为乐")
    BRAVE = "brave", _("见义勇为")
    HONEST = "honest", _("诚实守信")
    DEDICATED = "dedicated", _("敬业奉献")
    FILIAL = "filial", _("孝老爱亲")


class Channel(models.TextChoices):
    """六推荐: the six main channels of seed 001."""

    FAMILY = "family", _("家庭居民")
    STAFF = "staff", _("单位职工")
    MASS_ORG = "mass_org", _("群团系统")
    SCHOOL = "school", _("学校师生")
    MEDIA = "media", _("主流媒体")
    ONLINE = "online", _("网络民众")


class Level(models.TextChoices):
    """五评选 (lowest first), then the honours conferred above the city (recorded, not selected)."""

    BUILDING = "building", _("楼道（村组）")
    COMMUNITY = "community", _("社区（村）")
    STREET = "street", _("街道（镇）")
    COUNTY = "county", _("县（区）")
    CITY = "city", _("市")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")


# The five selection levels in order; a candidate passing one is promoted to the next.
SELECTION_LEVELS = [Level.BUILDING, Level.COMMUNITY, Level.STREET, Level.COUNTY, Level.CITY]
LEVEL_RANK = {level: i for i, level in enumerate(Level)}


class State(models.TextChoices):
    REVIEWING = "reviewing", _("评议中")
    PUBLICITY = "publicity", _("公示中")
    HONORED = "honored", _("已评定")
    NOT_SELECTED = "not_selected", _("未入选")


class Person(models.Model):
    """A good person (好人) as the registry knows them: nominations and honours hang on them."""

    name = models.CharField(_("姓名"), max_length=50)
    name_key = models.CharField(_("检索名"), max_length=50, db_index=True, editable=False)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    building = models.CharField(
        _("楼道（村组）"),
        max_length=50,
        blank=True,
        help_text=_("如：3号楼2单元、王岗村第三村民组"),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Private: shown masked (wenming.privacy) everywhere but to the reviewers' own service.
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    created = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("好人")
        verbose_name_plural = _("好人")
        ordering = ["name_key", "pk"]
        indexes = [
            models.Index(
                fields=["region"],
                name="honors_person_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from wenming.hanzi import normalize

        self.name_key = normalize(self.name)[:50]
        super().save(*args, **kwargs)


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


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("评选记录不可修改。"))

    def delete(self):
        raise ValidationError(_("评选记录不可删除。"))


class ImmutableModel(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("评选记录不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("评选记录不可删除。"))


class Review(ImmutableModel):
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


class NominationEvent(ImmutableModel):
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


class ExternalHonor(models.TextChoices):
    """Honours conferred outside the five levels, recorded against the same person."""

    CITY_MODEL = "city_model", _("市道德模范")
    ANHUI_GOOD = "anhui_good", _("安徽好人")
    PROVINCE_MODEL = "province_model", _("省道德模范")
    CHINA_GOOD = "china_good", _("中国好人榜")
    NATIONAL_MODEL = "national_model", _("全国道德模范")


EXTERNAL_LEVEL = {
    ExternalHonor.CITY_MODEL: Level.CITY,
    ExternalHonor.ANHUI_GOOD: Level.PROVINCE,
    ExternalHonor.PROVINCE_MODEL: Level.PROVINCE,
    ExternalHonor.CHINA_GOOD: Level.NATIONAL,
    ExternalHonor.NATIONAL_MODEL: Level.NATIONAL,
}
# 省级以上 honourees get the yearly free health check (seed 001).
HEALTH_CHECK_LEVELS = (Level.PROVINCE, Level.NATIONAL)


class Honor(models.Model):
    """An honour: a level's result of the selection ("2026年第三季度田家庵区好人"), or an external
    one (安徽好人, 中国好人榜, 道德模范) with its date and source."""

    person = models.ForeignKey(
        Person, verbose_name=_("好人"), on_delete=models.PROTECT, related_name="honors"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("推荐"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors",
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    external = models.CharField(
        _("荣誉名称"), max_length=16, choices=ExternalHonor.choices, blank=True
    )
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    title = models.CharField(_("称号"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    conferred_on = models.DateField(_("授予日期"))
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-conferred_on", "-pk"]
        constraints = [
            # Each level of a nomination confers its honour once.
            models.UniqueConstraint(
                fields=["nomination", "level"],
                condition=Q(nomination__isnull=False),
                name="honors_one_honor_per_nomination_level",
            ),
            models.CheckConstraint(
                condition=Q(nomination__isnull=False, external="")
                | Q(nomination__isnull=True) & ~Q(external=""),
                name="honors_selected_or_external",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="honors_honor_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["level", "year"], name="honors_honor_level_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.title}"


# ---------------------------------------------------------------- 礼遇帮扶


class AssistanceBudget(models.Model):
    """The yearly fund for helping good people in difficulty ("每年拿出100万元")."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("年度资金（元）"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("帮扶资金")
        verbose_name_plural = _("帮扶资金")
        ordering = ["-year", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="honors_one_budget_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="honors_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.amount}"


class GrantState(models.TextChoices):
    APPLIED = "applied", _("待审批")
    APPROVED = "approved", _("已批准")
    PAID = "paid", _("已发放")
    REJECTED = "rejected", _("未批准")


class Grant(models.Model):
    """A grant from the budget to an honouree in difficulty: applied → approved → paid."""

    budget = models.ForeignKey(
        AssistanceBudget,
        verbose_name=_("帮扶资金"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("帮扶对象"), on_delete=models.PROTECT, related_name="grants"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("困难情况"))
    state = models.CharField(
        _("状态"), max_length=10, choices=GrantState.choices, default=GrantState.APPLIED
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_ref = models.CharField(_("支付凭证号"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("帮扶申请")
        verbose_name_plural = _("帮扶申请")
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="honors_grant_positive"),
            models.CheckConstraint(
                condition=~Q(state=GrantState.PAID) | Q(paid_on__isnull=False),
                name="honors_paid_grant_has_date",
            ),
        ]


class CheckState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    DONE = "done", _("已体检")
    MISSED = "missed", _("未参加")


class HealthCheck(models.Model):
    """The yearly free health check of a 省级以上 honouree."""

    person = models.ForeignKey(
        Person, verbose_name=_("好人"), on_delete=models.PROTECT, related_name="health_checks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    scheduled_on = models.DateField(_("安排日期"))
    state = models.CharField(
        _("状态"), max_length=10, choices=CheckState.choices, default=CheckState.SCHEDULED
    )
    done_on = models.DateField(_("体检日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("免费体检")
        verbose_name_plural = _("免费体检")
        ordering = ["-year", "scheduled_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="honors_one_check_per_year"),
            models.CheckConstraint(
                condition=~Q(state=CheckState.DONE) | Q(done_on__isnull=False),
                name="honors_done_check_has_date",
            ),
        ]


class SiteKind(models.TextChoices):
    """四有: 市有好人馆、县区有好人广场、街道乡镇有好人榜、社区村组有好人之家."""

    HALL = "hall", _("好人馆")
    SQUARE = "square", _("好人广场")
    BOARD = "board", _("好人榜")
    HOME = "home", _("好人之家")


class HonorSite(models.Model):
    kind = models.CharField(_("类型"), max_length=8, choices=SiteKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    opened_on = models.DateField(_("建成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("四有阵地")
        verbose_name_plural = _("四有阵地")
        ordering = ["region_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="honors_site_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SiteVisit(models.Model):
    """Visitors received by a 四有 site on a day (or a batch entered for a period)."""

    site = models.ForeignKey(
        HonorSite, verbose_name=_("阵地"), on_delete=models.PROTECT, related_name="visits"
    )
    day = models.DateField(_("日期"))
    visitors = models.PositiveIntegerField(_("参观人次"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("参观记录")
        verbose_name_plural = _("参观记录")
        ordering = ["-day", "-pk"]


# ---------------------------------------------------------------- 文明单位/村镇/校园/家庭


class TitleKind(models.TextChoices):
    UNIT = "unit", _("文明单位")
    VILLAGE = "village", _("文明村镇")
    CAMPUS = "campus", _("文明校园")
    FAMILY = "family", _("文明家庭")


class TitleLevel(models.TextChoices):
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")


class TitleStatus(models.TextChoices):
    ACTIVE = "active", _("保持")
    WARNED = "warned", _("警示")
    REVOKED = "revoked", _("已撤销")


class CivilizedUnit(models.Model):
    """A 文明单位/村镇/校园/家庭 title: its holder, level and year, reviewed every year (复查)."""

    kind = models.CharField(_("称号类型"), max_length=8, choices=TitleKind.choices)
    level = models.CharField(_("级别"), max_length=10, choices=TitleLevel.choices)
    holder_name = models.CharField(_("名称"), max_length=100)
    holder_key = models.CharField(_("检索名"), max_length=100, editable=False, db_index=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("对应单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("文明单位、文明校园填写；用于关联曝光案件和黑榜"),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("授予年度"))
    status = models.CharField(
        _("状态"), max_length=8, choices=TitleStatus.choices, default=TitleStatus.ACTIVE
    )
    created = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("文明称号")
        verbose_name_plural = _("文明称号")
        ordering = ["kind", "level", "holder_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "level", "holder_name", "year"], name="honors_title_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="honors_title_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.get_level_display()}{self.get_kind_display()}"

    def save(self, *args, **kwargs):
        from wenming.hanzi import normalize

        self.holder_key = normalize(self.holder_name)[:100]
        super().save(*args, **kwargs)


class ReviewResult(models.TextChoices):
    RETAIN = "retain", _("保留")
    WARN = "warn", _("警示")
    REVOKE = "revoke", _("撤销")


class TitleReview(models.Model):
    """复查: one year's review of a title, against its kind's checklist."""

    title = models.ForeignKey(
        CivilizedUnit, verbose_name=_("称号"), on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("复查年度"))
    result = models.CharField(_("复查结果"), max_length=8, choices=ReviewResult.choices)
    reasons = models.TextField(_("理由"), blank=True)
    failed_items = models.PositiveSmallIntegerField(_("未通过项数"), default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复查人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("复查时间"), default=timezone.now)

    class Meta:
        verbose_name = _("称号复查")
        verbose_name_plural = _("称号复查")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["title", "year"], name="honors_one_review_per_year"),
            models.CheckConstraint(
                condition=Q(result=ReviewResult.RETAIN) | ~Q(reasons=""),
                name="honors_warn_revoke_has_reasons",
            ),
        ]


class TitleFlag(models.Model):
    """A serious case against a holder (an exposed case, a 黑榜 placing) that puts its title up
    for review; the 复查 that follows resolves it. ``key`` names the evidence, so a job run
    twice flags once."""

    title = models.ForeignKey(
        CivilizedUnit, verbose_name=_("称号"), on_delete=models.CASCADE, related_name="flags"
    )
    key = models.CharField(_("依据"), max_length=60)
    reason = models.CharField(_("提请复查原因"), max_length=300)
    created = models.DateTimeField(_("提请时间"), default=timezone.now)
    review = models.ForeignKey(
        TitleReview,
        verbose_name=_("处理复查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags",
    )

    class Meta:
        verbose_name = _("提请复查")
        verbose_name_plural = _("提请复查")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["title", "key"], name="honors_flag_once_per_evidence")
        ]

    def __str__(self) -> str:
        return self.reason


class TitleReviewItem(models.Model):
    """One checklist item's result in a 复查 (items from the inspections checklist of the kind)."""

    review = models.ForeignKey(
        TitleReview, verbose_name=_("复查"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        "inspections.ChecklistItem",
        verbose_name=_("检查项"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    passed = models.BooleanField(_("通过"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("复查检查项")
        verbose_name_plural = _("复查检查项")
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="honors_review_item_once")
        ]
