"""Good people (好人) as the registry knows them, and the levels and categories they are honoured in."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.hanzi import normalize
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
        self.name_key = normalize(self.name)[:50]
        super().save(*args, **kwargs)
