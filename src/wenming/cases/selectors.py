"""Every read of the case loop, already scoped to the caller."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wenming.cases.models import Case, State
from wenming.cases.transitions import VERIFIER_ROLES, effective_role
from wenming.regions.scope import scope_for


def overdue_q(now: datetime | None = None) -> Q:
    """Overdue is derived: open, and lateness has started counting (see Case.overdue_from)."""
    return ~Q(state=State.CLOSED) & Q(overdue_from__lte=now or timezone.now())


def cases_visible_to(actor) -> QuerySet[Case]:
    """Cases in the actor's scope (属地 region or 职能 unit).

    The office sees its intake queue; units see a case once it has been dispatched — a report
    waiting at intake (or an unpublished 暗访 finding held there) is not theirs yet.
    """
    scope = scope_for(actor)
    visible = scope.q(region="region", unit="unit")
    if effective_role(actor) not in VERIFIER_ROLES:
        visible &= Q(dispatched_at__isnull=False)
    if actor is not None and getattr(actor, "is_authenticated", False):
        visible |= Q(reported_by=actor)
    return Case.objects.filter(visible)


def get_case_for(actor, pk: int) -> Case:
    """The case, or 404 when it does not exist or lies outside the actor's scope."""
    case = cases_visible_to(actor).select_related("region", "unit", "indicator").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case
