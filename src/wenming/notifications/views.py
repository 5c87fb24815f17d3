"""消息中心: the user's messages, newest first; opening one marks it read and follows its link."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wenming.notifications import selectors, services
from wenming.notifications.badge import forget_badge
from wenming.paging import page_of

PAGE_SIZE = 30


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    forget_badge(request)  # the message centre shows the count as it is now
    messages = selectors.message_list_for(request.user, unread_only=unread_only)
    page = page_of(request, messages, PAGE_SIZE)
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def open_message(request, pk: int):
    message = selectors.get_message_for(request.user, pk)
    services.mark_read(actor=request.user, message_id=message.pk)
    safe = url_has_allowed_host_and_scheme(message.url, allowed_hosts={request.get_host()})
    return redirect(message.url if message.url and safe else "notifications:inbox")


@login_required
@require_POST
def read_all(request):
    services.mark_read(actor=request.user)
    return redirect("notifications:inbox")
