"""Who answers for what is found at a (region, unit) — 属地 and 职能 (DESIGN.md §5), one rule for
the case metrics (cases.metrics) and the assessment (scoring.engine):

- a territorial unit (区县政府, 街道, 社区, 文明办) answers for everything in its region's subtree (属地);
- any other unit answers for what is assigned to it or to a unit under it (职能: 公安局 ← 交警支队).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from wenming.regions.models import PREFIX_LENGTH, TERRITORIAL_KINDS, Unit

PREFIX_LENGTHS = sorted(set(PREFIX_LENGTH.values()))


def unit_rows() -> list[dict]:
    """Every unit as a dict with ``pk``, ``parent_id``, ``kind``, ``name``, ``short_name``,
    ``region_id``, ``is_active`` and ``prefix`` (its region's subtree prefix) — what Attribution reads."""
    rows = Unit.objects.values(
        "pk", "parent_id", "kind", "name", "short_name", "region_id", "region__level", "is_active"
    )
    # The stored level looks its length up directly (a TextChoices member hashes as its value):
    # building an enum member per row cost a province's 2,280 units a tenth of a second.
    lengths = {str(level): length for level, length in PREFIX_LENGTH.items()}
    return [{**r, "prefix": r["region_id"][: lengths[r["region__level"]]]} for r in rows]


class Attribution:
    """The units answering for evidence found at (region, unit), among those ``answers`` accepts
    (all by default; the assessment takes its ranked units), within ``root_prefix``."""

    def __init__(
        self,
        units: Iterable[dict],
        *,
        answers: Callable[[dict], bool] = lambda unit: True,
        root_prefix: str = "",
    ):
        self.root_prefix = root_prefix
        self.parent: dict[int, int | None] = {}
        self.by_prefix: dict[str, list[int]] = defaultdict(list)
        self.functional: set[int] = set()
        for unit in units:
            self.parent[unit["pk"]] = unit["parent_id"]
            if not answers(unit):
                continue
            if unit["kind"] in TERRITORIAL_KINDS:
                self.by_prefix[unit["prefix"]].append(unit["pk"])
            else:
                self.functional.add(unit["pk"])
        self._cache: dict[tuple, tuple[int, ...]] = {}

    def in_scope(self, region: str | None) -> bool:
        return bool(region) and region.startswith(self.root_prefix)

    def territorial(self, region: str) -> tuple[int, ...]:
        """Territorial units whose region's subtree holds ``region`` (属地)."""
        return self.targets(region, None)

    def functional_chain(self, unit_id: int) -> tuple[int, ...]:
        """Non-territorial units answering for ``unit_id``: itself and those above it (职能)."""
        return self.targets(None, unit_id)

    def targets(self, region: str | None, unit_id: int | None) -> tuple[int, ...]:
        """Both rules at once, for evidence that has a region and a responsible unit."""
        key = (region, unit_id)
        found = self._cache.get(key)
        if found is None:
            chosen: set[int] = set()
            if self.in_scope(region):
                for length in PREFIX_LENGTHS:
                    chosen.update(self.by_prefix.get(region[:length], ()))
            seen: set[int] = set()
            current = unit_id
            while current is not None and current not in seen:
                seen.add(current)
                if current in self.functional:
                    chosen.add(current)
                current = self.parent.get(current)
            found = self._cache[key] = tuple(chosen)
        return found

    def territorial_table(self) -> tuple[list[str], list[int]]:
        """The answering territorial units as parallel columns (prefix, unit), for a database
        that applies the 属地 rule itself: a region's units are those whose prefix equals the
        region's code cut at one of PREFIX_LENGTHS (as ``territorial``), each once."""
        prefixes, units = [], []
        for prefix, unit_ids in self.by_prefix.items():
            prefixes += [prefix] * len(unit_ids)
            units += unit_ids
        return prefixes, units

    def functional_table(self) -> tuple[list[int], list[int]]:
        """Every (source, answering unit) pair of the 职能 rule as parallel columns: the units in
        ``functional_chain(source)`` for each known unit. Built downwards from the few functional
        units (each answers for itself and every unit under it) instead of walking up from each
        of the thousands of units, most of which no functional unit is above."""
        children: dict[int, list[int]] = defaultdict(list)
        for unit_id, parent_id in self.parent.items():
            children[parent_id].append(unit_id)
        sources, targets = [], []
        for answering in self.functional:
            seen, stack = {answering}, [answering]
            while stack:
                unit_id = stack.pop()
                sources.append(unit_id)
                targets.append(answering)
                for child in children.get(unit_id, ()):
                    if child not in seen:
                        seen.add(child)
                        stack.append(child)
        return sources, targets
