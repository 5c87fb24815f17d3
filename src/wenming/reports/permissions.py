"""Who may write which work report (工作落实情况报告). One table, read by services and views."""

from __future__ import annotations

from wenming.regions import permissions
from wenming.regions.models import Role

OWN = "own"  # the report of the user's own unit
ANY = "any"  # any unit's report in the scope, and the city-wide report

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({OWN, ANY}),
    Role.SECURITY: frozenset(),
    Role.AUDITOR: frozenset(),
    Role.COORDINATOR: frozenset({OWN, ANY}),
    Role.INSPECTOR: frozenset(),
    Role.LIAISON: frozenset({OWN}),
    Role.LEADER: frozenset({OWN}),
    Role.REVIEWER: frozenset(),
    Role.WELFARE: frozenset({OWN}),
}


def can(user, action: str) -> bool:
    return permissions.can(user, action, table=ROLE_ACTIONS)


def ensure_can(user, action: str) -> None:
    permissions.ensure_can(user, action, table=ROLE_ACTIONS)
