"""Who may do what with the civil-affairs registers. One table, read by services and views.

Children's records (农村留守儿童, 困境儿童) are sensitive personal information of minors
(个人信息保护法 art. 28, 31): only civil-affairs staff (民政工作人员) of the child's region see
them — not the office, not an administrator, not a superuser.
"""

from __future__ import annotations

from wenming.regions import permissions
from wenming.regions.models import Region, Role, code_prefix
from wenming.regions.scope import scope_for

VIEW = "view"  # the registers and their figures, within the scope
MANAGE = "manage"  # enter and import meal points, counts, 适老化改造, relief cases, campaigns
RECORD_SAFETY = "record_safety"  # a unit's own safety checks, talks, drills, notices
SAFETY_ALL = "safety_all"  # the safety checks of every unit in the scope
EXPORT = "export"

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({VIEW, SAFETY_ALL, EXPORT}),
    Role.SECURITY: frozenset(),
    Role.AUDITOR: frozenset(),
    Role.COORDINATOR: frozenset({VIEW, SAFETY_ALL, EXPORT}),
    Role.INSPECTOR: frozenset({VIEW}),
    Role.LIAISON: frozenset({VIEW, RECORD_SAFETY}),
    Role.LEADER: frozenset({VIEW, RECORD_SAFETY}),
    Role.REVIEWER: frozenset(),
    Role.WELFARE: frozenset({VIEW, MANAGE, RECORD_SAFETY, SAFETY_ALL, EXPORT}),
}


def can(user, action: str) -> bool:
    return permissions.can(user, action, table=ROLE_ACTIONS)


def ensure_can(user, action: str) -> None:
    permissions.ensure_can(user, action, table=ROLE_ACTIONS)


def civil_affairs_prefixes(user) -> tuple[str, ...]:
    """The region subtree(s) a civil-affairs worker answers for: their unit's region, whether
    the unit is territorial (区民政局 of a district government) or a department (市民政局 → the
    city). Empty for every other role and for superusers (children's records stay closed)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    if permissions.role_of(user) != Role.WELFARE:
        return ()
    codes = scope_for(user).home_region_codes
    regions = Region.objects.filter(code__in=sorted(codes)).only("code", "level")
    return tuple(region.prefix for region in regions) or tuple(code_prefix(c) for c in codes)


def may_see_child_region(user, region_code: str) -> bool:
    return any(region_code.startswith(p) for p in civil_affairs_prefixes(user))
