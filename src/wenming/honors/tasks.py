"""Background jobs of 好人评选 (django-tasks, database queue).

`wenming tick` calls :func:`enqueue_due` (any time, any number of times): a nomination whose
公示 has ended without an open objection is promoted to the next level (or, at 市, conferred)
by :func:`promote_nomination`, which acts at most once (the workflow's row lock and state
check refuse a second promotion of the same 公示); :func:`flag_titles` scans serious cases
against title holders, raising each flag once.
"""

from __future__ import annotations

from django_tasks import task

from wenming.honors import selectors, services, titles
from wenming.workflow import WorkflowError


@task()
def promote_nomination(nomination_id: int) -> bool:
    """公示期满、无未决异议: the level's honour and the next level; False when it moved already."""
    try:
        services.promote(actor=None, nomination_id=nomination_id)
    except WorkflowError:
        return False
    return True


def enqueue_due(now=None) -> int:
    """Queue every nomination whose 公示 has ended without an open objection, and the scan of
    serious cases against title holders."""
    due = list(selectors.publicity_ended(now))
    for pk in due:
        promote_nomination.enqueue(pk)
    flag_titles.enqueue()
    return len(due) + 1


@task()
def flag_titles() -> int:
    """Serious cases against holders (exposed cases, 黑榜 placings) put titles up for 复查;
    idempotent: one flag per title and piece of evidence."""
    return titles.flag_titles()
