"""What each role may do with sites, rounds and visits. One table, read by services and views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from wenming.regions.models import Role
from wenming.regions.permissions import role_of

MANAGE_SITES = "manage_sites"  # create and import sites, edit site types and checklists
PLAN_ROUNDS = "plan_rounds"  # create rounds, sample sites, publish and finish rounds
INSPECT = "inspect"  # record visits (in rounds the inspector is assigned to)
SEE_UNDERCOVER = "see_undercover"  # the inspecting side: sees 暗访 rounds before publication

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({MANAGE_SITES, PLAN_ROUNDS, INSPECT, SEE_UNDERCOVER}),
    Role.COORDINATOR: frozenset({MANAGE_SITES, PLAN_ROUNDS, INSPECT, SEE_UNDERCOVER}),
    Role.INSPECTOR: frozenset({INSPECT, SEE_UNDERCOVER}),
    Role.LIAISON: frozenset(),
    Role.LEADER: frozenset(),
    Role.REVIEWER: frozenset(),
}


def can(user, action: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in ROLE_ACTIONS.get(role_of(user), frozenset())


def ensure_can(user, action: str) -> None:
    if not can(user, action):
        raise PermissionDenied


def can_inspect_round(user, round) -> bool:
    """Planners may record visits in any round; an inspector only in rounds assigned to them."""
    if not can(user, INSPECT) or not round.is_open:
        return False
    return can(user, PLAN_ROUNDS) or round.inspectors.filter(pk=user.pk).exists()
