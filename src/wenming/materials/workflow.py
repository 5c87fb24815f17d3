"""The submission state machine as data: one table, read by the service, the pages and the API.

draft ──submit──▶ submitted ──approve──▶ approved (grade A/B/C/D)
                     │ return (reason required)
                     ▼
                  returned ──resubmit──▶ resubmitted ──approve / return──▶ …
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wenming.materials.models import SubmissionStatus as S

OWNER = "owner"  # a liaison or leader of the submitting unit
REVIEWER = "reviewer"  # a reviewer from another unit


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    by: str
    needs_grade: bool = False
    needs_note: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", _("提交审核"), frozenset({S.DRAFT}), S.SUBMITTED, OWNER),
        Transition("resubmit", _("重新提交"), frozenset({S.RETURNED}), S.RESUBMITTED, OWNER),
        Transition(
            "approve",
            _("审核通过"),
            frozenset({S.SUBMITTED, S.RESUBMITTED}),
            S.APPROVED,
            REVIEWER,
            needs_grade=True,
        ),
        Transition(
            "return",
            _("退回修改"),
            frozenset({S.SUBMITTED, S.RESUBMITTED}),
            S.RETURNED,
            REVIEWER,
            needs_note=True,
        ),
    )
}

# The owner may change the text and the files only while the material is in their hands.
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
AWAITING_REVIEW = frozenset({S.SUBMITTED, S.RESUBMITTED})
# Everything but a draft counts as 申报 (the unit has handed it in at least once).
HANDED_IN = frozenset({S.SUBMITTED, S.RETURNED, S.RESUBMITTED, S.APPROVED})


def actions_from(status: str) -> list[str]:
    """Every action the table allows from ``status``, whoever may take it."""
    return [action for action, t in TRANSITIONS.items() if status in t.sources]
