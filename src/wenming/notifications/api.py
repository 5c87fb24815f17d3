"""消息中心 in the API (/api/v1/messages/): the caller's own messages, newest first, and marking
one or all of them read through the same service as the page (so the navbar badge of each of
the caller's web sessions follows at once, notifications.badge)."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from wenming.apischema import Id, Pages
from wenming.errorbody import ErrorOut
from wenming.notifications import selectors, services

router = Router(tags=["消息中心"])


class MessageOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created: datetime
    read_at: datetime | None


class ReadOut(Schema):
    marked: int  # messages this call marked read
    unread: int  # the caller's unread messages now


@router.get("", response=list[MessageOut])
@paginate(Pages, page_size=50)
def list_messages(request, unread: bool = False):
    """The caller's messages, newest first; ``unread=true`` for the unread ones only."""
    return selectors.message_list_for(request.user, unread_only=unread)


@router.post("/read", response=ReadOut)
def read_all(request):
    """Mark every unread message of the caller read."""
    marked = services.mark_read(actor=request.user)
    return {"marked": marked, "unread": selectors.unread_count(request.user)}


@router.post("/{message_id}/read", response={200: ReadOut, 404: ErrorOut})
def read_one(request, message_id: Id):
    """Mark one of the caller's messages read (404 for anyone else's)."""
    marked = services.mark_read(actor=request.user, message_id=message_id)
    return {"marked": marked, "unread": selectors.unread_count(request.user)}
