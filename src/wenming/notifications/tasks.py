"""The outbox's retry job: `wenming tick` queues it; undelivered messages are tried again."""

from __future__ import annotations

from django_tasks import task

from wenming.notifications import services


@task()
def retry_outbox() -> int:
    """Messages not yet delivered (an SMS gateway that was down) go to the backend again."""
    return services.retry_undelivered()


def enqueue_due(now=None) -> int:
    if not services.has_undelivered():
        return 0
    retry_outbox.enqueue()
    return 1
