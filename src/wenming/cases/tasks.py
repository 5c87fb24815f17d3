"""Background jobs of the case loop (django-tasks, database queue).

`wenming tick` calls :func:`enqueue_due` (cron-friendly: any time, any number of times);
`wenming worker` runs :func:`escalate_case`, which takes each step at most once.
"""

from __future__ import annotations

from django_tasks import task

from wenming.cases import escalation


@task()
def escalate_case(job: str, case_id: int, step: str) -> int | None:
    """Take one rung of the ladder for one case (reminder, 督办单, 挂牌督办); idempotent by (job, case, step)."""
    notice = escalation.escalate(job=job, case_id=case_id, step=step)
    return notice.pk if notice else None


def enqueue_due(now=None) -> int:
    """Queue every escalation step the clock says is due; returns how many were queued."""
    steps = escalation.due_steps(now)
    for step in steps:
        escalate_case.enqueue(step.job, step.case_id, step.step)
    return len(steps)
