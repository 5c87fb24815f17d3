"""Delivery channels for the outbox. NOTIFIER_BACKEND names one of BACKENDS ("inapp" by
default); a channel added later (an SMS gateway for citizens) registers itself here and is
chosen by name.

A backend's ``deliver(messages)`` marks what it delivered (``sent_at``) and records why the rest
were not (``last_error``); undelivered messages stay in the outbox, where the admin reads them
and :func:`wenming.notifications.services.retry_undelivered` tries them again.
"""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone

from wenming.notifications.models import Message
from wenming.privacy import mask_phone

logger = logging.getLogger("wenming.notifications")


def _mark(messages: list, *, error: str = "") -> None:
    pks = [m.pk for m in messages]
    if not pks:
        return
    if error:
        Message.objects.filter(pk__in=pks).update(
            attempts=F("attempts") + 1, last_error=error[:300]
        )
    else:
        Message.objects.filter(pk__in=pks).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )


class InAppBackend:
    """The message centre: a user's message is delivered as soon as it is stored. A message to a
    phone waits in the outbox until an SMS backend is configured."""

    name = "inapp"

    def deliver(self, messages: list) -> None:
        _mark([m for m in messages if m.recipient_id is not None])
        _mark([m for m in messages if m.recipient_id is None], error="未配置短信通道")


class ConsoleBackend(InAppBackend):
    """For the demo and development: a message to a phone is written to the server's log."""

    name = "console"

    def deliver(self, messages: list) -> None:
        phones = [m for m in messages if m.recipient_id is None]
        for message in phones:
            # The log is no place for a whole phone number (wenming.privacy).
            logger.warning(
                "短信 → %s：%s %s", mask_phone(message.phone), message.title, message.body
            )
        _mark([m for m in messages if m.recipient_id is not None])
        _mark(phones)


BACKENDS: dict[str, type] = {InAppBackend.name: InAppBackend, ConsoleBackend.name: ConsoleBackend}


def register(backend: type) -> None:
    BACKENDS[backend.name] = backend


def backend_named(name: str):
    try:
        return BACKENDS[name]()
    except KeyError as exc:
        raise LookupError(
            f"NOTIFIER_BACKEND={name!r}: known backends are {sorted(BACKENDS)}"
        ) from exc
