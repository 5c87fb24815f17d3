"""The community standard's daily job (日考核): a plan behind 序时进度 gets its 整改通知书.

`wenming tick` calls :func:`enqueue_due` (any time, any number of times); `wenming worker` runs
:func:`issue_plan_notice`, which issues at most one notice per (plan, late milestone) — the
PlanNotice row's unique key — so a second tick, a second worker or a re-run changes nothing.
"""

from __future__ import annotations

from django_tasks import task

from wenming.community import plans, selectors
from wenming.community.models import PlanNotice


@task()
def issue_plan_notice(plan_id: int) -> int | None:
    """整改通知书 for one plan behind schedule (idempotent by plan and late milestone)."""
    done = plans.issue_behind_notice(actor=None, plan_id=plan_id, system=True)
    return done.notice_id if done else None


def due_plans(today=None) -> list[int]:
    """Plans behind schedule whose first late milestone has no notice yet."""
    behind = selectors.plans_behind(today)
    taken = set(
        PlanNotice.objects.filter(plan_id__in=[p.pk for p, _ in behind]).values_list(
            "plan_id", "milestone_id"
        )
    )
    return [plan.pk for plan, progress in behind if (plan.pk, progress.late[0].pk) not in taken]


def enqueue_due(today=None) -> int:
    plan_ids = due_plans(today)
    for plan_id in plan_ids:
        issue_plan_notice.enqueue(plan_id)
    return len(plan_ids)
