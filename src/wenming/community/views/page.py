"""What every community page does with a request: check the role, read the month asked
for, post a small form to a service and come back with a message."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone

from wenming.community import permissions, services
from wenming.periods import PeriodError, PeriodKind, parse_period, period_containing
from wenming.scoring.services import ScoringError
from wenming.uploads import UploadRejected


def ensure(user, action: str) -> None:
    if not permissions.can(user, action):
        raise PermissionDenied


def month_asked(request, *, default_current: bool = False):
    """The month asked for (?month=2026-11); else the 考核月 (the last complete month) or this one."""
    today = timezone.localdate()
    current = period_containing(PeriodKind.MONTH, today)
    text = (request.GET.get("month") or "").strip()
    if text:
        try:
            period = parse_period(text)
        except PeriodError:
            period = None
        if period is not None and period.kind == PeriodKind.MONTH and period.start <= today:
            return period
    return current if default_current else current.previous()


def recent_months(today=None) -> list:
    current = period_containing(PeriodKind.MONTH, today or timezone.localdate())
    months = [current]
    for _i in range(11):
        months.append(months[-1].previous())
    return months


def refused(request, exc: Exception) -> None:
    if isinstance(exc, UploadRejected):
        messages.error(request, exc.messages[0])
    else:
        messages.error(request, getattr(exc, "message", str(exc)))


def post_form(request, form, call: Callable, *, done: str, back: str, owner: Callable):
    """Validate a small form posted from a page, call the service, go back with a message.
    ``owner()`` fetches what the form changes first: outside the scope is a 404 whatever was sent."""
    owner()
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        messages.error(request, first)
        return redirect(back)
    try:
        call(form.cleaned_data)
    except (services.CommunityError, UploadRejected, ScoringError) as exc:
        refused(request, exc)
    else:
        messages.success(request, done)
    return redirect(back)
