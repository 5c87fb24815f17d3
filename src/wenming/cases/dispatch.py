"""Who answers for a case: the site's responsible unit, else a category × region rule."""

from __future__ import annotations

import time

from wenming.cases.models import DispatchRule
from wenming.regions.models import Region, Unit, ancestor_codes

RULES_SECONDS = 60
_rules_held: list[tuple[float, dict[tuple[str, str], Unit]]] = []


def resolve_unit(*, category: str, region: Region, site=None) -> Unit | None:
    """The responsible unit: from the site, else the rule of the deepest region covering the case."""
    if site is not None and getattr(site, "unit_id", None):
        return site.unit
    rules = _rules()
    for code in ancestor_codes(region.code):  # deepest first
        unit = rules.get((category, code))
        if unit is not None:
            return unit
    return None


def _rules() -> dict[tuple[str, str], Unit]:
    """Every rule, (category, region code) → its active unit. Every report asks and the office
    edits rules seldom, so each process keeps them a minute; saving or deleting a rule or a
    unit empties this process's copy at once (forget_rules), the other processes' within it."""
    held = _rules_held[0] if _rules_held else None
    if held is None or time.monotonic() - held[0] >= RULES_SECONDS:
        rules = {
            (rule.category, rule.region_id): rule.unit
            for rule in DispatchRule.objects.filter(unit__is_active=True).select_related("unit")
        }
        held = (time.monotonic(), rules)
        _rules_held[:] = [held]
    return held[1]


def forget_rules(**_signal) -> None:
    _rules_held.clear()
