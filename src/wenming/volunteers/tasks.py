"""Background jobs of the volunteer service (django-tasks, database queue).

`wenming tick` calls :func:`enqueue_due`; `wenming worker` runs :func:`escalate_demand`, which
moves an unclaimed demand to the town's 实践所 at most once.
"""

from __future__ import annotations

from django_tasks import task

from wenming.volunteers.services import demands


@task()
def escalate_demand(demand_id: int) -> int | None:
    """An unclaimed demand past VOLUNTEER_DEMAND_ESCALATE_WORKDAYS goes up to the 所; idempotent."""
    demand = demands.escalate(demand_id=demand_id)
    return demand.pk if demand else None


def enqueue_due(now=None) -> int:
    """Queue the escalation of every unclaimed demand past its limit; returns how many."""
    due = demands.due_escalations(now)
    for demand_id in due:
        escalate_demand.enqueue(demand_id)
    return len(due)
