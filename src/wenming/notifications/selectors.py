"""Reads of the message centre: only ever the actor's own messages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from wenming.notifications.models import Message


def messages_for(actor) -> QuerySet[Message]:
    if actor is None or not actor.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(recipient=actor)


def message_list_for(actor, *, unread_only: bool = False) -> QuerySet[Message]:
    """The message centre's list (page and API): newest first, the unread ones when asked."""
    messages = messages_for(actor)
    return messages.filter(read_at__isnull=True) if unread_only else messages


def unread_count(actor) -> int:
    return messages_for(actor).filter(read_at__isnull=True).count()


def get_message_for(actor, pk: int) -> Message:
    message = messages_for(actor).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message
