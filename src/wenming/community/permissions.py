"""Who may do what with the community standard: one role table plus the own-unit rules.

The office (创城办) and 民政 staff run the standard (thresholds, the weak list, plans, notices,
pairings); a community's own liaison or leader keeps its facilities and its ledger; the liaison
or leader of a paired unit records that unit's funds, joint activities and 党员报到.
"""

from __future__ import annotations

from wenming.regions import permissions
from wenming.regions.models import Role
from wenming.regions.scope import scope_for

VIEW = "view_community"
RECORD = "record_ledger"  # own community: ledger entries, facilities
MANAGE = "manage_standard"  # thresholds, weak list, plans, pairings
ISSUE_NOTICE = "issue_notice"  # 整改通知书 for a plan behind schedule
RECORD_PAIRING = "record_pairing"  # own unit's pairing: funds, activities, 党员报到

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({VIEW, MANAGE, ISSUE_NOTICE}),
    Role.COORDINATOR: frozenset({VIEW, MANAGE, ISSUE_NOTICE}),
    Role.WELFARE: frozenset({VIEW, MANAGE}),
    Role.INSPECTOR: frozenset({VIEW}),
    Role.REVIEWER: frozenset({VIEW}),
    Role.LIAISON: frozenset({VIEW, RECORD, RECORD_PAIRING}),
    Role.LEADER: frozenset({VIEW, RECORD, RECORD_PAIRING}),
}


def can(user, action: str) -> bool:
    return permissions.can(user, action, table=ROLE_ACTIONS)


def is_own_unit(user, unit_id: int) -> bool:
    """The unit is the user's or one under it (a street's liaison keeps its communities' ledgers)."""
    return unit_id in scope_for(user).unit_ids


def can_record_for(user, community) -> bool:
    """Ledger entries and facilities: the community's own people, or whoever runs the standard."""
    return (can(user, RECORD) and is_own_unit(user, community.unit_id)) or can(user, MANAGE)


def can_record_pairing(user, pairing) -> bool:
    return (can(user, RECORD_PAIRING) and is_own_unit(user, pairing.unit_id)) or can(user, MANAGE)
