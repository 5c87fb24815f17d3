"""Who may do what with materials: one role table plus the own-unit rule."""

from __future__ import annotations

from wenming.materials.workflow import EDITABLE_STATES, OWNER, TRANSITIONS, actions_from
from wenming.regions import permissions
from wenming.regions.models import Role
from wenming.regions.scope import scope_for

SUBMIT = "submit_material"
REVIEW = "review_material"
VIEW_STATS = "view_material_stats"

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({REVIEW, VIEW_STATS}),
    Role.COORDINATOR: frozenset({REVIEW, VIEW_STATS}),
    Role.REVIEWER: frozenset({REVIEW, VIEW_STATS}),
    Role.INSPECTOR: frozenset(),
    Role.LIAISON: frozenset({SUBMIT}),
    Role.LEADER: frozenset({SUBMIT}),
    Role.WELFARE: frozenset(),
}


def can(user, action: str) -> bool:
    # A superuser belongs to no unit, so has no material of its own to submit.
    if action == SUBMIT and user is not None and user.is_superuser:
        return False
    return permissions.can(user, action, table=ROLE_ACTIONS)


def is_own_unit(user, submission) -> bool:
    """The material belongs to the user's unit or one of its sub-units."""
    return submission.unit_id in scope_for(user).unit_ids


def may_take(user, submission, action: str) -> bool:
    """The role may take ``action`` on this submission (ignoring its current state)."""
    transition = TRANSITIONS[action]
    if transition.by == OWNER:
        return can(user, SUBMIT) and is_own_unit(user, submission)
    return can(user, REVIEW) and not is_own_unit(user, submission)


def available_actions(user, submission) -> list[str]:
    """What the pages show as buttons: allowed by the table from this state and by the role."""
    return [
        action for action in actions_from(submission.status) if may_take(user, submission, action)
    ]


def can_edit(user, submission) -> bool:
    return (
        submission.status in EDITABLE_STATES and can(user, SUBMIT) and is_own_unit(user, submission)
    )
