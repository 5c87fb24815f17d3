"""What each role may do. One table, read by services, views and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from wenming.regions.models import Role
from wenming.regions.scope import membership_of

MANAGE_ORGANISATION = "manage_organisation"  # units, people, roles; imports
EXPORT = "export"
VIEW_AUDIT = "view_audit"  # the whole audit log, and its export
MANAGE_SECURITY = "manage_security"  # unlock accounts, reset passwords and second factors

# 三权分立: the three administrator roles share no action. A superuser is not exempt from
# VIEW_AUDIT (see accounts.selectors.can_read_audit_log).
ADMIN_ROLES = frozenset({Role.ADMIN, Role.SECURITY, Role.AUDITOR})

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({MANAGE_ORGANISATION, EXPORT}),
    Role.SECURITY: frozenset({MANAGE_SECURITY}),
    Role.AUDITOR: frozenset({VIEW_AUDIT}),
    Role.COORDINATOR: frozenset({EXPORT}),
    Role.INSPECTOR: frozenset(),
    Role.LIAISON: frozenset(),
    Role.LEADER: frozenset(),
    Role.REVIEWER: frozenset(),
    Role.WELFARE: frozenset(),
}


def role_of(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership is not None else None


def acting_role(user) -> str | None:
    """The role :func:`can` reads, for a workflow's ``role_of``: none unless signed in and active;
    a superuser acts as admin."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return role_of(user)


def roles_with(action: str, table: dict[str, frozenset[str]]) -> frozenset[str]:
    """The roles whose row of an app's ``table`` holds ``action`` (a workflow transition's roles)."""
    return frozenset(role for role, actions in table.items() if action in actions)


def can(user, action: str, *, table: dict[str, frozenset[str]] | None = None) -> bool:
    """Whether ``user``'s role may do ``action``; an app passes its own ``table`` of role → actions."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in (ROLE_ACTIONS if table is None else table).get(role_of(user), frozenset())


def ensure_can(user, action: str, *, table: dict[str, frozenset[str]] | None = None) -> None:
    if not can(user, action, table=table):
        raise PermissionDenied
