"""Who may do what with materials: one role table plus the own-unit rule."""

from __future__ import annotations

from wenming.materials.models import SubmissionStatus
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


# The owner may change the text and the files only while the material is in their hands.
EDITABLE_STATES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


def can(user, action: str) -> bool:
    # A superuser belongs to no unit, so has no material of its own to submit.
    if action == SUBMIT and user is not None and user.is_superuser:
        return False
    return permissions.can(user, action, table=ROLE_ACTIONS)


def is_own_unit(user, submission) -> bool:
    """The material belongs to the user's unit or one of its sub-units."""
    return submission.unit_id in scope_for(user).unit_ids


def can_edit(user, submission) -> bool:
    return (
        submission.status in EDITABLE_STATES and can(user, SUBMIT) and is_own_unit(user, submission)
    )
