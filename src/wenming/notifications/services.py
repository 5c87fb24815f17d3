"""Writes of the message centre: put messages in the outbox after the cause commits; mark read.

Domain services call :func:`notify_units` / :func:`notify_users` inside their transaction; the
messages are written and delivered only once that transaction commits (a rolled-back change
tells nobody), through the backend NOTIFIER_BACKEND names.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from wenming.notifications import badge
from wenming.notifications.backends import backend_named
from wenming.notifications.models import Message
from wenming.regions.models import Membership


def _backend_name() -> str:
    return getattr(settings, "NOTIFIER_BACKEND", "inapp") or "inapp"


def recipients_in_units(
    unit_ids: Iterable[int], *, roles: Iterable[str] | None = None
) -> list[int]:
    """Active people of the units (their membership), optionally of some roles only."""
    memberships = Membership.objects.filter(unit_id__in=list(unit_ids), user__is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return list(memberships.values_list("user_id", flat=True))


def send(*, user_ids: Iterable[int], kind: str, title: str, body: str = "", url: str = "") -> list:
    """Store one message per recipient in the outbox and hand them to the backend now."""
    backend = backend_named(_backend_name())
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return []
    now = timezone.now()
    messages = Message.objects.bulk_create(
        Message(
            recipient_id=uid,
            kind=kind,
            title=title[:200],
            body=body,
            url=url[:300],
            backend=backend.name,
            created=now,
        )
        for uid in user_ids
    )
    backend.deliver(messages)
    return messages


def send_to_phones(*, phones: Iterable[str], kind: str, title: str, body: str = "") -> list:
    """Store one message per phone number (a citizen with no account) and hand them to the backend."""
    backend = backend_named(_backend_name())
    phones = sorted({p for p in phones if p})
    if not phones:
        return []
    now = timezone.now()
    messages = Message.objects.bulk_create(
        Message(
            phone=phone, kind=kind, title=title[:200], body=body, backend=backend.name, created=now
        )
        for phone in phones
    )
    backend.deliver(messages)
    return messages


def notify_phones(*, phones: Iterable[str], kind: str, title: str, body: str = "") -> None:
    """Send to phone numbers once the current transaction commits (immediately outside one)."""
    phones = list(phones)
    transaction.on_commit(lambda: send_to_phones(phones=phones, kind=kind, title=title, body=body))


RETRY_ATTEMPTS = 5


def has_undelivered(*, max_attempts: int = RETRY_ATTEMPTS) -> bool:
    return Message.objects.filter(sent_at__isnull=True, attempts__lt=max_attempts).exists()


def retry_undelivered(*, max_attempts: int = RETRY_ATTEMPTS) -> int:
    """Hand the outbox's undelivered messages (fewer than ``max_attempts`` tries) to the backend
    again; returns how many were tried. Safe to run any number of times."""
    waiting = list(
        Message.objects.filter(sent_at__isnull=True, attempts__lt=max_attempts).order_by("pk")[:500]
    )
    if waiting:
        backend_named(_backend_name()).deliver(waiting)
    return len(waiting)


def notify_users(*, user_ids: Iterable[int], kind: str, title: str, body: str = "", url: str = ""):
    """Send once the current transaction commits (immediately outside one)."""
    user_ids = list(user_ids)
    transaction.on_commit(
        lambda: send(user_ids=user_ids, kind=kind, title=title, body=body, url=url)
    )


def notify_units(
    *,
    unit_ids: Iterable[int],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    roles: Iterable[str] | None = None,
):
    """Send to the people of the units once the current transaction commits."""
    unit_ids, roles = list(unit_ids), None if roles is None else list(roles)
    transaction.on_commit(
        lambda: send(
            user_ids=recipients_in_units(unit_ids, roles=roles),
            kind=kind,
            title=title,
            body=body,
            url=url,
        )
    )


def mark_read(*, actor, message_id: int | None = None) -> int:
    """Mark one of the actor's messages read (404 for anyone else's), or all of them; page, API
    and any other caller alike, so the navbar badge of each of the reader's sessions follows."""
    if actor is None or not actor.is_authenticated:
        raise Http404
    unread = Message.objects.filter(recipient=actor, read_at__isnull=True)
    if message_id is not None:
        if not Message.objects.filter(pk=message_id, recipient=actor).exists():
            raise Http404
        unread = unread.filter(pk=message_id)
    marked = unread.update(read_at=timezone.now())
    if marked:
        badge.forget_for(actor)  # every page of the reader shows the new count at once
    return marked
