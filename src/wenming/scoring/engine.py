"""The assessment engine: evidence counted in the database, attributed to units, scored, ranked.

Attribution (who answers for a piece of evidence): 属地 and 职能 as regions.attribution defines
them (shared with the case metrics); tasks, materials and ledger figures (metric leaves) belong
to the unit they name.
The queries are a fixed handful (one per kind of evidence); Python only adds up the grouped
cells they return, whose number grows with regions × units × indicators, not with the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from wenming.cases.metrics import CaseMetrics, unit_case_figures
from wenming.framework import selectors as framework_selectors
from wenming.framework.models import Method
from wenming.periods import Period
from wenming.regions.attribution import Attribution, unit_rows
from wenming.regions.models import (
    Region,
    UnitKind,
)
from wenming.scoring import arithmetic as ar
from wenming.scoring import evidence as ev
from wenming.scoring import rollup
from wenming.scoring.alongside import start as start_alongside
from wenming.scoring.models import RANKED_KINDS
from wenming.scoring.rollup import FrameworkScore
from wenming.surveys.stats import MIN_RELIABLE_N, wilson_interval


@dataclass(frozen=True)
class Parameters:
    """What an assessment is computed with; frozen into the snapshot."""

    weights: dict = field(default_factory=lambda: dict(ar.DEFAULT_WEIGHTS))
    min_sample: int = 3  # below this many evidence items a unit is listed apart, not ranked
    list_size: int = 3  # 红榜/黑榜 length per kind of unit
    # survey rates on fewer answers are flagged 样本偏少 (the survey app's rule, frozen here)
    survey_min_sample: int = MIN_RELIABLE_N
    red_min: str = "80"  # 红榜 needs a composite at least this high
    black_below: str = "60"  # 黑榜 takes units below this composite

    @classmethod
    def from_settings(cls) -> Parameters:
        configured = getattr(settings, "SCORING", {}) or {}
        weights = dict(ar.DEFAULT_WEIGHTS)
        weights.update(configured.get("weights", {}))
        return cls(
            weights=weights,
            min_sample=int(configured.get("min_sample", 3)),
            list_size=int(configured.get("list_size", 3)),
            red_min=str(Decimal(str(configured.get("red_min", 80)))),
            black_below=str(Decimal(str(configured.get("black_below", 60)))),
        )

    def as_json(self) -> dict:
        return {
            "weights": self.weights,
            "min_sample": self.min_sample,
            "list_size": self.list_size,
            "survey_min_sample": self.survey_min_sample,
            "red_min": self.red_min,
            "black_below": self.black_below,
        }

    @classmethod
    def from_json(cls, data: dict) -> Parameters:
        return cls(**data)

    @property
    def honour_rule(self) -> ar.HonourRule:
        return ar.HonourRule(
            size=self.list_size,
            red_min=Decimal(self.red_min),
            black_below=Decimal(self.black_below),
        )


def honour_rule_text(parameters: Parameters) -> str:
    """The 红黑榜 rule in words, printed next to the lists on every page and in every bulletin."""
    rule = parameters.honour_rule
    return _(
        "红榜：综合得分不低于%(red)s分的前%(size)s名；黑榜：综合得分低于%(black)s分的后%(size)s名。"
        "同一单位不会同时列入红黑榜；样本不足%(sample)s项、不参与排名的单位不列入。"
    ) % {
        "red": _plain(rule.red_min),
        "black": _plain(rule.black_below),
        "size": rule.size,
        "sample": parameters.min_sample,
    }


def _plain(value: Decimal) -> str:
    """80 rather than 80.00; 82.5 stays 82.5."""
    return format(value.normalize(), "f")


def tree_of(framework_id: int) -> list[ar.Node]:
    rows = framework_selectors.indicator_rows(framework_id)
    return [
        ar.Node(
            id=r["pk"],
            parent_id=r["parent_id"],
            code=r["code"],
            name=r["name"],
            points=r["points"],
            method=r["method"],
            rule=r["rule"],
            target=r["target"],
            depth=r["depth"],
            position=r["position"],
        )
        for r in rows
    ]


def tree_json(nodes: list[ar.Node]) -> list[dict]:
    return [
        {
            "id": n.id,
            "parent": n.parent_id,
            "code": n.code,
            "name": n.name,
            "points": str(n.points),
            "method": n.method,
            "rule": n.rule,
            "target": None if n.target is None else str(n.target),
            "depth": n.depth,
        }
        for n in nodes
    ]


@dataclass
class UnitResult:
    unit_id: int
    name: str
    kind: str
    region: str
    framework: FrameworkScore
    components: dict
    composite: Decimal | None
    sample: int
    figures: dict
    listed_apart: bool = False
    rank: int | None = None
    previous_rank: int | None = None
    movement: str = ""
    honour: str = ""


@dataclass
class Computed:
    units: list[UnitResult]
    summary: dict
    nodes: list[ar.Node] = field(default_factory=list)  # the indicator tree it was computed on


def _units(root: Region) -> list[dict]:
    """Every unit (for the parent chain); the ranked ones are the active units of ranked kinds in scope."""
    prefix, kinds = root.prefix, frozenset(RANKED_KINDS)
    units = unit_rows()  # fresh dicts: marked in place rather than copied, 2,280 at province scale
    for unit in units:
        unit["ranked"] = (
            unit["is_active"] and unit["kind"] in kinds and unit["region_id"].startswith(prefix)
        )
    return units


def compute(
    *,
    framework_id: int,
    root: Region,
    period: Period,
    parameters: Parameters,
    previous_ranks: dict[int, int] | None = None,
    alongside: bool = False,
) -> Computed:
    """Every ranked unit's scores, components and rank for ``period``, and the city's summary.
    ``alongside``: read the case, task and exposed-case figures on a second connection while this
    one rolls the framework up (scoring.alongside; only when the transaction has written nothing)."""
    nodes = tree_of(framework_id)
    tree = ar.Tree(nodes)
    units = _units(root)
    attribution = Attribution(units, answers=lambda unit: unit["ranked"], root_prefix=root.prefix)
    figures = partial(_figures_beside_the_framework, framework_id, root, period, units)
    if alongside:
        figures = start_alongside(figures)
    scores, city = _framework_scores(framework_id, period, tree, attribution, units)
    beside, categories, exposed = figures()

    results = [
        _unit_result(
            unit, scores.get(unit["pk"]) or NO_SCORE, beside[unit["pk"]], parameters.weights
        )
        for unit in units
        if unit["ranked"]
    ]
    rank_units(results, parameters, previous_ranks or {})

    city_tree = ar.roll_up(tree, city)
    city_cases = sum(categories.values(), CaseMetrics())
    summary = _summary(tree, city_tree, city_cases, results, parameters, categories)
    summary["exposed"] = exposed
    return Computed(units=results, summary=summary, nodes=nodes)


def _figures_beside_the_framework(
    framework_id: int, root: Region, period: Period, units: list[dict]
) -> tuple:
    """What the assessment reads besides the framework's evidence: the case metrics per unit and
    per category (one definition, in the cases app; attributed like the framework's evidence),
    the task figures per unit and the exposed cases its snapshot cites. Each ranked unit's share
    of them is made ready here (Beside): alongside, this runs while the roll-up's statement
    holds the other thread in the database, so that work is off the assessment's serial path."""
    start, end = ev.bounds(period)
    case_metrics, categories = unit_case_figures(
        start=start, end=end, region_prefix=root.prefix, units=units
    )
    task_figures = {row.pop("unit_id"): row for row in ev.task_cells(framework_id, period)}
    beside = {
        unit["pk"]: Beside.of(
            case_metrics.get(unit["pk"]) or CaseMetrics(),
            task_figures.get(unit["pk"]) or dict(NO_TASKS),
        )
        for unit in units
        if unit["ranked"]
    }
    return beside, categories, ev.exposed_cases(root.prefix, period)


@dataclass(frozen=True)
class Beside:
    """A ranked unit's result apart from its framework score: the task and case components (in
    the order _unit_result stores them, after ``framework``), the evidence items they add to its
    sample and the figures its row stores."""

    components: dict
    sample: int
    figures: dict

    @classmethod
    def of(cls, cases: CaseMetrics, tasks: dict) -> Beside:
        return cls(
            components={
                "task_completion": ar.percent(tasks["done"], tasks["due"]),
                "material_timeliness": ar.percent(tasks["material_on_time"], tasks["material_due"]),
                "on_time_rate": cases.on_time_rate,
                "first_pass_rate": cases.first_pass_rate,
                "rework_rate": cases.rework_rate,
                "overdue_rate": cases.overdue_rate,
            },
            sample=tasks["due"] + cases.closed + cases.overdue_open,
            figures={"cases": cases.figures(), "tasks": tasks},
        )


NO_TASKS = {"due": 0, "done": 0, "material_due": 0, "material_on_time": 0}
NO_SCORE = FrameworkScore()


def _framework_scores(
    framework_id: int, period: Period, tree: ar.Tree, attribution: Attribution, units: list[dict]
) -> tuple[dict[int, FrameworkScore], dict[int, ar.Evidence]]:
    """Each ranked unit's FrameworkScore and the root's evidence per leaf: summed and rolled up
    in the database on PostgreSQL (scoring.rollup), in Python elsewhere — the same figures
    (test_rollup_sql)."""
    ranked = [unit["pk"] for unit in units if unit["ranked"]]
    if connection.vendor == "postgresql":
        return rollup.framework_scores(
            framework_id=framework_id,
            period=period,
            tree=tree,
            attribution=attribution,
            ranked=ranked,
        )
    evidence = _attributed_evidence(framework_id, period, tree.nodes, attribution, units)
    scores = {}
    for unit_id, leaves in evidence.by_unit.items():
        result = ar.roll_up(tree, leaves)
        scores[unit_id] = FrameworkScore(
            score=result.total.score,
            max_points=result.total.max_points,
            sample=evidence.sample.get(unit_id, 0),
            scores=scores_json(tree.points, result),
        )
    return scores, evidence.city


@dataclass
class AttributedEvidence:
    """The framework's evidence handed to the units that answer for it."""

    by_unit: dict[int, dict[int, ar.Evidence]]  # unit → leaf → evidence
    city: dict[int, ar.Evidence]  # leaf → evidence over the whole root region
    sample: dict[int, int]  # unit → material and inspection items behind its framework score


def _sum(totals: dict, key, num, den, sample) -> None:
    """Add one cell's counts into ``totals[key]`` (a [num, den, sample] list, summed in place)."""
    found = totals.get(key)
    if found is None:
        totals[key] = [num, den, sample]
    else:
        found[0] += num
        found[1] += den
        found[2] += sample


def _attributed_evidence(
    framework_id: int, period: Period, nodes: list[ar.Node], attribution: Attribution, units
) -> AttributedEvidence:
    """Territorial attribution depends on the region only and functional on the unit only, so the
    cells are first summed per region and per unit, then handed to the units that answer for them.
    Tasks and ledger figures count for the unit they name, not its parents. Counts are summed as
    plain lists and made Evidence once per (unit, leaf)."""
    ranked = {unit["pk"] for unit in units if unit["ranked"]}
    totals: dict[int, dict[int, list]] = defaultdict(dict)  # unit → leaf → [num, den, sample]
    city: dict[int, list] = {}
    by_region: dict[tuple[str, int], list] = {}
    by_unit: dict[tuple[int, int], list] = {}
    for cell in ev.material_cells(framework_id, period) + ev.metric_cells(framework_id, period):
        counts = (cell.num, cell.den, cell.sample)
        if cell.unit_id in ranked:
            _sum(totals[cell.unit_id], cell.indicator_id, *counts)
        if attribution.in_scope(cell.region):
            _sum(city, cell.indicator_id, *counts)
    rules = {n.id: n.rule for n in nodes}
    for cell in ev.inspection_cells(framework_id, period, rules) + ev.survey_cells(
        framework_id, period
    ):
        counts = (cell.num, cell.den, cell.sample)
        if attribution.in_scope(cell.region):
            _sum(city, cell.indicator_id, *counts)
            _sum(by_region, (cell.region, cell.indicator_id), *counts)
        if cell.unit_id is not None:
            _sum(by_unit, (cell.unit_id, cell.indicator_id), *counts)
    for (region, leaf), counts in by_region.items():
        for unit_id in attribution.territorial(region):
            _sum(totals[unit_id], leaf, *counts)
    for (source, leaf), counts in by_unit.items():
        for unit_id in attribution.functional_chain(source):
            _sum(totals[unit_id], leaf, *counts)
    counted = {n.id for n in nodes if n.method in (Method.MATERIAL, Method.INSPECTION)}
    return AttributedEvidence(
        by_unit={
            unit_id: {leaf: ar.Evidence(*counts) for leaf, counts in leaves.items()}
            for unit_id, leaves in totals.items()
        },
        city={leaf: ar.Evidence(*counts) for leaf, counts in city.items()},
        sample={
            unit_id: sum(counts[2] for leaf, counts in leaves.items() if leaf in counted)
            for unit_id, leaves in totals.items()
        },
    )


def _unit_result(
    unit: dict, framework: FrameworkScore, beside: Beside, weights: dict
) -> UnitResult:
    """One unit's framework score, components and composite (ranked later, with its kind)."""
    rate = framework.rate
    components = {
        "framework": ar.money(rate * 100) if rate is not None else None,
        **beside.components,
    }
    return UnitResult(
        unit_id=unit["pk"],
        name=unit["short_name"] or unit["name"],
        kind=unit["kind"],
        region=unit["region_id"],
        framework=framework,
        components=components,
        composite=ar.composite(components, weights),
        sample=framework.sample + beside.sample,
        figures=beside.figures,
    )


def rank_units(
    results: list[UnitResult], parameters: Parameters, previous_ranks: dict[int, int]
) -> None:
    """Dense ranks per kind of unit, movement against the previous period, red and black lists.
    A unit without a composite or below the minimum sample is listed apart, unranked."""
    by_kind: dict[str, list[UnitResult]] = defaultdict(list)
    for result in results:
        by_kind[result.kind].append(result)
    by_id = {result.unit_id: result for result in results}
    for group in by_kind.values():
        ranked = {}
        for result in group:
            if result.composite is None or result.sample < parameters.min_sample:
                result.listed_apart = True
            else:
                ranked[result.unit_id] = result.composite
        ranks = ar.dense_rank(ranked)
        with_evidence = {uid: score for uid, score in ranked.items() if by_id[uid].sample > 0}
        red, black = ar.red_black(with_evidence, parameters.honour_rule)
        for result in group:
            result.rank = ranks.get(result.unit_id)
            result.previous_rank = previous_ranks.get(result.unit_id)
            result.movement = ar.movement(result.previous_rank, result.rank)
            result.honour = (
                "red" if result.unit_id in red else "black" if result.unit_id in black else ""
            )


def scores_json(points: dict[int, Decimal], tree: ar.TreeResult) -> dict:
    """{node id: [score, max points, sample]} for every node and leaf with evidence."""
    out = {}
    for leaf_id, leaf in tree.leaves.items():
        if leaf.score is not None:
            out[str(leaf_id)] = [str(leaf.score), str(points[leaf_id]), leaf.sample]
    for node_id, subtotal in tree.nodes.items():
        out[str(node_id)] = [str(subtotal.score), str(subtotal.max_points), subtotal.sample]
    return out


def _summary(
    tree: ar.Tree,
    city_tree: ar.TreeResult,
    city_cases: CaseMetrics,
    results: list[UnitResult],
    parameters: Parameters,
    categories: dict[str, CaseMetrics],
) -> dict:
    points = tree.points
    leaves = {}
    for leaf_id, node in tree.leaves.items():
        leaf = tree.leaf_result(leaf_id, city_tree)
        entry = {
            "score": None if leaf.score is None else str(leaf.score),
            "points": str(points[leaf_id]),
            "rate": None if leaf.rate is None else str(ar.money(leaf.rate * 100)),
            "sample": leaf.sample,
            "note": leaf.note,
        }
        if node.method == Method.SURVEY and leaf.rate is not None:
            low, high = wilson_interval(float(leaf.rate) * leaf.sample, leaf.sample)
            entry["interval"] = [round(low * 100, 1), round(high * 100, 1)]
            entry["small_sample"] = leaf.sample < parameters.survey_min_sample
        leaves[str(leaf_id)] = entry
    districts = [
        {
            "unit_id": r.unit_id,
            "name": r.name,
            "region": r.region,
            **_case_json(CaseMetrics.from_figures(r.figures["cases"])),
        }
        for r in sorted(results, key=lambda r: r.region)
        if r.kind == UnitKind.GOVERNMENT
    ]
    return {
        "total": {
            "score": str(city_tree.total.score),
            "max_points": str(city_tree.total.max_points),
            "rate": None if city_tree.rate is None else str(ar.money(city_tree.rate * 100)),
            "sample": city_tree.total.sample,
        },
        "leaves": leaves,
        "nodes": {
            str(k): [str(v.score), str(v.max_points), v.sample] for k, v in city_tree.nodes.items()
        },
        "cases": _case_json(city_cases),
        "categories": [{"category": name, **_case_json(m)} for name, m in categories.items()],
        "districts": districts,
    }


def _case_json(metrics: CaseMetrics) -> dict:
    """Figures and rates as a snapshot stores them; ``due`` is the base of 按期整改率."""
    return {
        **metrics.figures(),
        "due": metrics.due,
        **{name: decimal_text(rate) for name, rate in metrics.rates().items()},
    }


def decimal_text(value) -> str | None:
    """A Decimal as the text a snapshot stores (exact, unlike a JSON float); None stays None."""
    return None if value is None else str(value)
