"""Background jobs of accounts (django-tasks, database queue).

`wenming tick` calls :func:`enqueue_due`; :func:`prune_audit_log` is idempotent by nature
(a second run finds nothing older than the retention), so it may run on every tick.
"""

from __future__ import annotations

from django_tasks import task

from wenming.accounts import services


@task()
def prune_audit_log() -> int:
    """The audit log keeps AUDIT_RETENTION_DAYS (≥ 184, six months); older rows go."""
    return services.prune_audit_log()


def enqueue_due(now=None) -> int:
    prune_audit_log.enqueue()
    return 1
