"""Delivery channels for the outbox. NOTIFIER_BACKEND names one of BACKENDS ("inapp" by
default); a channel added later (SMS for citizens) registers itself here and is chosen by name."""

from __future__ import annotations

from django.utils import timezone


class InAppBackend:
    """The message centre: a stored message is delivered as soon as it is stored."""

    name = "inapp"

    def deliver(self, messages: list) -> None:
        from wenming.notifications.models import Message

        now = timezone.now()
        Message.objects.filter(pk__in=[m.pk for m in messages]).update(sent_at=now, attempts=1)


BACKENDS: dict[str, type] = {InAppBackend.name: InAppBackend}


def register(backend: type) -> None:
    BACKENDS[backend.name] = backend


def backend_named(name: str):
    try:
        return BACKENDS[name]()
    except KeyError as exc:
        raise LookupError(
            f"NOTIFIER_BACKEND={name!r}: known backends are {sorted(BACKENDS)}"
        ) from exc
