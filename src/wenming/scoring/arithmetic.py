"""The scoring arithmetic (DESIGN.md §5) as plain functions over aggregated evidence: no database.

The engine (:mod:`wenming.scoring.engine`) counts evidence in the database and hands the counts
here; the property tests exercise these functions directly.

Leaf scores by method:
- material: points × the mean grade share (A 100 %, B 80 %, C 60 %, D 0 %) of the unit's tasks;
  a task whose due date passed in the period with nothing handed in counts 0 % (逾期未报).
- inspection, rule ``rate``: points × passed / (passed + failed) of the mapped checklist items
  over the visited sites ("不适用" is left out).
- inspection, rule ``deduct``: points − deductions per visited site, floored at 0 — the mean
  keeps a unit with many sampled sites from losing more for having more sites.
- survey: points × rate; 知晓率 is the share of "知道", 满意度 the mean on 100/80/60/40/0.
- metric: points × min(1, value / target), value being the mean of the unit's figures for the period.
A leaf without evidence has no score (``None``) and says why; it neither adds to the total nor
to the points evaluated, so a unit is never scored 0 for what nobody has looked at yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def money(value) -> Decimal:
    """Two decimals, half up: every stored score is rounded once, so sums stay exact."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Evidence:
    """Counts for one leaf and one unit. ``num``/``den`` mean per method (see the module doc)."""

    num: Decimal = ZERO
    den: Decimal = ZERO
    sample: int = 0  # tasks, visits, answers or figures behind the counts

    def __add__(self, other: Evidence) -> Evidence:
        return Evidence(self.num + other.num, self.den + other.den, self.sample + other.sample)


NO_EVIDENCE = {
    "material": "尚无评定的申报材料",
    "inspection": "尚无实地检查结果",
    "survey": "尚无问卷答卷",
    "metric": "尚无填报数据",
}


@dataclass(frozen=True)
class LeafResult:
    score: Decimal | None
    rate: Decimal | None  # the share of the points earned, 0..1
    sample: int
    note: str = ""


def leaf_score(
    *, method: str, rule: str, points: Decimal, target: Decimal | None, evidence: Evidence | None
) -> LeafResult:
    """The score of one leaf from its evidence (module doc); ``score`` is None without evidence."""
    points = Decimal(points)
    if evidence is None or evidence.sample == 0 or (evidence.den == 0 and method != "metric"):
        return LeafResult(None, None, 0, NO_EVIDENCE.get(method, "尚无评价依据"))
    num, den = Decimal(evidence.num), Decimal(evidence.den)
    if method == "material":
        rate = num / (den * HUNDRED)
    elif method == "inspection" and rule == "deduct":
        deduction = num / den
        score = max(ZERO, points - deduction)
        rate = score / points if points else ZERO
        return LeafResult(money(score), rate, evidence.sample)
    elif method == "inspection":
        rate = num / den
    elif method == "survey":
        rate = num / (den * HUNDRED)
    elif method == "metric":
        if not target:
            return LeafResult(None, None, evidence.sample, "未设定目标值")
        value = num / den if den else num  # the mean of the figures reported for the period
        rate = min(Decimal(1), max(ZERO, value / Decimal(target)))
    else:
        return LeafResult(None, None, 0, "未设定测评方法")
    rate = min(Decimal(1), max(ZERO, rate))
    return LeafResult(money(points * rate), rate, evidence.sample)


_NOTHING: dict[str, LeafResult] = {}


def _nothing(method: str) -> LeafResult:
    result = _NOTHING.get(method)
    if result is None:
        result = _NOTHING[method] = LeafResult(
            None, None, 0, NO_EVIDENCE.get(method, "尚无评价依据")
        )
    return result


@dataclass(frozen=True)
class Node:
    """An indicator as the engine needs it (a snapshot of the tree)."""

    id: int
    parent_id: int | None
    code: str
    name: str
    points: Decimal
    method: str = ""
    rule: str = "rate"
    target: Decimal | None = None
    depth: int = 1
    position: int = 0


@dataclass
class Subtotal:
    score: Decimal = ZERO
    max_points: Decimal = ZERO  # points of the leaves with evidence under the node
    sample: int = 0


@dataclass
class TreeResult:
    leaves: dict[int, LeafResult] = field(default_factory=dict)
    nodes: dict[int, Subtotal] = field(default_factory=dict)  # only nodes with evidence below
    total: Subtotal = field(default_factory=Subtotal)

    @property
    def rate(self) -> Decimal | None:
        """Score over the points evaluated, 0..1; None when nothing was evaluated."""
        return self.total.score / self.total.max_points if self.total.max_points else None


class Tree:
    """An indicator tree prepared once for scoring many units: leaves, their ancestors, points."""

    def __init__(self, nodes: Sequence[Node]):
        parents = {node.parent_id for node in nodes}
        parent_of = {node.id: node.parent_id for node in nodes}
        self.nodes = list(nodes)
        self.leaves = {node.id: node for node in nodes if node.id not in parents}
        self.points = {node.id: Decimal(node.points) for node in nodes}
        self.ancestors: dict[int, tuple[int, ...]] = {}
        for leaf_id in self.leaves:
            chain, ancestor = [], parent_of.get(leaf_id)
            while ancestor is not None:
                chain.append(ancestor)
                ancestor = parent_of.get(ancestor)
            self.ancestors[leaf_id] = tuple(chain)
        self._scored: dict[tuple[int, Evidence], LeafResult] = {}

    def score(self, leaf_id: int, evidence: Evidence) -> LeafResult:
        """leaf_score for a leaf of this tree, remembered: many units have the same counts for a
        leaf (one task graded B, two answers …), and a result depends on nothing else."""
        key = (leaf_id, evidence)
        found = self._scored.get(key)
        if found is None:
            node = self.leaves[leaf_id]
            found = self._scored[key] = leaf_score(
                method=node.method,
                rule=node.rule,
                points=node.points,
                target=node.target,
                evidence=evidence,
            )
        return found

    def leaf_result(self, leaf_id: int, result: TreeResult) -> LeafResult:
        """A leaf's result; a leaf absent from ``result.leaves`` had no evidence."""
        return result.leaves.get(leaf_id) or _nothing(self.leaves[leaf_id].method)


def roll_up(tree: Tree | Sequence[Node], evidence: Mapping[int, Evidence]) -> TreeResult:
    """Score the leaves that have evidence and add the scores up the tree; the total is the sum
    of the leaves. ``result.leaves`` holds the leaves that had evidence (scored or not)."""
    if not isinstance(tree, Tree):
        tree = Tree(tree)
    result = TreeResult()
    for leaf_id, found in evidence.items():
        if leaf_id not in tree.leaves:
            continue
        leaf = tree.score(leaf_id, found)
        result.leaves[leaf_id] = leaf
        if leaf.score is None:
            continue
        points = tree.points[leaf_id]
        for ancestor in tree.ancestors[leaf_id]:
            subtotal = result.nodes.get(ancestor)
            if subtotal is None:
                subtotal = result.nodes[ancestor] = Subtotal()
            subtotal.score += leaf.score
            subtotal.max_points += points
            subtotal.sample += leaf.sample
        result.total.score += leaf.score
        result.total.max_points += points
        result.total.sample += leaf.sample
    return result


# --- unit performance -------------------------------------------------------------------------

# Components of a unit's composite score, each 0..100 (None when the unit has no data for it).
DEFAULT_WEIGHTS: dict[str, int] = {
    "framework": 50,  # 测评得分率
    "task_completion": 10,  # 任务完成率
    "material_timeliness": 10,  # 材料按时报送率
    "on_time_rate": 15,  # 按期整改率
    "first_pass_rate": 5,  # 一次复核通过率
    "rework_rate": 5,  # 返工率 (counts as 100 − rate)
    "overdue_rate": 5,  # 逾期件数 per case handled (counts as 100 − rate)
}
INVERTED = frozenset({"rework_rate", "overdue_rate"})


def composite(
    components: Mapping[str, Decimal | None], weights: Mapping[str, int | float]
) -> Decimal | None:
    """The weighted mean of the components present (inverted ones count as 100 − value)."""
    total_weight = ZERO
    total = ZERO
    for name, weight in _decimal_weights(tuple(weights.items())):
        value = components.get(name)
        if value is None:
            continue
        value = Decimal(value)
        if name in INVERTED:
            value = HUNDRED - value
        total += weight * value
        total_weight += weight
    if not total_weight:
        return None
    return money(total / total_weight)


@lru_cache(maxsize=16)
def _decimal_weights(weights: tuple[tuple[str, int | float], ...]) -> tuple:
    """The non-zero weights as exact Decimals (a float weight by its shortest text, 0.1 not
    0.1000000000000000055…), converted once per set of weights rather than per unit."""
    return tuple((name, Decimal(str(weight))) for name, weight in weights if weight)


def percent(numerator, denominator) -> Decimal | None:
    """numerator / denominator as a percentage with two decimals; None for an empty denominator."""
    if not denominator:
        return None
    return money(Decimal(numerator) * HUNDRED / Decimal(denominator))


# --- rankings ----------------------------------------------------------------------------------


def dense_rank(scores: Mapping[object, Decimal]) -> dict[object, int]:
    """1 for the highest score, equal scores share a rank, the next distinct score takes the next
    integer (100, 100, 90 → 1, 1, 2)."""
    distinct = sorted({Decimal(s) for s in scores.values()}, reverse=True)
    position = {score: index for index, score in enumerate(distinct, start=1)}
    return {key: position[Decimal(score)] for key, score in scores.items()}


def movement(previous: int | None, current: int | None) -> str:
    """↑3 (climbed three places), ↓1, — (unchanged), 新 (not ranked last time)."""
    if current is None:
        return ""
    if previous is None:
        return "新"
    if previous > current:
        return f"↑{previous - current}"
    if previous < current:
        return f"↓{current - previous}"
    return "—"


@dataclass(frozen=True)
class HonourRule:
    """红榜 and 黑榜 as a coordinator states them: 红榜 = the top ``size`` places whose composite is
    at least ``red_min``; 黑榜 = the bottom ``size`` places among those below ``black_below``.
    ``red_min`` ≥ ``black_below``, so no unit is on both and every red scores above every black."""

    size: int = 3
    red_min: Decimal = Decimal("80")
    black_below: Decimal = Decimal("60")

    def __post_init__(self):
        if Decimal(self.red_min) < Decimal(self.black_below):
            raise ValueError("red_min must not be below black_below")


def red_black(scores: Mapping[object, Decimal], rule: HonourRule) -> tuple[set, set]:
    """The keys on the 红榜 and on the 黑榜 under ``rule``. ``scores`` holds ranked units with
    evidence only: a unit listed apart (no evidence, sample too small) is on neither list."""
    if not scores or rule.size <= 0:
        return set(), set()
    ranks = dense_rank(scores)
    red = {
        key
        for key, rank in ranks.items()
        if rank <= rule.size and Decimal(scores[key]) >= Decimal(rule.red_min)
    }
    low = sorted({Decimal(s) for k, s in scores.items() if Decimal(s) < Decimal(rule.black_below)})[
        : rule.size
    ]
    black = {key for key, s in scores.items() if Decimal(s) in low and key not in red}
    return red, black
