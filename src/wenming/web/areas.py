"""The areas of the platform (DESIGN.md §1), in the order the navigation shows them.

An area is listed only once it is built, and only to a user whose role can use it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wenming.community import permissions as community_permissions
from wenming.honors import permissions as honor_permissions
from wenming.inspections import permissions as inspection_permissions
from wenming.materials import permissions as material_permissions
from wenming.participation import permissions as participation_permissions
from wenming.regions.models import Role
from wenming.regions.permissions import role_of
from wenming.reports import permissions as report_permissions
from wenming.scoring import permissions as scoring_permissions
from wenming.surveys import permissions as survey_permissions
from wenming.urlpaths import fixed_path
from wenming.volunteers import permissions as volunteer_permissions
from wenming.welfare import permissions as welfare_permissions


def _any(module, *actions) -> Callable:
    return lambda user: any(module.can(user, action) for action in actions)


def _everyone(user) -> bool:
    return user is not None and user.is_authenticated


# 三权分立: the security and audit admins keep accounts and read the log; they hold no campaign
# work, so the campaign's own areas (framework, cases, documents) would only open empty pages.
ACCOUNT_ADMINS = frozenset({Role.SECURITY, Role.AUDITOR})


def _campaign_staff(user) -> bool:
    return _everyone(user) and role_of(user) not in ACCOUNT_ADMINS


@dataclass(frozen=True, eq=False)  # one object per area: compared and hashed as itself
class Area:
    slug: str
    title: str
    summary: str
    icon: str
    url_name: str
    usable_by: Callable = _everyone

    @property
    def href(self) -> str:
        """Its address, what ``{% url %}`` gives, reversed once per process (the menu of every
        page reversed each area's on every request)."""
        return fixed_path(self.url_name)


AREAS = [
    Area(
        "framework",
        _("测评体系"),
        _("测评体系与任务清单：逐条对照、细化分解、序时进度。"),
        "☰",
        url_name="framework:index",
        usable_by=_campaign_staff,
    ),
    Area(
        "inspections",
        _("督查检查"),
        _("实地考察与暗访：点位、检查项、督查轮次。"),
        "◎",
        url_name="inspections:index",
        usable_by=_any(
            inspection_permissions,
            inspection_permissions.MANAGE_SITES,
            inspection_permissions.PLAN_ROUNDS,
            inspection_permissions.INSPECT,
        ),
    ),
    Area(
        "cases",
        _("问题整改"),
        _("交办整改闭环：签收、整改、复核、督办。"),
        "⚑",
        url_name="cases:board",
        usable_by=_campaign_staff,
    ),
    Area(
        "materials",
        _("网上申报"),
        _("网上资料常态化申报与审核。"),
        "⇪",
        url_name="materials:index",
        usable_by=_any(
            material_permissions,
            material_permissions.SUBMIT,
            material_permissions.REVIEW,
            material_permissions.VIEW_STATS,
        ),
    ),
    Area(
        "surveys",
        _("问卷调查"),
        _("知晓率、满意度问卷与扫码作答。"),
        "✎",
        url_name="surveys:index",
        usable_by=_any(
            survey_permissions, survey_permissions.MANAGE, survey_permissions.VIEW_RESULTS
        ),
    ),
    Area(
        "community",
        _("社区达标"),
        _("六个一、四达标，创建工作台账，一居一策，结对共建。"),
        "⌂",
        url_name="community:index",
        usable_by=_any(community_permissions, community_permissions.VIEW),
    ),
    Area(
        "volunteers",
        _("志愿服务"),
        _("新时代文明实践阵地、志愿队伍、服务时长与群众点单。"),
        "✿",
        url_name="volunteers:index",
        usable_by=volunteer_permissions.can_use_module,
    ),
    Area(
        "scoring",
        _("考核通报"),
        _("日考核、周通报、月总结、季度点评与排名。"),
        "★",
        url_name="scoring:index",
        usable_by=_any(scoring_permissions, scoring_permissions.VIEW_RESULTS),
    ),
    Area(
        "honors",
        _("好人评选"),
        _("六推荐、五评选：推荐、逐级评议、公示与异议，好人库。"),
        "♥",
        url_name="honors:index",
        usable_by=_any(honor_permissions, honor_permissions.VIEW),
    ),
    Area(
        "participation",
        _("群众反映"),
        _("文明随手拍：受理群众反映、不满意复查与统计。"),
        "☎",
        url_name="participation:index",
        usable_by=_any(participation_permissions, participation_permissions.VIEW_REPORTS),
    ),
    Area(
        "welfare",
        _("民生台账"),
        _("老年助餐、安全检查、适老化改造、救助管理、儿童关爱。"),
        "♨",
        url_name="welfare:index",
        usable_by=_any(welfare_permissions, welfare_permissions.VIEW),
    ),
    Area(
        "reports",
        _("工作报告"),
        _("工作落实情况报告：正文可编辑，数据取自各台账。"),
        "✉",
        url_name="reports:index",
        usable_by=_any(report_permissions, report_permissions.OWN, report_permissions.ANY),
    ),
    Area(
        "documents",
        _("公文文书"),
        _("整改通知书、督办单与通报。"),
        "❏",
        url_name="web:documents",
        usable_by=_campaign_staff,
    ),
]


def areas_for(user) -> list[Area]:
    return [area for area in AREAS if area.usable_by(user)]
