"""Who answers for a case: the site's responsible unit, else a category × region rule."""

from __future__ import annotations

from wenming.cases.models import DispatchRule
from wenming.regions.models import Region, Unit, code_prefix


def _ancestor_codes(region: Region) -> list[str]:
    """The region's code and the codes of the regions above it (by code prefix)."""
    code = region.code
    prefix = code_prefix(code)
    codes = [code]
    for length in (9, 6, 4, 2):
        if length < len(prefix):
            codes.append(code[:length].ljust(12, "0"))
    return codes


def resolve_unit(*, category: str, region: Region, site=None) -> Unit | None:
    """The responsible unit: from the site, else the rule of the deepest region covering the case."""
    if site is not None and getattr(site, "unit_id", None):
        return site.unit
    codes = _ancestor_codes(region)
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
