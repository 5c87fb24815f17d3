"""Who answers for a case: the site's responsible unit, else a category × region rule."""

from __future__ import annotations

from wenming.cases.models import DispatchRule
from wenming.regions.models import Region, Unit, ancestor_codes


def resolve_unit(*, category: str, region: Region, site=None) -> Unit | None:
    """The responsible unit: from the site, else the rule of the deepest region covering the case."""
    if site is not None and getattr(site, "unit_id", None):
        return site.unit
    codes = ancestor_codes(region.code)
    rules = {
        rule.region_id: rule.unit
        for rule in DispatchRule.objects.filter(
            category=category, region_id__in=codes, unit__is_active=True
        ).select_related("unit")
    }
    for code in codes:  # deepest first
        if code in rules:
            return rules[code]
    return None
