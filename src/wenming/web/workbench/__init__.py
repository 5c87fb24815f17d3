"""工作台: what is waiting for the user, by what their role may do, each count with the link to
the list that shows exactly those items.

Every count comes from the selector its list page uses, with the same filter the link carries,
so a card and its list cannot disagree (tests/web/test_workbench.py checks every link). The
cards live by the work they belong to: the case loop (``casework``), the evaluation
(``evaluation``), the registers (``registers``) and the administrators' (``administration``).
"""

from __future__ import annotations

from wenming.web.workbench.administration import account_section, system_section
from wenming.web.workbench.cards import Card, Section, Workbench
from wenming.web.workbench.casework import (
    case_section,
    citizen_section,
    inspection_section,
    supervision_section,
    unit_rate_section,
)
from wenming.web.workbench.evaluation import bulletin_section, material_section, task_section
from wenming.web.workbench.registers import (
    community_section,
    honor_section,
    volunteer_section,
    welfare_section,
)

__all__ = ["Card", "Section", "Workbench", "workbench_for"]


def workbench_for(user) -> Workbench:
    """The user's 工作台: sections in the order a day's work goes (the calendar warning beside it
    comes from cases.selectors.calendar_notice_missing_for)."""
    sections = [
        section
        for section in (
            inspection_section(user),
            case_section(user),
            citizen_section(user),
            task_section(user),
            material_section(user),
            supervision_section(user),
            unit_rate_section(user),
            bulletin_section(user),
            welfare_section(user),
            community_section(user),
            volunteer_section(user),
            honor_section(user),
            account_section(user),
            system_section(user),
        )
        if section is not None
    ]
    return Workbench(sections=sections)
