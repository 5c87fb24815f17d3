from wenming.accounts.selectors import can_read_audit_log
from wenming.notifications.badge import unread_badge
from wenming.regions.permissions import (
    EXPORT,
    MANAGE_ORGANISATION,
    MANAGE_SECURITY,
    can,
    role_of,
)
from wenming.web.areas import areas_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_areas": []}
    return {
        "nav_areas": areas_for(user),
        "unread_messages": unread_badge(request),
        "can_manage_organisation": can(user, MANAGE_ORGANISATION),
        "can_export": can(user, EXPORT),
        "can_manage_security": can(user, MANAGE_SECURITY),
        "can_read_audit_log": can_read_audit_log(user),
        "nav_role": role_of(user),
    }
