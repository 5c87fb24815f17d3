"""Who may do what with citizens' reports: the office (创城办) alone sees reporters and reviews."""

from __future__ import annotations

from wenming.cases.transitions import OFFICE_ROLES, effective_role

VIEW_REPORTS = "view_reports"  # the intake list with reporters' phones, statistics
REVIEW = "review"  # answer or reopen on a citizen's 不满意

_ROLES = {VIEW_REPORTS: OFFICE_ROLES, REVIEW: OFFICE_ROLES}


def can(user, action: str) -> bool:
    return effective_role(user) in _ROLES[action]
