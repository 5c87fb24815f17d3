from wenming.regions.permissions import EXPORT, MANAGE_ORGANISATION, can, role_of
from wenming.web.areas import AREAS


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_areas": AREAS}
    return {
        "nav_areas": AREAS,
        "can_manage_organisation": can(user, MANAGE_ORGANISATION),
        "can_export": can(user, EXPORT),
        "nav_role": role_of(user),
    }
