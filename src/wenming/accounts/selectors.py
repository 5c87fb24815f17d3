"""Reads about accounts: one's own tokens, sessions and login history; the audit log for the
audit admin."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from wenming.accounts.lockout import locked_until, locked_usernames_now
from wenming.accounts.models import ApiToken, AuditAction, AuditEvent, UserSession
from wenming.regions import permissions
from wenming.regions.models import Role


def login_history_summary(user) -> dict:
    """The last successful login before now and the failed attempts since (JSON-ready)."""
    last = (
        AuditEvent.objects.filter(actor=user, action=AuditAction.LOGIN)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    failures = AuditEvent.objects.filter(
        username=user.get_username(),
        action__in=[AuditAction.LOGIN_FAILED, AuditAction.OTP_FAILED],
    )
    if last is not None:
        failures = failures.filter(at__gt=last)
    return {"last_login": last.isoformat() if last else None, "failures": failures.count()}


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, expires__gt=timezone.now()).order_by("-created")


def sessions_of(user) -> list[UserSession]:
    """The user's web sessions that have not expired, newest first."""
    sessions = list(UserSession.objects.filter(user=user))
    live = set(
        Session.objects.filter(
            session_key__in=[s.session_key for s in sessions], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    return [s for s in sessions if s.session_key in live]


def own_login_events(user, *, limit: int = 20) -> QuerySet[AuditEvent]:
    """Everyone may see the logins and failed logins on their own account, nothing more."""
    return AuditEvent.objects.filter(
        username=user.get_username(),
        action__in=[
            AuditAction.LOGIN,
            AuditAction.LOGIN_FAILED,
            AuditAction.LOCKED_OUT,
            AuditAction.OTP_FAILED,
            AuditAction.PASSWORD_CHANGED,
            AuditAction.PASSWORD_RESET,
        ],
    ).order_by("-at", "-pk")[:limit]


def can_read_audit_log(user) -> bool:
    """Only the audit admin (审计管理员) reads the whole log; a superuser is not exempt."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and permissions.role_of(user) == Role.AUDITOR
    )


def audit_events_for(
    actor,
    *,
    username: str = "",
    action: str = "",
    outcome: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    if not can_read_audit_log(actor):
        raise PermissionDenied
    events = AuditEvent.objects.all()
    if username:
        events = events.filter(username=username)
    if action:
        events = events.filter(action=action)
    if outcome:
        events = events.filter(outcome=outcome)
    if since:
        events = events.filter(at__gte=since)
    if until:
        events = events.filter(at__lt=until)
    return events.order_by("-at", "-pk")


def audit_events_on(actor, day: date, *, action: str = "") -> QuerySet[AuditEvent]:
    """The log of one local day (what the log page shows for since = until = that day)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return audit_events_for(actor, action=action, since=start, until=start + timedelta(days=1))


def accounts_for_security_admin(actor, *, search: str = "", locked_only: bool = False) -> QuerySet:
    """Every account, for the security admin (unlock, reset); no domain data comes with it.
    ``locked_only``: those locked now, what the admin's 工作台 counts."""
    if not permissions.can(actor, permissions.MANAGE_SECURITY):
        raise PermissionDenied
    users = get_user_model().objects.select_related("membership__unit").order_by("username")
    if locked_only:
        users = users.filter(username__in=locked_usernames_now())
    if search:
        users = users.filter(username__icontains=search) | users.filter(
            first_name__icontains=search
        )
    return users


def locked_usernames(usernames: list[str]) -> set[str]:
    return {name for name in usernames if locked_until(name) is not None}
