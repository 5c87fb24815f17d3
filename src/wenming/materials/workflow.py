"""The submission state machine as data: one table, read by the service, the pages and the API.

draft ──submit──▶ submitted ──approve──▶ approved (grade A/B/C/D)
                     │ return (reason required)
                     ▼
                  returned ──resubmit──▶ resubmitted ──approve / return──▶ …

The handlers of the steps (cases/actions.py is the model) are registered in materials/services.py.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wenming.materials.models import SubmissionStatus as S
from wenming.materials.permissions import EDITABLE_STATES as EDITABLE_STATES  # other apps ask here
from wenming.materials.permissions import REVIEW, ROLE_ACTIONS, SUBMIT, is_own_unit
from wenming.regions.permissions import acting_role, roles_with
from wenming.workflow import Transition, Workflow

OWNER = "owner"  # a liaison or leader of the submitting unit
REVIEWER = "reviewer"  # a reviewer from another unit

# A superuser acts as admin: a reviewer with no material of its own to submit.
SUBMITTERS = roles_with(SUBMIT, ROLE_ACTIONS)
REVIEWERS = roles_with(REVIEW, ROLE_ACTIONS)


def _review(to, label, **kw):
    return Transition(to, REVIEWERS, REVIEWER, label, **kw)


def _reviews():
    return {
        "approve": _review(S.APPROVED, _("审核通过"), style="success"),
        "return": _review(S.RETURNED, _("退回修改"), style="outline-warning", needs_note=True),
    }


TRANSITIONS: dict[str, dict[str, Transition]] = {
    S.DRAFT: {"submit": Transition(S.SUBMITTED, SUBMITTERS, OWNER, _("提交审核"))},
    S.SUBMITTED: _reviews(),
    S.RETURNED: {"resubmit": Transition(S.RESUBMITTED, SUBMITTERS, OWNER, _("重新提交"))},
    S.RESUBMITTED: _reviews(),
    S.APPROVED: {},
}
# The step that needs a grade (A/B/C/D) besides its note.
GRADED_ACTIONS = frozenset({"approve"})

SUBMISSION_WORKFLOW = Workflow(
    "submission",
    TRANSITIONS,
    role_of=acting_role,
    parties={
        OWNER: is_own_unit,
        REVIEWER: lambda user, submission: not is_own_unit(user, submission),
    },
    state_field="status",
    version_field="version",
)

AWAITING_REVIEW = frozenset(state for state, actions in TRANSITIONS.items() if "approve" in actions)
# Everything but a draft counts as 申报 (the unit has handed it in at least once).
HANDED_IN = frozenset(S.values) - {S.DRAFT}


def available_actions(user, submission) -> list[str]:
    """What the pages show as buttons: allowed by the table from this state and by the role."""
    return SUBMISSION_WORKFLOW.allowed(user, submission)
