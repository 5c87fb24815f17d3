"""The survey's life as a workflow table (the shape of cases/transitions.py).

draft ──open (发布)──▶ open ──close──▶ closed ──open (重新开放)──▶ open
Publishing needs at least one question (the handler in surveys/services.py says so).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wenming.regions.permissions import acting_role, roles_with
from wenming.surveys.models import SurveyStatus as S
from wenming.surveys.permissions import MANAGE, ROLE_ACTIONS
from wenming.workflow import ANY_PARTY, Transition, Workflow

MANAGERS = roles_with(MANAGE, ROLE_ACTIONS)

TRANSITIONS: dict[str, dict[str, Transition]] = {
    S.DRAFT: {"open": Transition(S.OPEN, MANAGERS, ANY_PARTY, _("发布问卷"), style="success")},
    S.OPEN: {
        "close": Transition(S.CLOSED, MANAGERS, ANY_PARTY, _("结束调查"), style="outline-danger")
    },
    S.CLOSED: {"open": Transition(S.OPEN, MANAGERS, ANY_PARTY, _("重新开放"), style="success")},
}

SURVEY_WORKFLOW = Workflow("survey", TRANSITIONS, role_of=acting_role, state_field="status")
