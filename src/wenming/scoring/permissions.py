"""Who may do what with assessments and bulletins. One table, read by services, views and the API.

``actor=None`` is the command line and the scheduled jobs (trusted, audited as "cli").
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from wenming.regions import permissions
from wenming.regions.models import Role

ASSESS = "assess"  # run an assessment, correct it (new revision)
DRAFT_BULLETIN = "draft_bulletin"  # generate a draft, edit its prose, see drafts
APPROVE_BULLETIN = "approve_bulletin"  # 审定 and publish
VIEW_RESULTS = "view_results"  # rankings and the dashboard of the whole scope

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({ASSESS, DRAFT_BULLETIN, APPROVE_BULLETIN, VIEW_RESULTS}),
    Role.COORDINATOR: frozenset({ASSESS, DRAFT_BULLETIN, VIEW_RESULTS}),
    Role.INSPECTOR: frozenset({VIEW_RESULTS}),
    Role.LIAISON: frozenset({VIEW_RESULTS}),
    Role.LEADER: frozenset({VIEW_RESULTS}),
    Role.REVIEWER: frozenset({VIEW_RESULTS}),
    Role.WELFARE: frozenset({VIEW_RESULTS}),
}


def approver_roles() -> list[str]:
    """The roles that 审定 and publish bulletins: settings.BULLETIN_APPROVER_ROLES."""
    configured = getattr(settings, "BULLETIN_APPROVER_ROLES", [Role.ADMIN])
    return [role for role in Role.values if role in configured]


def approver_labels() -> str:
    """Who approves, as the page says it: 文明办管理员、创城办/督查组."""
    return "、".join(str(Role(role).label) for role in approver_roles())


def _table() -> dict[str, frozenset[str]]:
    approvers = set(approver_roles())
    return {
        role: (actions | {APPROVE_BULLETIN})
        if role in approvers
        else (actions - {APPROVE_BULLETIN})
        for role, actions in ROLE_ACTIONS.items()
    }


def can(actor, action: str) -> bool:
    """``actor=None`` is the command line or a scheduled job, which may do anything. Who may
    approve bulletins follows settings.BULLETIN_APPROVER_ROLES."""
    return actor is None or permissions.can(actor, action, table=_table())


def ensure_can(actor, action: str) -> None:
    if not can(actor, action):
        raise PermissionDenied
