"""Regions (行政区划), responsible units (责任单位) and people's membership in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地级")
    COUNTY = "county", _("县级")
    TOWN = "town", _("乡级")
    VILLAGE = "village", _("村级")


# A subtree is a code prefix: 2/4/6/9/12 digits by level (统计用区划代码).
PREFIX_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWN: 9,
    RegionLevel.VILLAGE: 12,
}


# 城乡分类代码 (统计用城乡划分代码): 1xx is urban (城镇), 2xx rural (乡村).
def code_prefix(code: str) -> str:
    """The subtree prefix of a 12-digit code: trailing all-zero segments (2/2/2/3/3) dropped."""
    for length in (2, 4, 6, 9):
        if code[length:].strip("0") == "":
            return code[:length]
    return code


def ancestor_codes(code: str) -> list[str]:
    """The region's code and the codes of the regions above it, deepest first
    (340403001001 → 340403001001, 340403001000, 340403000000, 340400000000, 340000000000)."""
    prefix = code_prefix(code)
    return [code] + [code[:n].ljust(12, "0") for n in (9, 6, 4, 2) if n < len(prefix)]


URBAN_RURAL_CHOICES = [
    ("111", _("111 主城区")),
    ("112", _("112 城乡结合区")),
    ("121", _("121 镇中心区")),
    ("122", _("122 镇乡结合区")),
    ("123", _("123 特殊区域")),
    ("210", _("210 乡中心区")),
    ("220", _("220 村庄")),
]


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    urban_rural = models.CharField(
        _("城乡分类代码"), max_length=3, blank=True, choices=URBAN_RURAL_CHOICES
    )
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{12}$"), name="region_code_is_12_digits"
            ),
        ]
        indexes = [
            # Subtree queries are LIKE 'prefix%'; on PostgreSQL that needs pattern ops.
            models.Index(
                fields=["code"], name="region_code_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """The code prefix that every region in this subtree starts with."""
        return self.code[: PREFIX_LENGTH[RegionLevel(self.level)]]

    @property
    def is_urban(self) -> bool | None:
        """城市 or 农村 by the 城乡分类代码; None where the code is not known."""
        if not self.urban_rural:
            return None
        return self.urban_rural.startswith("1")


class UnitKind(models.TextChoices):
    OFFICE = "office", _("文明办")
    DEPARTMENT = "department", _("职能部门")
    GOVERNMENT = "government", _("区县政府")
    STREET = "street", _("街道/乡镇")
    COMMUNITY = "community", _("社区/村")
    OTHER = "other", _("其他单位")


# Units that answer for a territory (属地): their scope is their region's subtree.
# Departments answer for functions (职能): they see what is assigned to them.
TERRITORIAL_KINDS = frozenset(
    {UnitKind.OFFICE, UnitKind.GOVERNMENT, UnitKind.STREET, UnitKind.COMMUNITY}
)


class Unit(models.Model):
    name = models.CharField(_("单位全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("单位类型"), max_length=12, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    leader_name = models.CharField(_("负责人"), max_length=50, blank=True)
    leader_phone = models.CharField(_("负责人电话"), max_length=20, blank=True)
    liaison_name = models.CharField(_("联络员"), max_length=50, blank=True)
    liaison_phone = models.CharField(_("联络员电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["region_id", "kind", "name"]
        indexes = [
            models.Index(
                fields=["region"], name="unit_region_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_territorial(self) -> bool:
        return self.kind in TERRITORIAL_KINDS


class Role(models.TextChoices):
    # 三权分立 (等保 2.0): the system admin (文明办管理员) runs units and people, the security
    # admin runs accounts' security, the audit admin reads the audit log; no role does two.
    ADMIN = "admin", _("文明办管理员")
    SECURITY = "security", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")
    COORDINATOR = "coordinator", _("创城办/督查组")
    INSPECTOR = "inspector", _("督查员/测评员")
    LIAISON = "liaison", _("责任单位联络员")
    LEADER = "leader", _("责任单位负责人")
    REVIEWER = "reviewer", _("材料审核员")
    # Civil-affairs staff (民政): the registers of the people they care for, children's records
    # included, are theirs to see within their region.
    WELFARE = "welfare", _("民政工作人员")


class Membership(models.Model):
    """A person's place: one unit and one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["unit__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
