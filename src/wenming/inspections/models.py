"""Field inspection (实地考察/暗访): site types and their checklists, sites, rounds, visits, findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

# A finding's severity is that of the case it becomes; positions are kept as the case loop keeps them.
from wenming.cases.models import Severity
from wenming.framework.models import Indicator
from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.media import random_name
from wenming.regions.models import Region, Unit


class SiteType(models.Model):
    """点位类型: 农贸市场, 背街小巷, 社区… each with its own checklist."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("点位类型")
        verbose_name_plural = _("点位类型")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """检查项: one line an inspector checks at a site of this type."""

    site_type = models.ForeignKey(
        SiteType, verbose_name=_("点位类型"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    text = models.CharField(_("检查内容"), max_length=300)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("对应测评指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checklist_items",
    )
    points = models.DecimalField(_("扣分"), max_digits=5, decimal_places=2, default=0)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    category = models.CharField(_("问题类别"), max_length=50)
    deadline_days = models.PositiveSmallIntegerField(
        _("建议整改期限（工作日）"),
        null=True,
        blank=True,
        help_text=_("留空则按问题类别和严重程度的期限规则。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["site_type", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=0), name="checklist_points_not_negative"
            ),
            models.UniqueConstraint(
                fields=["site_type", "text"], name="checklist_text_unique_per_type"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class SiteResult(models.TextChoices):
    """A site's latest counted visit by pass rate, worst first (the map's colours)."""

    POOR = "poor", _("合格率低于70%")
    FAIR = "fair", _("合格率70%–90%")
    GOOD = "good", _("合格率90%及以上")
    NONE = "none", _("未检查")


def latest_result_class(inspection_model, result_model):
    """One scalar subquery per site: poor / fair / good by the pass rate of its latest counted
    visit (暗访 once its round is published, as in the assessment), none when never checked.
    Takes the models so the migration that fills the column can pass its historical ones."""
    latest = (
        inspection_model.objects.filter(
            Q(round__kind="overt") | Q(round__published_at__isnull=False),
            site=OuterRef(OuterRef("pk")),
        )
        .order_by("-visited_at", "-pk")
        .values("pk")[:1]
    )
    checked = F("passed") + F("failed")
    graded = (
        result_model.objects.filter(inspection_id=Subquery(latest))
        .order_by()
        .values("inspection_id")
        .annotate(
            passed=Count("pk", filter=Q(outcome="pass")),
            failed=Count("pk", filter=Q(outcome="fail")),
        )
        .annotate(
            result=Case(
                When(Q(passed=0, failed=0), then=Value(SiteResult.NONE.value)),
                When(
                    GreaterThanOrEqual(F("passed") * 10, checked * 9),
                    then=Value(SiteResult.GOOD.value),
                ),
                When(
                    GreaterThanOrEqual(F("passed") * 10, checked * 7),
                    then=Value(SiteResult.FAIR.value),
                ),
                default=Value(SiteResult.POOR.value),
            )
        )
        .values("result")
    )
    return Coalesce(Subquery(graded), Value(SiteResult.NONE.value))


class Site(models.Model):
    """点位: a place inspectors visit; it lies in a region and has a responsible unit."""

    name = models.CharField(_("点位名称"), max_length=100)
    site_type = models.ForeignKey(
        SiteType, verbose_name=_("点位类型"), on_delete=models.PROTECT, related_name="sites"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    is_active = models.BooleanField(_("启用"), default=True)
    # The class of the latest counted visit's pass rate, kept by the inspection services so the
    # map (一张图) groups 50,000 sites by it without a subquery per site; see latest_result_class.
    latest_result = models.CharField(
        _("最近检查结果"), max_length=8, choices=SiteResult.choices, default=SiteResult.NONE
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("点位")
        verbose_name_plural = _("点位")
        ordering = ["region_id", "site_type__position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="site_name_unique_in_region"),
            *position_constraints("site"),
        ]
        indexes = [
            models.Index(
                fields=["region"], name="site_region_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            # 一张图: the map asks for the sites inside a box (web/maps.py, mapgrid).
            # It holds every column the map's scope and grid read, so PostgreSQL answers from it.
            models.Index(
                fields=["latitude", "longitude"],
                name="site_position_idx",
                condition=Q(latitude__isnull=False),
                include=["region", "unit", "is_active", "latest_result", "id"],
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class RoundKind(models.TextChoices):
    OVERT = "overt", _("明查")
    UNDERCOVER = "undercover", _("暗访")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    FINISHED = "finished", _("已结束")


class Round(models.Model):
    """督查轮次: a named campaign over chosen or sampled sites.

    An undercover (暗访) round stays hidden from the inspected units until it is published.
    """

    name = models.CharField(_("轮次名称"), max_length=100)
    kind = models.CharField(
        _("方式"), max_length=12, choices=RoundKind.choices, default=RoundKind.OVERT
    )
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督查员"),
        blank=True,
        related_name="inspection_rounds",
    )
    sites = models.ManyToManyField(
        Site, verbose_name=_("点位"), through="RoundSite", related_name="rounds"
    )
    sample_seed = models.BigIntegerField(_("抽样种子"), null=True, blank=True)
    sample_spec = models.JSONField(_("抽样条件"), default=dict, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督查轮次")
        verbose_name_plural = _("督查轮次")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="round_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_undercover(self) -> bool:
        return self.kind == RoundKind.UNDERCOVER

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class RoundSite(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_sites")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("轮次点位")
        verbose_name_plural = _("轮次点位")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "site"], name="site_once_per_round")
        ]


class Inspection(models.Model):
    """检查: one visit to a site in a round; region and unit are the site's at the time."""

    round = models.ForeignKey(
        Round, verbose_name=_("督查轮次"), on_delete=models.PROTECT, related_name="inspections"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("点位"), on_delete=models.PROTECT, related_name="inspections"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督查员"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    visited_at = models.DateTimeField(_("检查时间"))
    latitude = latitude_field()
    longitude = longitude_field()
    accuracy = models.PositiveIntegerField(_("定位精度（米）"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        ordering = ["-visited_at", "-pk"]
        constraints = position_constraints("inspection")
        indexes = [
            models.Index(
                fields=["region"],
                name="inspection_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.visited_at:%Y-%m-%d}"


class Outcome(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
    NOT_APPLICABLE = "na", _("不适用")


class ChecklistResult(models.Model):
    """The outcome of one checklist item at one visit; scoring reads pass rates from here."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("检查项"), on_delete=models.PROTECT, related_name="results"
    )
    outcome = models.CharField(_("结果"), max_length=4, choices=Outcome.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["inspection", "item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"], name="one_result_per_item_per_visit"
            )
        ]


class Finding(models.Model):
    """问题: a failed checklist item or a free-form problem found at a visit; it becomes a case."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查"), on_delete=models.PROTECT, related_name="findings"
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("检查项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    description = models.TextField(_("问题描述"))
    category = models.CharField(_("问题类别"), max_length=50)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    points = models.DecimalField(_("扣分"), max_digits=5, decimal_places=2, default=0)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("对应测评指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = latitude_field()
    longitude = longitude_field()
    # The case this finding became (for an undercover round: once the round is published).
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("整改案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finding",
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["inspection", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=0), name="finding_points_not_negative"),
            *position_constraints("finding"),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="finding_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}：{self.description[:30]}"

    @property
    def is_free_form(self) -> bool:
        return self.item_id is None


def photo_path(instance: Photo, filename: str) -> str:
    # Unguessable: photos are served only through the visit's scope (wenming.media).
    return random_name("inspections", filename)


class Photo(models.Model):
    """A photo taken at a visit, of a finding or of the site; EXIF stripped except the position."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to=photo_path, max_length=200)
    latitude = latitude_field()
    longitude = longitude_field()
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
        ordering = ["pk"]
        constraints = position_constraints("photo")
