"""Who may do what with frameworks and tasks. One table, read by services, views and the API.

``actor=None`` is the command line and the demo loader (trusted, audited as "cli"); pages and
the API always pass the request's user, never None.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from wenming.regions import permissions
from wenming.regions.models import Role

MANAGE_FRAMEWORK = "manage_framework"  # import, activate, new version, see drafts
EXPORT_FRAMEWORK = "export_framework"
ACT_ON_ANY_TASK = "act_on_any_task"  # report progress and decompose for any unit in scope
ACT_ON_OWN_TASK = "act_on_own_task"  # … for the actor's own unit only
RECORD_METRIC = (
    "record_metric"  # enter ledger figures (MetricValue) of metric leaves for units in scope
)

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({MANAGE_FRAMEWORK, EXPORT_FRAMEWORK, ACT_ON_ANY_TASK, RECORD_METRIC}),
    Role.COORDINATOR: frozenset(
        {MANAGE_FRAMEWORK, EXPORT_FRAMEWORK, ACT_ON_ANY_TASK, RECORD_METRIC}
    ),
    Role.INSPECTOR: frozenset(),
    Role.LIAISON: frozenset({ACT_ON_OWN_TASK}),
    Role.LEADER: frozenset({ACT_ON_OWN_TASK}),
    Role.REVIEWER: frozenset(),
    Role.WELFARE: frozenset(),
}


def can(actor, action: str) -> bool:
    """``actor=None`` is the command line or the demo loader, which may do anything."""
    return actor is None or permissions.can(actor, action, table=ROLE_ACTIONS)


def ensure_can(actor, action: str) -> None:
    if not can(actor, action):
        raise PermissionDenied


def can_act_on_task(actor, task) -> bool:
    """Progress and decomposition: the task's own unit, or the office for any task it can see."""
    return can(actor, ACT_ON_ANY_TASK) or is_own_task(actor, task)


def is_own_task(actor, task) -> bool:
    """The task belongs to the actor's unit and the actor works on its tasks (liaison, leader):
    they hand in its materials."""
    if not can(actor, ACT_ON_OWN_TASK):
        return False
    membership = getattr(actor, "membership", None)
    return membership is not None and membership.unit_id == task.unit_id
