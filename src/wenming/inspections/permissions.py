"""What each role may do with sites, rounds and visits. One table, read by services and views."""

from __future__ import annotations

from wenming.regions import permissions
from wenming.regions.models import Role

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
    Role.WELFARE: frozenset(),
}


def can(user, action: str) -> bool:
    return permissions.can(user, action, table=ROLE_ACTIONS)


def ensure_can(user, action: str) -> None:
    permissions.ensure_can(user, action, table=ROLE_ACTIONS)


def can_inspect_round(user, round) -> bool:
    """Planners may record visits in any round; an inspector only in rounds assigned to them."""
    if not can(user, INSPECT) or not round.is_open:
        return False
    return can(user, PLAN_ROUNDS) or round.inspectors.filter(pk=user.pk).exists()
