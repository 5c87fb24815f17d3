"""Who answers for a case: the site's responsible unit, else a category × region rule."""

from __future__ import annotations

from wenming.cases.models import DispatchRule
from wenming.kept import Kept
from wenming.regions.models import Region, Unit, ancestor_codes


def resolve_unit(*, category: str, region: Region, site=None) -> Unit | None:
    """The responsible unit: from the site, else the rule of the deepest region covering the case."""
    if site is not None and getattr(site, "unit_id", None):
        return site.unit
    rules = kept_rules.get()
    for code in ancestor_codes(region.code):  # deepest first
        unit = rules.get((category, code))
        if unit is not None:
            return unit
    return None


def _load_rules() -> dict[tuple[str, str], Unit]:
    """Every rule, (category, region code) → its active unit."""
    return {
        (rule.category, rule.region_id): rule.unit
        for rule in DispatchRule.objects.filter(unit__is_active=True).select_related("unit")
    }


# Every report asks and the office edits rules seldom, so each process keeps them a minute;
# saving or deleting a rule or a unit empties this process's copy at once (CasesConfig.ready
# wires it), the other processes' within the minute.
kept_rules = Kept(_load_rules, seconds=60)
