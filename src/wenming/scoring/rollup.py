"""The assessment's framework scores in the database (PostgreSQL): the evidence cells attributed
to the units that answer for them, scored leaf by leaf and rolled up the indicator tree per unit,
in one statement, so that Python handles one row per unit instead of the cells behind it.

The evidence queries are the owning apps' (their selectors' ``*_cells_sql``); who answers for a
cell is regions.attribution's rule, handed to the statement as two small tables; the leaf scores
are arithmetic.leaf_score written in SQL with exact numeric arithmetic (test_rollup_sql shows
both agree to the cent). SQLite keeps the Python path (engine._attributed_evidence).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from wenming.framework import selectors as framework_selectors
from wenming.inspections import selectors as inspection_selectors
from wenming.materials import selectors as material_selectors
from wenming.periods import Period
from wenming.regions.attribution import PREFIX_LENGTHS, Attribution
from wenming.scoring import arithmetic as ar
from wenming.surveys import selectors as survey_selectors

ZERO = Decimal("0")


class JSONText(str):
    """JSON already written (by the database): stored as it is, not decoded and encoded again
    for each of thousands of rows."""


@dataclass(frozen=True, eq=False)
class FrameworkScore:
    """One unit's framework result: the total over its scored leaves, the evidence behind its
    material and inspection leaves, and every node's [score, max points, sample] (scores_json)."""

    score: Decimal = ZERO
    max_points: Decimal = ZERO
    sample: int = 0
    scores: dict | JSONText = field(default_factory=dict)

    @property
    def rate(self) -> Decimal | None:
        """Score over the points evaluated, 0..1 (TreeResult.rate); None when nothing was."""
        return self.score / self.max_points if self.max_points else None

    def scores_dict(self) -> dict:
        return json.loads(self.scores) if isinstance(self.scores, JSONText) else self.scores

    def __eq__(self, other) -> bool:
        """Equal figures, whether the scores are a dict or the database's JSON text."""
        if not isinstance(other, FrameworkScore):
            return NotImplemented
        mine = (self.score, self.max_points, self.sample, self.scores_dict())
        return mine == (other.score, other.max_points, other.sample, other.scores_dict())

    __hash__ = None


def _share(points: str, num: str, den: str) -> str:
    """points × min(1, max(0, num / den)) rounded half up to the cent, exactly: one division of
    exact operands at 30 decimals, so the rounding is that of the true quotient."""
    return (
        f"round(CASE WHEN {num} * {den} <= 0 THEN 0 WHEN abs({num}) >= abs({den}) THEN {points}"
        f" ELSE ({points} * {num})::numeric(60, 30) / {den} END, 2)"
    )


# arithmetic.leaf_score over evidence ``e`` (num, den, sample) and leaf ``n`` (method, rule,
# points, target); NULL where leaf_score has no score.
LEAF_SCORE = f"""CASE
  WHEN e.sample = 0 OR (e.den = 0 AND n.method <> 'metric') THEN NULL
  WHEN n.method IN ('material', 'survey') THEN {_share("n.points", "e.num", "(e.den * 100)")}
  WHEN n.method = 'inspection' AND n.rule = 'deduct'
    THEN round(greatest(0, (n.points * e.den - e.num)::numeric(60, 30) / e.den), 2)
  WHEN n.method = 'inspection' THEN {_share("n.points", "e.num", "e.den")}
  WHEN n.method = 'metric' AND n.target <> 0 THEN {
    _share("n.points", "e.num", "(CASE WHEN e.den = 0 THEN 1 ELSE e.den END * n.target)")
}
END"""

NODES = """node AS (
  SELECT * FROM unnest(%s::int[], %s::text[], %s::text[], %s::numeric[], %s::numeric[], %s::bool[])
    AS n(id, method, rule, points, target, leaf)
)"""

# Per unit: the leaves' scores added up the tree (a leaf without a score adds nothing).
ROLL_UP = f"""scored AS (
  SELECT e.target, n.id, n.leaf, n.points, e.sample::bigint AS sample,
         n.method IN ('material', 'inspection') AS sampled,
         CASE WHEN n.leaf THEN {LEAF_SCORE} END AS score
  FROM evidence e JOIN node n ON n.id = e.indicator_id
), subtotal AS (
  SELECT c.target, a.node AS id, sum(c.score) AS score, sum(c.points) AS points,
         sum(c.sample) AS sample
  FROM scored c JOIN unnest(%s::int[], %s::int[]) AS a(leaf, node) ON a.leaf = c.id
  WHERE c.score IS NOT NULL GROUP BY 1, 2
)"""

# One row per unit with evidence: (unit, NULL, score, max points, sample, scores as JSON text),
# in one pass over its leaves and subtotals: the total and max points of its scored leaves, the
# sample of its material and inspection evidence, and every scored leaf and node as scores_json
# writes them ({"id": ["score", "points", sample]}; numbers and ids need no JSON escaping).
UNIT_ROWS = """SELECT target, NULL::int, coalesce(sum(score) FILTER (WHERE leaf), 0),
       coalesce(sum(points) FILTER (WHERE leaf AND score IS NOT NULL), 0),
       coalesce(sum(sample) FILTER (WHERE sampled), 0),
       '{' || string_agg('"' || id || '":["' || score || '","' || points || '",' || sample || ']',
                         ',') FILTER (WHERE score IS NOT NULL) || '}'
FROM (SELECT target, id, leaf, points, sample, sampled, score FROM scored
      UNION ALL SELECT target, id, false, points, sample, false, score FROM subtotal) entry
GROUP BY target"""


def _tree_params(tree: ar.Tree) -> list:
    """The node table (id, method, rule, points, target, leaf)."""
    nodes = tree.nodes
    return [
        [n.id for n in nodes],
        [n.method or "" for n in nodes],
        [n.rule or "" for n in nodes],
        [Decimal(n.points) for n in nodes],
        [None if n.target is None else Decimal(n.target) for n in nodes],
        [n.id in tree.leaves for n in nodes],
    ]


def _ancestor_params(tree: ar.Tree) -> list:
    pairs = [(leaf, node) for leaf, chain in tree.ancestors.items() for node in chain]
    return [[leaf for leaf, _ in pairs], [node for _, node in pairs]]


# The territorial evidence summed per region prefix, every level in one grouping (a 12-digit
# region code cut at each of PREFIX_LENGTHS): a territorial unit's evidence is the row of its
# prefix — regions.attribution's 属地 rule, without handing each region to each unit above it.
_LEVELS = ", ".join(f"(indicator_id, left(region, {length}))" for length in PREFIX_LENGTHS)
_PREFIX = ", ".join(f"left(region, {length})" for length in reversed(PREFIX_LENGTHS))

# The evidence cells (the apps' statements, named by the CTE column lists), made (num, den,
# sample) as evidence.py makes them, and handed to the units answering for them: material and
# ledger figures to the ranked unit they name; inspections and surveys to the territorial units
# whose prefix holds their region when it is inside the root (属地) and to the functional chain
# of their unit (职能). The three parts name different (unit, leaf) pairs — material and ledger
# leaves are not inspection or survey leaves, and a unit is territorial or functional, with one
# prefix — so each is summed on its own and none twice.
ATTRIBUTED = (
    """material(region, unit_id, indicator_id, den, num) AS ({material}),
metric(region, unit_id, indicator_id, num, den) AS ({metric}),
inspection(region, unit_id, indicator_id, passed, failed, deducted, visits) AS ({inspection}),
survey(region, unit_id, indicator_id, num, den) AS ({survey}),
direct AS (
  SELECT region, unit_id, indicator_id, coalesce(num, 0) AS num, den, den AS sample
  FROM material
  UNION ALL SELECT region, unit_id, indicator_id, num, den, den FROM metric
), shared AS (
  SELECT i.region, i.unit_id, i.indicator_id,
         CASE WHEN n.rule = 'deduct' THEN coalesce(i.deducted, 0) ELSE i.passed END AS num,
         CASE WHEN n.rule = 'deduct' THEN i.visits ELSE i.passed + i.failed END AS den,
         i.visits AS sample
  FROM inspection i LEFT JOIN node n ON n.id = i.indicator_id
  UNION ALL SELECT region, unit_id, indicator_id, coalesce(num, 0), den, den FROM survey
), by_prefix AS (
  SELECT coalesce("""
    + _PREFIX
    + """) AS prefix, indicator_id, sum(num) AS num, sum(den) AS den,
         sum(sample) AS sample
  FROM shared WHERE region LIKE %s AND region <> ''
  GROUP BY GROUPING SETS ("""
    + _LEVELS
    + """)
), evidence AS (
  SELECT d.unit_id AS target, indicator_id, sum(num) AS num, sum(den) AS den, sum(sample) AS sample
  FROM direct d JOIN unnest(%s::int[]) AS r(unit_id) ON r.unit_id = d.unit_id GROUP BY 1, 2
  UNION ALL
  SELECT t.unit_id, b.indicator_id, b.num, b.den, b.sample
  FROM by_prefix b JOIN unnest(%s::text[], %s::int[]) AS t(prefix, unit_id) ON t.prefix = b.prefix
  UNION ALL
  SELECT f.target, s.indicator_id, sum(s.num), sum(s.den), sum(s.sample)
  FROM shared s JOIN unnest(%s::int[], %s::int[]) AS f(source, target) ON f.source = s.unit_id
  GROUP BY 1, 2
)"""
)

# The whole root's evidence per leaf, appended to the units' rows (target NULL).
CITY = """SELECT NULL::int, indicator_id, sum(num)::numeric, sum(den)::numeric, sum(sample), NULL
FROM (SELECT * FROM direct UNION ALL SELECT * FROM shared) c
WHERE region LIKE %s AND region <> '' GROUP BY indicator_id"""


def _cell_statements(framework_id: int, period: Period) -> tuple[dict, list]:
    start, end = period.bounds()
    first, last = period.start, period.end
    statements = {
        "material": material_selectors.graded_task_cells_sql(
            framework_id=framework_id, first_day=first, last_day=last, end=end
        ),
        "metric": framework_selectors.metric_value_cells_sql(
            framework_id=framework_id, first_day=first, last_day=last
        ),
        "inspection": inspection_selectors.checklist_result_cells_sql(
            framework_id=framework_id, start=start, end=end
        ),
        "survey": survey_selectors.scored_answer_cells_sql(
            framework_id=framework_id, start=start, end=end
        ),
    }
    params = [value for _sql, values in statements.values() for value in values]
    return {name: sql for name, (sql, _values) in statements.items()}, params


def framework_scores(
    *,
    framework_id: int,
    period: Period,
    tree: ar.Tree,
    attribution: Attribution,
    ranked: list[int],
) -> tuple[dict[int, FrameworkScore], dict[int, ar.Evidence]]:
    """Every ranked unit's FrameworkScore (units without evidence left out) and the root's
    evidence per leaf, in one statement."""
    cells, cell_params = _cell_statements(framework_id, period)
    within = attribution.root_prefix + "%"
    sql = f"WITH {NODES}, {ATTRIBUTED.format(**cells)}, {ROLL_UP}\n{UNIT_ROWS}\nUNION ALL\n{CITY}"
    params = [
        *_tree_params(tree),
        *cell_params,
        within,
        ranked,
        *attribution.territorial_table(),
        *attribution.functional_table(),
        *_ancestor_params(tree),
        within,
    ]
    return _read(sql, params)


def scores_of(evidence: dict[int, dict[int, ar.Evidence]], tree: ar.Tree) -> dict:
    """FrameworkScore per unit of evidence given as {unit: {leaf: Evidence}}: the roll-up alone,
    on evidence handed in (test_rollup_sql compares it with arithmetic.roll_up)."""
    rows = [(unit, leaf, e) for unit, leaves in evidence.items() for leaf, e in leaves.items()]
    given = """evidence AS (
  SELECT * FROM unnest(%s::int[], %s::int[], %s::numeric[], %s::numeric[], %s::bigint[])
    AS e(target, indicator_id, num, den, sample)
)"""
    sql = f"WITH {NODES}, {given}, {ROLL_UP}\n{UNIT_ROWS}"
    columns = [
        [unit for unit, _leaf, _e in rows],
        [leaf for _unit, leaf, _e in rows],
        [e.num for _unit, _leaf, e in rows],
        [e.den for _unit, _leaf, e in rows],
        [e.sample for _unit, _leaf, e in rows],
    ]
    scores, _city = _read(sql, [*_tree_params(tree), *columns, *_ancestor_params(tree)])
    return scores


def _read(sql: str, params: list) -> tuple[dict[int, FrameworkScore], dict[int, ar.Evidence]]:
    scores, city = {}, {}
    # Without JIT compilation, as the benchmark's floor: for a statement of this size PostgreSQL
    # spends longer compiling it than the compiled code saves (measured 7.4 s with, 6.7 s without).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        for target, leaf, score, points, sample, scores_text in cursor.fetchall():
            if target is None:
                city[leaf] = ar.Evidence(score, points, int(sample))
            else:
                scores[target] = FrameworkScore(
                    score, points, int(sample), JSONText(scores_text or "{}")
                )
    return scores, city
