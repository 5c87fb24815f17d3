"""Unit names as tables write them: full or short names, 繁/简, several per cell, collective names."""

from __future__ import annotations

import unicodedata

from wenming.hanzi import normalize
from wenming.regions.models import UnitKind
from wenming.regions.services import UnitIndex

# Collective names: (names, unit kind, suffixes of the unit's region name or None for all of the kind).
COLLECTIVE_NAMES: tuple[tuple[frozenset[str], str, tuple[str, ...] | None], ...] = (
    (frozenset({"各区人民政府", "各区政府"}), UnitKind.GOVERNMENT, ("区",)),
    (
        frozenset({"各县人民政府", "各县政府", "各县(市)人民政府", "各县(市)政府"}),
        UnitKind.GOVERNMENT,
        ("县", "市"),
    ),
    (
        frozenset(
            {
                "各县区人民政府",
                "各区县人民政府",
                "各县区政府",
                "各区县政府",
                "各县(区)人民政府",
                "各县(区)政府",
                "各区(县)人民政府",
                "各区(县)政府",
                "各县(市、区)人民政府",
                "各县(市、区)政府",
                "各县市区政府",
            }
        ),
        UnitKind.GOVERNMENT,
        None,
    ),
    (frozenset({"各街道办事处", "各街道", "各街道办"}), UnitKind.STREET, ("街道",)),
    (frozenset({"各乡镇", "各乡镇人民政府", "各乡镇政府", "各镇"}), UnitKind.STREET, ("乡", "镇")),
    (
        frozenset({"各街道(乡镇)", "各乡镇(街道)", "各街镇", "各乡镇街道", "各街道乡镇", "各镇街"}),
        UnitKind.STREET,
        None,
    ),
    (
        frozenset({"各社区", "各社区居委会", "各居委会", "各城市社区", "各社区居民委员会"}),
        UnitKind.COMMUNITY,
        ("社区",),
    ),
    (frozenset({"各村", "各行政村", "各村委会", "各村民委员会"}), UnitKind.COMMUNITY, ("村",)),
    (
        frozenset({"各社区(村)", "各村(社区)", "各村居", "各村(居)", "各村(社区)居委会"}),
        UnitKind.COMMUNITY,
        None,
    ),
)


def split_names(text: str) -> list[str]:
    """Unit names separated by 、，, ; or blanks — but not inside brackets: 各县（市、区）政府."""
    text = unicodedata.normalize("NFKC", text)
    names, current, depth = [], [], 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and (char in "、,;/" or char.isspace()):
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    return [n.strip() for n in names if n.strip()]


class UnitResolver:
    """Unit names as tables write them → Units: full or short name, 繁/简, collective names."""

    def __init__(self, units):
        self.units = [u for u in units if u.is_active]
        self.index = UnitIndex(self.units)  # a short name two units share must be written in full
        self.collectives: dict[str, list] = {}
        for names, kind, suffixes in COLLECTIVE_NAMES:
            members = [
                u
                for u in self.units
                if u.kind == kind and (suffixes is None or u.region.name.endswith(suffixes))
            ]
            for name in names:
                self.collectives[normalize(name)] = members

    def resolve(self, text: str) -> tuple[list, list[str], list[str]]:
        """(units in the order named, without repeats; names not found; short names of several units)."""
        found, unknown, ambiguous = [], [], []
        for name in split_names(text):
            if self.index.is_ambiguous(name):
                ambiguous.append(name)
                continue
            unit = self.index.find(name)
            members = [unit] if unit is not None else self.collectives.get(normalize(name))
            if not members:
                unknown.append(name)
            for member in members or ():
                if member not in found:
                    found.append(member)
        return found, unknown, ambiguous
