"""Who may build surveys and read their results (answering needs no account)."""

from __future__ import annotations

from wenming.regions import permissions
from wenming.regions.models import Role

MANAGE = "manage_survey"
VIEW_RESULTS = "view_survey_results"

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({MANAGE, VIEW_RESULTS}),
    Role.COORDINATOR: frozenset({MANAGE, VIEW_RESULTS}),
    Role.LEADER: frozenset({VIEW_RESULTS}),
}


def can(user, action: str) -> bool:
    return permissions.can(user, action, table=ROLE_ACTIONS)
