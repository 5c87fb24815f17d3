"""Who may do what in the honours area (one table, read by services, views and the menu)."""

from __future__ import annotations

from wenming.regions import permissions
from wenming.regions.models import Role

VIEW = "view_honors"  # nominations, registry, assistance and titles in scope
NOMINATE = "nominate"  # a unit nominating someone (citizens use the public page)
REVIEW = "review_nomination"  # vote/score and settle objections at their unit's level
MANAGE = "manage_honors"  # rules, external honours, budgets, grant decisions, sites, titles
APPLY_GRANT = "apply_grant"

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({VIEW, NOMINATE, REVIEW, MANAGE, APPLY_GRANT}),
    Role.COORDINATOR: frozenset({VIEW, NOMINATE, REVIEW, MANAGE, APPLY_GRANT}),
    Role.REVIEWER: frozenset({VIEW, NOMINATE, REVIEW}),
    Role.LEADER: frozenset({VIEW, NOMINATE, REVIEW, APPLY_GRANT}),
    Role.LIAISON: frozenset({VIEW, NOMINATE, REVIEW, APPLY_GRANT}),
    Role.INSPECTOR: frozenset({VIEW}),
}
# The roles that judge a level (the party rule adds: a member of the level's territorial unit).
REVIEW_ROLES = frozenset(role for role, actions in ROLE_ACTIONS.items() if REVIEW in actions)


def can(user, action: str) -> bool:
    return permissions.can(user, action, table=ROLE_ACTIONS)


def ensure_can(user, action: str) -> None:
    permissions.ensure_can(user, action, table=ROLE_ACTIONS)
