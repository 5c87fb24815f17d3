"""Who may do what in the practice network and the volunteer service. One table of roles, and
the one rule of 谁组织谁记录: a team's own managers (``Team.managers``) record, correct and
certify its service, and they alone may see a member's whole numbers (an audited action).

Territory is the scope's (regions.scope): a role below acts only inside its region subtree.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from wenming.regions import permissions
from wenming.regions.models import Role
from wenming.regions.scope import scope_for

MANAGE_NETWORK = "manage_network"  # practice sites, teams, volunteers, populations, imports
VIEW = "view_volunteers"  # see the network, teams, volunteers (masked), figures
REVIEW_SITES = "review_sites"  # the annual star review
HANDLE_DEMANDS = "handle_demands"  # accept or decline a demand for the station / 所
EXPORT = "export_volunteers"

_ALL = frozenset({MANAGE_NETWORK, VIEW, REVIEW_SITES, HANDLE_DEMANDS, EXPORT})
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: _ALL,
    Role.COORDINATOR: _ALL,
    Role.WELFARE: _ALL,
    Role.LEADER: frozenset({MANAGE_NETWORK, VIEW, HANDLE_DEMANDS, EXPORT}),
    Role.LIAISON: frozenset({MANAGE_NETWORK, VIEW, HANDLE_DEMANDS, EXPORT}),
    Role.INSPECTOR: frozenset({VIEW}),
    Role.REVIEWER: frozenset({VIEW}),
}


def can(user, action: str) -> bool:
    return permissions.can(user, action, table=ROLE_ACTIONS)


def ensure_can(user, action: str) -> None:
    permissions.ensure_can(user, action, table=ROLE_ACTIONS)


def manages_team(user, team) -> bool:
    """The user is one of the team's own managers (谁组织谁记录)."""
    if user is None or not user.is_authenticated or not user.is_active or team is None:
        return False
    return team.managers.filter(pk=user.pk).exists()


def managed_team_ids(user) -> frozenset[int]:
    """The teams the user manages; cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_wenming_managed_teams", None)
    if cached is None:
        cached = frozenset(user.managed_volunteer_teams.values_list("pk", flat=True))
        user._wenming_managed_teams = cached
    return cached


def is_team_manager(user) -> bool:
    return bool(managed_team_ids(user))


def can_use_module(user) -> bool:
    """The 志愿服务 menu entry: a role that sees the network, or a team's manager."""
    return can(user, VIEW) or is_team_manager(user)


def ensure_module(user) -> None:
    """PermissionDenied (403) for a user the 志愿服务 module is not for: pages, API and map."""
    if not can_use_module(user):
        raise PermissionDenied


def covers(user, region_code: str) -> bool:
    """The region lies in the user's territory (属地)."""
    return scope_for(user).covers_region(region_code)
