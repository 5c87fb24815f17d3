"""The administrators' cards: locked accounts for the security admin, today's failed logins
and exports for the audit admin, the units the system admin maintains."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts import selectors as account_selectors
from wenming.regions import permissions as region_permissions
from wenming.regions import selectors as region_selectors
from wenming.web.workbench.cards import Card, Section, link


def account_section(user) -> Section | None:
    """账号安全: for the security admin the accounts locked after failed logins (to unlock); for
    the audit admin today's failed logins and exports, each opening the log filtered to them."""
    if region_permissions.can(user, region_permissions.MANAGE_SECURITY):
        count = account_selectors.accounts_for_security_admin(user, locked_only=True).count()
        rows = [("accounts-locked", _("被锁定的账号"), count, link("accounts:manage", locked=1))]
    elif account_selectors.can_read_audit_log(user):
        today = timezone.localdate()
        rows = [
            (
                f"audit-{action}",
                label,
                account_selectors.audit_events_on(user, today, action=action).count(),
                link("accounts:audit_log", action=action, since=today, until=today),
            )
            for action, label in (("login_failed", _("今日登录失败")), ("export", _("今日导出")))
        ]
    else:
        return None
    cards = [Card(key, str(label), n, url, "danger") for key, label, n, url in rows]
    return Section("accounts", _("账号安全"), cards)


def system_section(user) -> Section | None:
    if not region_permissions.can(user, region_permissions.MANAGE_ORGANISATION):
        return None
    counts = region_selectors.organisation_counts(user)
    return Section(
        "system",
        _("系统维护"),
        [
            Card("system-units", _("责任单位"), counts.units, link("web:unit_list"), "secondary"),
        ],
    )
