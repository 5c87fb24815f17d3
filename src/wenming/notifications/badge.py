"""The navbar's unread count (消息 badge), shown on every page.

Counting the user's unread messages cost a query on every request. The count is kept in the
session for half a minute instead (the session is read on every request anyway): a message that
arrives shows on the badge within that time, while reading messages in this session shows at
once, since opening one, marking all read and the message centre itself count afresh.
"""

from __future__ import annotations

import time

from wenming.notifications.selectors import unread_count

SESSION_KEY = "wm_unread"  # [count, epoch seconds when counted]
KEPT_SECONDS = 30


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
    """The next page counts afresh (after messages were read, or on the message centre)."""
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        del session[SESSION_KEY]
