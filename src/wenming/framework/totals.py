"""The points check of an indicator tree: plain arithmetic over nodes, no database.

A node is anything with ``pk``, ``parent_id``, ``points`` and ``is_feature`` (an Indicator,
or a stand-in in tests). Every non-leaf's points must equal the sum of its children's; the
basic top-level nodes must add up to the framework's full mark when one is set. The
feature section (特色指标) is checked inside but scores on top of the full mark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TotalsProblem:
    """A node (None: the framework's full mark) whose points differ from its children's sum."""

    node: object | None
    points: Decimal
    children_sum: Decimal

    @property
    def difference(self) -> Decimal:
        """Positive when the node promises more points than its children give."""
        return self.points - self.children_sum


def children_of(nodes: Sequence) -> dict[object, list]:
    children: dict[object, list] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    return children


def node_totals(nodes: Sequence) -> dict[object, Decimal]:
    """Each node's total: its own points for a leaf, the sum of its children's totals otherwise."""
    children = children_of(nodes)
    totals: dict[object, Decimal] = {}

    def total(node) -> Decimal:
        if node.pk not in totals:
            kids = children.get(node.pk, [])
            totals[node.pk] = (
                sum((total(k) for k in kids), Decimal(0)) if kids else Decimal(node.points)
            )
        return totals[node.pk]

    for node in nodes:
        total(node)
    return totals


def check_totals(nodes: Sequence, *, total_points: Decimal | None = None) -> list[TotalsProblem]:
    """Every node whose points are not its children's sum, in the order given; [] when all add up."""
    children = children_of(nodes)
    problems = []
    for node in nodes:
        kids = children.get(node.pk)
        if kids:
            children_sum = sum((Decimal(k.points) for k in kids), Decimal(0))
            if Decimal(node.points) != children_sum:
                problems.append(TotalsProblem(node, Decimal(node.points), children_sum))
    if total_points is not None:
        basic = sum(
            (Decimal(n.points) for n in children.get(None, []) if not n.is_feature), Decimal(0)
        )
        if basic != Decimal(total_points):
            problems.append(TotalsProblem(None, Decimal(total_points), basic))
    return problems
