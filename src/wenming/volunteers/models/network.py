"""The practice network (文明实践阵地): sites by level, their annual star review, and the
resident population a region's volunteers are counted against."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.media import random_name
from wenming.regions.models import Unit
from wenming.volunteers.models.base import prefix_index, region_fk


class SiteLevel(models.TextChoices):
    CENTRE = "centre", _("实践中心")  # county / district
    INSTITUTE = "institute", _("实践所")  # town / street
    STATION = "station", _("实践站")  # community / village
    POINT = "point", _("实践点")  # enterprise, school, other


# The region level each site level sits at (a 点 may sit at any level).
SITE_REGION_LEVEL = {
    SiteLevel.CENTRE: "county",
    SiteLevel.INSTITUTE: "town",
    SiteLevel.STATION: "village",
}


class PracticeSite(models.Model):
    name = models.CharField(_("阵地名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=SiteLevel.choices)
    region = region_fk()
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practice_sites",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    manager_name = models.CharField(_("负责人"), max_length=50, blank=True)
    manager_phone = models.CharField(_("负责人电话"), max_length=20, blank=True)
    stars = models.PositiveSmallIntegerField(
        _("星级"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    stars_year = models.PositiveSmallIntegerField(_("星级评定年度"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文明实践阵地")
        verbose_name_plural = _("文明实践阵地")
        ordering = ["region_id", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="practice_site_name_unique_in_region"
            ),
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                name="practice_site_stars_1_to_5",
            ),
            *position_constraints("practice_site"),
        ]
        indexes = [prefix_index("practice_site_region_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def site_photo_name(instance, filename: str) -> str:
    return random_name("practice-sites", filename)


class PracticeSitePhoto(models.Model):
    """A photo of a site (checked and re-encoded by wenming.uploads), served only to those who
    may see the site."""

    site = models.ForeignKey(
        PracticeSite, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to=site_photo_name)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阵地照片")
        verbose_name_plural = _("阵地照片")
        ordering = ["created", "pk"]


class SiteReviewItem(models.Model):
    """One line of the annual star review (星级评定) checklist; the office configures them."""

    text = models.CharField(_("评定内容"), max_length=200, unique=True)
    points = models.PositiveSmallIntegerField(_("分值"), default=10)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("星级评定项目")
        verbose_name_plural = _("星级评定项目")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SiteReview(models.Model):
    """The annual star review of a site: which items passed, the score and the stars it gives."""

    site = models.ForeignKey(
        PracticeSite, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    passed = models.JSONField(_("达标项目"), default=list)
    score = models.PositiveSmallIntegerField(_("得分"))
    full_score = models.PositiveSmallIntegerField(_("满分"))
    stars = models.PositiveSmallIntegerField(_("星级"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评定人"), null=True, on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(_("评定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("星级评定")
        verbose_name_plural = _("星级评定")
        ordering = ["-year", "site_id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="one_site_review_per_year"),
        ]


class RegionPopulation(models.Model):
    """常住人口 of a region in a year: the denominator of the volunteers' share of the population."""

    region = region_fk(_("区划"))
    year = models.PositiveSmallIntegerField(_("年度"))
    population = models.PositiveIntegerField(_("常住人口"))

    class Meta:
        verbose_name = _("常住人口")
        verbose_name_plural = _("常住人口")
        ordering = ["region_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_population_per_year"),
        ]
