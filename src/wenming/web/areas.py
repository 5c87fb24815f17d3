"""The areas of the platform (DESIGN.md §1), in the order the navigation shows them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    slug: str
    title: str
    summary: str
    icon: str
    # The area's own page once an app provides it; until then a placeholder page.
    url_name: str | None = None


AREAS = [
    Area(
        "framework",
        _("测评体系"),
        _("测评体系与任务清单：逐条对照、细化分解、序时进度。"),
        "☰",
        url_name="framework:index",
    ),
    Area(
        "inspections",
        _("督查检查"),
        _("实地考察与暗访：点位、检查项、督查轮次。"),
        "◎",
        url_name="inspections:index",
    ),
    Area(
        "cases",
        _("问题整改"),
        _("交办整改闭环：签收、整改、复核、督办。"),
        "⚑",
        url_name="cases:board",
    ),
    Area(
        "materials", _("网上申报"), _("网上资料常态化申报与审核。"), "⇪", url_name="materials:index"
    ),
    Area(
        "surveys", _("问卷调查"), _("知晓率、满意度问卷与扫码作答。"), "✎", url_name="surveys:index"
    ),
    Area(
        "scoring",
        _("考核通报"),
        _("日考核、周通报、月总结、季度点评与排名。"),
        "★",
        url_name="scoring:index",
    ),
    Area("community", _("社区达标"), _("“六个一”“四达标”、创建工作台账、一居一策。"), "⌂"),
    Area("volunteers", _("志愿服务"), _("文明实践阵地、志愿队伍、群众点单与志愿报到。"), "♥"),
    Area("honors", _("好人评选"), _("六推荐、五评选、礼遇帮扶。"), "✦"),
    Area("welfare", _("民生台账"), _("老年助餐点、救助管理、安全检查。"), "⚕"),
    Area("documents", _("公文文书"), _("整改通知书、督办单、通报与工作报告。"), "❏"),
]
AREAS_BY_SLUG = {area.slug: area for area in AREAS}
