"""Background jobs of the framework (django-tasks, database queue): metric leaves fed from
registers' figures after each period ends (framework/figure_feed.py).

`wenming tick` calls :func:`enqueue_due` (any time, any number of times); `wenming worker` runs
:func:`feed_metric_period`. Feeding twice records nothing twice: an unchanged figure writes
nothing, a changed one updates the value with its audit row.
"""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from wenming.framework import figure_feed


@task()
def feed_metric_period(feed_id: int, period_key: str) -> dict | None:
    run = figure_feed.run_feed(feed_id, period_key)
    if run is None:
        return None
    return {
        "recorded": run.recorded,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "no_data": run.no_data,
    }


def enqueue_due(now: datetime | None = None) -> int:
    """Queue the feeding of every (feed, period) due; returns how many."""
    due = figure_feed.due_feeds(now)
    for feed_id, period_key in due:
        feed_metric_period.enqueue(feed_id, period_key)
    return len(due)
