"""The to-do list (待办) of the case loop: the cases waiting for the actor, in buckets.

Exactly the cases on which the actor has a waiting action of the workflow table
(transitions.waiting_q / waiting_actions), so the list and the case page's buttons agree.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from wenming.cases.models import Case, ExtensionRequest, ExtensionStatus, State
from wenming.cases.selectors import cases_visible_to, with_rework_reasons
from wenming.cases.transitions import (
    EXTENSION_DECISIONS,
    TRANSITIONS,
    effective_role,
    waiting_actions,
    waiting_q,
)
from wenming.regions.models import Unit
from wenming.regions.selectors import get_unit_for, membership_of

TODO_BUCKETS = ("intake", "overdue", "due_soon", "to_sign", "rectifying", "awaiting", "extension")

BUCKETS_OF_ACTION = {
    "accept": ("intake",),
    "pass": ("awaiting",),
    "approve_extension": ("extension",),
    "sign": ("overdue", "due_soon", "to_sign"),
    "submit": ("overdue", "due_soon", "rectifying"),
}


def todo_buckets_for(actor) -> list[str]:
    """The to-do buckets the actor's role can ever fill (shown even when empty)."""
    role = effective_role(actor)
    possible = {
        bucket
        for table in TRANSITIONS.values()
        for action, transition in table.items()
        if transition.waits and role in transition.roles
        for bucket in BUCKETS_OF_ACTION.get(action, ())
    }
    return [key for key in TODO_BUCKETS if key in possible]


def todo_for(
    actor, *, unit_id: int | None = None, now: datetime | None = None
) -> tuple[Unit | None, dict[str, list[Case]]]:
    """The cases waiting for the actor, in buckets: 待受理, 已逾期, 即将到期 (within a day), 待签收,
    整改中, 待复核, 延期申请. Exactly the cases on which the actor has a waiting action
    (transitions.waiting_actions); the office may narrow it to one unit with ``unit_id``."""

    now = now or timezone.now()
    qs = cases_visible_to(actor).filter(waiting_q(actor))
    if unit_id:
        unit = get_unit_for(actor, unit_id)
        qs = qs.filter(unit_id=unit.pk)
    else:
        membership = membership_of(actor)
        unit = membership.unit if membership else None
    pending = ExtensionRequest.objects.filter(case=OuterRef("pk"), status=ExtensionStatus.PENDING)
    cases = with_rework_reasons(
        qs.annotate(has_pending_extension=Exists(pending))
        .select_related("region", "unit")
        .order_by("due", "pk")
    )
    buckets: dict[str, list[Case]] = {key: [] for key in TODO_BUCKETS}
    for case in cases:
        actions = waiting_actions(actor, case, has_pending_extension=case.has_pending_extension)
        buckets[_bucket_of(case, actions, now)].append(case)
    return unit, buckets


def _bucket_of(case: Case, actions: list[str], now: datetime) -> str:
    """The one bucket a waiting case is shown in: the step it waits for, then its urgency."""
    if "accept" in actions:
        return "intake"
    if "pass" in actions:
        return "awaiting"
    if EXTENSION_DECISIONS & set(actions):
        return "extension"
    if case.overdue_from and case.overdue_from <= now:
        return "overdue"
    if case.state == State.DISPATCHED:
        return "to_sign"
    if case.due and case.due <= now + timedelta(days=1):
        return "due_soon"
    return "rectifying"
