"""Who may build surveys and read their results (answering needs no account)."""

from __future__ import annotations

from wenming.regions.models import Role
from wenming.regions.permissions import role_of

MANAGE = "manage_survey"
VIEW_RESULTS = "view_survey_results"

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({MANAGE, VIEW_RESULTS}),
    Role.COORDINATOR: frozenset({MANAGE, VIEW_RESULTS}),
    Role.LEADER: frozenset({VIEW_RESULTS}),
}


def can(user, action: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in ROLE_ACTIONS.get(role_of(user), frozenset())
