"""Background jobs of the registers (django-tasks). `wenming tick` calls :func:`enqueue_due`."""

from __future__ import annotations

from django_tasks import task

from wenming.welfare import relief


@task()
def alert_minor_at_station(case_id: int) -> bool:
    """A minor at a station past RELIEF_MINOR_ALERT_HOURS: alert the region's civil-affairs
    staff, once per case (the case is claimed by a conditional update)."""
    return relief.alert_minor(case_id)


def enqueue_due(now=None) -> int:
    due = relief.due_minor_alerts(now)
    for case_id in due:
        alert_minor_at_station.enqueue(case_id)
    return len(due)
