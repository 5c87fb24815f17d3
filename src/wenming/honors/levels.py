"""The five selection levels (五评选) on the region tree, and how a level decides.

楼道(村组) and 社区(村) are both judged in the community's region (a 楼道 is a label below the
community, not a region of its own); 街道(镇), 县(区) and 市 are the town, county and city
above it. The reviewers of a level are the people of the territorial unit of that region.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from wenming.honors.models import SELECTION_LEVELS, Level, SelectionMethod
from wenming.regions.models import Region, RegionLevel

# Prefix length of a level's region inside a 12-digit code.
_LEVEL_PREFIX = {
    Level.BUILDING: 12,
    Level.COMMUNITY: 12,
    Level.STREET: 9,
    Level.COUNTY: 6,
    Level.CITY: 4,
}
_ENTRY_BY_REGION_LEVEL = {
    RegionLevel.VILLAGE: Level.COMMUNITY,
    RegionLevel.TOWN: Level.STREET,
    RegionLevel.COUNTY: Level.COUNTY,
    RegionLevel.CITY: Level.CITY,
}
QUARTERS = "一二三四"


def entry_level(region: Region, building: str = "") -> str:
    """The lowest level for a person living in ``region``: 楼道 where the building is known."""
    level = _ENTRY_BY_REGION_LEVEL.get(RegionLevel(region.level))
    if level is None:
        raise ValueError(_("请选择被推荐人所在的社区（村）、街道（镇）或县（区）。"))
    if level == Level.COMMUNITY and building.strip():
        return Level.BUILDING
    return level


def level_region_code(level: str, region_code: str) -> str:
    """The code of the region whose unit judges ``level`` for a person in ``region_code``."""
    return region_code[: _LEVEL_PREFIX[Level(level)]].ljust(12, "0")


def next_level(level: str) -> str | None:
    index = SELECTION_LEVELS.index(Level(level))
    return SELECTION_LEVELS[index + 1] if index + 1 < len(SELECTION_LEVELS) else None


def quarter_label(day: date) -> str:
    return _("%(year)d年第%(q)s季度") % {"year": day.year, "q": QUARTERS[(day.month - 1) // 3]}


def honor_title(*, level: str, day: date, place: str, building: str = "") -> str:
    """ "2026年第三季度田家庵区好人"; at 楼道 level the building follows the community's name."""
    if Level(level) == Level.BUILDING and building:
        place = f"{place}{building}"
    return _("%(quarter)s%(place)s好人") % {"quarter": quarter_label(day), "place": place}


@dataclass(frozen=True)
class Rule:
    method: str = SelectionMethod.VOTE
    quorum: int = 1
    threshold: Decimal = Decimal("80")
    publicity_days: int = 5


def decide(rule: Rule, *, votes: list[bool] = (), scores: list[Decimal] = ()) -> str | None:
    """ "pass", "fail", or None while fewer than the quorum have reviewed.

    Votes: more than half in favour. Scores: the mean reaches the threshold.
    """
    if rule.method == SelectionMethod.SCORE:
        if len(scores) < rule.quorum:
            return None
        mean = sum((Decimal(s) for s in scores), Decimal(0)) / len(scores)
        return "pass" if mean >= Decimal(rule.threshold) else "fail"
    if len(votes) < rule.quorum:
        return None
    return "pass" if 2 * sum(1 for v in votes if v) > len(votes) else "fail"
