"""Account lockout after repeated failed logins (django-axes), and what the user is told."""

from __future__ import annotations

from datetime import datetime

from axes.conf import settings as axes_settings
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wenming.accounts.forms import LoginForm


def locked_until(username: str) -> datetime | None:
    """When ``username`` may try again, or None when the account is not locked."""
    if not username:
        return None
    attempt = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    cool_off = get_cool_off()
    if (
        attempt is None
        or cool_off is None
        or attempt.failures_since_start < axes_settings.AXES_FAILURE_LIMIT
    ):
        return None
    until = attempt.attempt_time + cool_off
    return until if until > timezone.now() else None


def locked_usernames_now() -> set[str]:
    """Every username locked at this moment (the same rule as ``locked_until``)."""
    cool_off = get_cool_off()
    if cool_off is None:
        return set()
    recent = AccessAttempt.objects.filter(
        attempt_time__gt=timezone.now() - cool_off,
        failures_since_start__gte=axes_settings.AXES_FAILURE_LIMIT,
    )
    names = set(recent.values_list("username", flat=True))
    return {name for name in names if locked_until(name) is not None}


def lockout_message(until: datetime | None) -> str:
    if until is None:
        return _("登录失败次数过多，账户已锁定，请稍后再试。")
    local = timezone.localtime(until)
    return _("登录失败次数过多，账户已锁定，请于 %(time)s 之后再试。") % {
        "time": date_format(local, "Y-m-d H:i")
    }


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: JSON for the API, the login page with the message otherwise."""
    username = get_client_username(request, credentials) or ""
    until = locked_until(username)
    message = lockout_message(until)
    if request.path.startswith("/api/"):
        body = {"detail": message, "retry_after": until.isoformat() if until else None}
        return JsonResponse(body, status=429)
    form = LoginForm(request, data=None, initial={"username": username})
    return render(request, "accounts/login.html", {"form": form, "lockout": message}, status=429)
