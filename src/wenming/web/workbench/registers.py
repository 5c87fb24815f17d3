"""The registers' cards: safety checks and relief (民生台账), communities' ledgers and plans,
群众点单 for volunteer teams, and 好人评选."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.community import permissions as community_permissions
from wenming.community import selectors as community_selectors
from wenming.community.standards import ACTIVITIES
from wenming.honors import permissions as honor_permissions
from wenming.honors import selectors as honor_selectors
from wenming.periods import PeriodKind, period_containing
from wenming.volunteers import selectors as volunteer_selectors
from wenming.volunteers.services import demands as volunteer_demands
from wenming.web.workbench.cards import Card, Section, link
from wenming.welfare import permissions as welfare_permissions
from wenming.welfare import selectors as welfare_selectors


def welfare_section(user) -> Section | None:
    """Missed safety checks of the user's unit (its schedule says who checks how often), and for
    civil-affairs staff the minors still at a relief station."""
    cards = []
    if welfare_selectors.has_safety_schedule(user):
        today = timezone.localdate()
        count = len(welfare_selectors.overdue_checks_for(user, today=today))
        cards.append(
            Card(
                "safety-overdue",
                _("逾期未做的安全检查"),
                count,
                link("welfare:safety"),
                "danger",
            )
        )
    if welfare_permissions.civil_affairs_prefixes(user):
        count = welfare_selectors.minors_at_station(user).count()
        cards.append(
            Card(
                "relief-minors",
                _("在站未成年受助人员"),
                count,
                link("welfare:relief", at_station=1, minors=1),
                "warning",
            )
        )
    return Section("welfare", _("民生台账"), cards) if cards else None


def community_section(user) -> Section | None:
    """社区达标: for the office, the 一居一策 plans behind 序时进度; for a community's own worker,
    this month's ledger against the monthly requirement; for a street's, which of its
    communities have not held this month's activities yet."""
    if community_permissions.can(user, community_permissions.MANAGE):
        count = community_selectors.plans_behind_for(user).count()
        card = Card(
            "community-plans-behind",
            _("一居一策滞后"),
            count,
            link("community:plans", behind=1),
            "danger",
        )
    elif community_permissions.can(user, community_permissions.RECORD):
        card = _own_communities_card(user)
    else:
        card = None
    return Section("community", _("社区达标"), [card]) if card else None


def _own_communities_card(user) -> Card | None:
    own = list(community_selectors.own_communities(user)[:2])
    if not own:
        return None
    month = period_containing(PeriodKind.MONTH, timezone.localdate())
    need = community_selectors.thresholds().activities_per_month
    if len(own) == 1:
        count = community_selectors.ledger_of(own[0], month).count()
        return Card(
            "community-ledger",
            _("本月台账（每月不少于 %(n)s 次）") % {"n": need},
            count,
            reverse("community:ledger", args=[own[0].pk]),
            "success" if count >= need else "warning",
            idle="warning",
        )
    behind = len(community_selectors.communities_failing(user, ACTIVITIES, month))
    return Card(
        "community-activities-behind",
        _("本月活动未达 %(n)s 次的社区") % {"n": need},
        behind,
        link("community:index", month=month.key, failing=ACTIVITIES),
        "warning",
        idle="success",
    )


def volunteer_section(user) -> Section | None:
    """群众吹哨: demands waiting for the user's station (accept or decline), for a team they
    manage to report for, or to complete. Shown only when something waits."""
    waiting = (
        volunteer_selectors.demands_visible_to(user)
        .filter(volunteer_demands.waiting_q(user))
        .count()
    )
    if not waiting:
        return None
    card = Card(
        "volunteers-demands",
        _("待处理的群众点单"),
        waiting,
        link("volunteers:demand_list", waiting=1),
    )
    return Section("volunteers", _("志愿服务"), [card])


def honor_section(user) -> Section | None:
    """好人评选: nominations waiting for the user's review or objection finding, grants to
    decide and titles due for 复查. Shown only when something waits (most days nothing does)."""
    if not honor_permissions.can(user, honor_permissions.VIEW):
        return None
    cards = []
    waiting = honor_selectors.waiting_for(user).count()
    if waiting:
        cards.append(Card("honors-waiting", _("待评议的好人推荐"), waiting, link("honors:waiting")))
    if honor_permissions.can(user, honor_permissions.MANAGE):
        grants = honor_selectors.grants_to_decide(user).count()
        if grants:
            cards.append(
                Card("honors-grants", _("待审批的帮扶申请"), grants, link("honors:grants_pending"))
            )
        due = honor_selectors.titles_due(user).count()
        if due:
            cards.append(
                Card(
                    "honors-titles-due",
                    _("今年应复查的文明称号"),
                    due,
                    link("honors:titles", due=1),
                    "warning",
                )
            )
    return Section("honors", _("好人评选"), cards) if cards else None
