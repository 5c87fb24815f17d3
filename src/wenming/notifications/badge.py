"""The navbar's unread count (消息 badge), shown on every page.

Counting the user's unread messages cost a query on every request. The count is kept in the
session for half a minute instead (the session is read on every request anyway): a message that
arrives shows on the badge within that time. Reading messages shows at once, wherever it was
done: services.mark_read calls :func:`forget_for`, which drops the kept count from every web
session of the reader (the page that read, another browser, the API's caller); the message
centre itself always counts afresh.

A session is saved whole at the end of its request, so a request that loaded the kept count
before the messages were read would write it back: the sessions are therefore cleared once the
request that read has finished (its own session saved), or on commit outside a request.
"""

from __future__ import annotations

import contextvars
import time
from importlib import import_module

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import receiver

from wenming.accounts.selectors import sessions_of
from wenming.notifications.selectors import unread_count

SESSION_KEY = "wm_unread"  # [count, epoch seconds when counted]
KEPT_SECONDS = 30

# The readers whose kept counts go once the request being served has finished.
_after_request: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "wenming_badge_after_request", default=None
)


def unread_badge(request) -> int:
    """The signed-in user's unread messages, counted at most every KEPT_SECONDS per session."""
    session = getattr(request, "session", None)
    if session is None:
        return unread_count(request.user)
    now = int(time.time())
    kept = session.get(SESSION_KEY)
    if (
        isinstance(kept, list)
        and len(kept) == 2
        and all(isinstance(part, int) for part in kept)
        and 0 <= now - kept[1] < KEPT_SECONDS
    ):
        return kept[0]
    count = unread_count(request.user)
    session[SESSION_KEY] = [count, now]
    return count


def forget_badge(request) -> None:
    """The next page of this session counts afresh (the message centre shows the count as it is)."""
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        del session[SESSION_KEY]


def forget_for(user) -> None:
    """Every web session of ``user`` counts afresh on its next page: their messages were read."""
    pending = _after_request.get()
    if pending is not None:
        pending.add(user)
    else:
        transaction.on_commit(lambda: _clear_sessions(user))


@receiver(request_started)
def _request_started(**_signal) -> None:
    _after_request.set(set())


@receiver(request_finished)
def _request_finished(**_signal) -> None:
    pending = _after_request.get()
    _after_request.set(None)
    for user in pending or ():
        _clear_sessions(user)


def _clear_sessions(user) -> None:
    """Only the stored data changes: the session's expiry stays (reading messages from the API
    must not keep an idle browser session alive)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for web_session in sessions_of(user):
        session = store(session_key=web_session.session_key)
        data = session.load()
        if SESSION_KEY not in data:
            continue
        del data[SESSION_KEY]
        store.get_model_class().objects.filter(session_key=web_session.session_key).update(
            session_data=session.encode(data)
        )
