"""The case metrics (DESIGN.md §4): one definition for the statistics page and the assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from operator import add

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from wenming.cases.models import Case, Resolution
from wenming.regions.attribution import PREFIX_LENGTHS, Attribution, unit_rows
from wenming.regions.models import Unit
from wenming.regions.selectors import units_visible_to

# ONE definition of the case metrics (DESIGN.md §4), used by the statistics page and by the
# assessment (wenming.scoring): counted in the database as additive figures per (region, unit),
# then handed to the units that answer for them (属地/职能: regions.attribution). The rates are
# ratios of those figures, so a unit's rate is the same wherever it is shown.

CASE_FIGURES = (
    "found",
    "closed",
    "closed_on_time",
    "first_pass",
    "fails",
    "extended",
    "open_at_end",
    "overdue_open",
    "hours",
    "hours_n",
    "exposed",
)


def _percent(part, whole) -> Decimal | None:
    """part / whole as a percentage with two decimals (half up); None without a base."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CaseMetrics:
    """The case figures of one unit (or region, or category) over one period [start, end).

    The cases counted ("在办") are those reported before the period's end and not closed before
    its start; invalid and duplicate reports are not a unit's problems. Figures:

    - ``found``: 新发现 — reported in the period;
    - ``closed``: 整改完成 — closed as fixed (passed verification) in the period;
    - ``closed_on_time``: 按期整改 — of ``closed``, fixed by the (possibly extended) deadline;
    - ``first_pass``: of ``closed``, passed at the first verification;
    - ``fails``: 返工次数 — failed verifications of the ``closed`` cases;
    - ``extended``: of ``closed``, cases that had an approved extension;
    - ``open_at_end``: still open at the period's end;
    - ``overdue_open``: 逾期件数 — of ``open_at_end``, past their deadline at the period's end;
    - ``hours`` / ``hours_n``: working hours from dispatch to the (last) submitted fix, summed over the ``closed``
      cases that have them, and how many they are;
    - ``exposed``: of ``open_at_end``, flagged 挂牌督办.
    """

    found: int = 0
    closed: int = 0
    closed_on_time: int = 0
    first_pass: int = 0
    fails: int = 0
    extended: int = 0
    open_at_end: int = 0
    overdue_open: int = 0
    hours: Decimal = Decimal(0)
    hours_n: int = 0
    exposed: int = 0

    def __add__(self, other: CaseMetrics) -> CaseMetrics:
        return CaseMetrics(*map(add, self.vector(), other.vector()))

    def vector(self) -> tuple:
        """The figures in CASE_FIGURES order."""
        return (
            self.found,
            self.closed,
            self.closed_on_time,
            self.first_pass,
            self.fails,
            self.extended,
            self.open_at_end,
            self.overdue_open,
            self.hours,
            self.hours_n,
            self.exposed,
        )

    @classmethod
    def from_figures(cls, figures: dict) -> CaseMetrics:
        """From a dict of figures (a database row, or a snapshot's stored figures)."""
        values = {key: figures.get(key) or 0 for key in CASE_FIGURES}
        values["hours"] = Decimal(str(values["hours"]))
        return cls(**values)

    def figures(self) -> dict:
        """The figures as JSON-friendly numbers (what a snapshot stores)."""
        figures = dict(zip(CASE_FIGURES, self.vector(), strict=True))
        figures["hours"] = float(self.hours)
        return figures

    @property
    def due(self) -> int:
        """应按期整改 — the base of 按期整改率: fixed in the period + overdue and still open at its end."""
        return self.closed + self.overdue_open

    @property
    def on_time_rate(self) -> Decimal | None:
        """按期整改率 (%) = 按期整改 (``closed_on_time``) ÷ 应按期整改 (``closed`` + ``overdue_open``)."""
        return _percent(self.closed_on_time, self.due)

    @property
    def first_pass_rate(self) -> Decimal | None:
        """一次复核通过率 (%) = 一次复核通过 (``first_pass``) ÷ 整改完成 (``closed``)."""
        return _percent(self.first_pass, self.closed)

    @property
    def rework_rate(self) -> Decimal | None:
        """返工率 (%) = 复核不通过次数 (``fails``) ÷ 复核次数 (``closed`` + ``fails``) of the fixed cases."""
        return _percent(self.fails, self.closed + self.fails)

    @property
    def extension_rate(self) -> Decimal | None:
        """延期率 (%) = 经批准延期的整改完成件数 (``extended``) ÷ 整改完成 (``closed``)."""
        return _percent(self.extended, self.closed)

    @property
    def overdue_rate(self) -> Decimal | None:
        """逾期率 (%) = 期末逾期未整改 (``overdue_open``) ÷ (整改完成 ``closed`` + 期末在办 ``open_at_end``)."""
        return _percent(self.overdue_open, self.closed + self.open_at_end)

    @property
    def average_hours(self) -> Decimal | None:
        """平均整改时长 (working hours) = Σ ``hours`` ÷ ``hours_n`` over the cases fixed in the period."""
        if not self.hours_n:
            return None
        return (Decimal(self.hours) / self.hours_n).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def overdue(self) -> int:
        """逾期件数: overdue and still open at the period's end."""
        return self.overdue_open

    def rates(self) -> dict[str, Decimal | None]:
        return {
            "on_time_rate": self.on_time_rate,
            "first_pass_rate": self.first_pass_rate,
            "rework_rate": self.rework_rate,
            "extension_rate": self.extension_rate,
            "overdue_rate": self.overdue_rate,
            "average_hours": self.average_hours,
        }

    @property
    def is_empty(self) -> bool:
        return not (self.found or self.closed or self.open_at_end)


def _fixed_in(start: datetime, end: datetime) -> Q:
    return Q(resolution=Resolution.FIXED, closed_at__gte=start, closed_at__lt=end)


def _open_at(end: datetime) -> Q:
    return Q(closed_at__isnull=True) | Q(closed_at__gte=end)


# The figures a list can show case by case (the dashboard's cards link to them), as the
# board names them.
LISTED_FIGURES = {
    "due": _("应按期整改的问题（期内整改完成及期末逾期未整改）"),
    "closed_on_time": _("按期整改完成的问题"),
    "overdue_open": _("期末逾期未整改的问题"),
}


def counted_q(figure: str, start: datetime, end: datetime) -> Q:
    """The cases one figure of CaseMetrics counts over [start, end), as a filter on Case — the
    same conditions as the counts, so a card's number and its list agree. ``figure`` is one of
    LISTED_FIGURES: ``due`` (应按期整改), ``closed_on_time`` (按期整改), ``overdue_open``
    (期末逾期未整改)."""
    in_period = (
        Q(created__lt=end)
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        & ~Q(resolution__in=[Resolution.INVALID, Resolution.DUPLICATE])
    )
    overdue_open = _open_at(end) & Q(overdue_from__lt=end)
    if figure == "due":
        return in_period & (_fixed_in(start, end) | overdue_open)
    if figure == "closed_on_time":
        return in_period & _fixed_in(start, end) & Q(on_time=True)
    if figure == "overdue_open":
        return in_period & overdue_open
    raise ValueError(figure)


def _metric_counts(start: datetime, end: datetime) -> dict:
    closed = _fixed_in(start, end)
    open_at_end = _open_at(end)
    return {
        "found": Count("pk", filter=Q(created__gte=start)),
        "closed": Count("pk", filter=closed),
        "closed_on_time": Count("pk", filter=closed & Q(on_time=True)),
        "first_pass": Count("pk", filter=closed & Q(fail_count=0)),
        "fails": Sum("fail_count", filter=closed),
        "extended": Count("pk", filter=closed & Q(extension_count__gt=0)),
        "open_at_end": Count("pk", filter=open_at_end),
        "overdue_open": Count("pk", filter=open_at_end & Q(overdue_from__lt=end)),
        "hours": Sum("working_hours", filter=closed),
        "hours_n": Count("working_hours", filter=closed),
        "exposed": Count("pk", filter=Q(exposed_at__isnull=False) & open_at_end),
    }


def _cases_in_period(start: datetime, end: datetime) -> QuerySet[Case]:
    """Cases that existed in the period and were open at some moment of it (CaseMetrics)."""
    return (
        Case.objects.filter(created__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        .exclude(resolution__in=[Resolution.INVALID, Resolution.DUPLICATE])
        .order_by()
    )


def _vector(row) -> list:
    """A fetched row of figures (CASE_FIGURES order) as a vector: sums of nothing are 0, the hours
    sum a Decimal."""
    vector = [value or 0 for value in row]
    vector[HOURS_AT] = Decimal(str(vector[HOURS_AT]))
    return vector


HOURS_AT = CASE_FIGURES.index("hours")


def _fetch(rows: QuerySet, *keys: str) -> list[tuple]:
    """The grouped rows as plain tuples (keys, then the figures), without ORM converters: a
    province has tens of thousands of cells to add up."""
    sql, params = rows.values_list(*keys, *CASE_FIGURES).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def case_metric_cells(*, start: datetime, end: datetime) -> list[tuple[str, int | None, list]]:
    """The figures per (region code, responsible unit) in one grouped query — the cells every
    attribution adds up. Not scoped: the assessment is the city's."""
    rows = (
        _cases_in_period(start, end)
        .values("region_id", "unit_id")
        .annotate(**_metric_counts(start, end))
    )
    return [(row[0], row[1], _vector(row[2:])) for row in _fetch(rows, "region_id", "unit_id")]


def case_metrics_by_category(
    *, start: datetime, end: datetime, region_prefix: str = ""
) -> dict[str, CaseMetrics]:
    """The figures per problem category over a region's subtree, in one grouped query; their sum
    is the region's total."""
    rows = (
        _cases_in_period(start, end)
        .filter(region__pk__startswith=region_prefix)
        .values("category")
        .annotate(**_metric_counts(start, end))
        .order_by("category")
    )
    return {r["category"]: CaseMetrics.from_figures(r) for r in rows}


def case_figures(
    *, start: datetime, end: datetime, region_prefix: str = ""
) -> tuple[list[tuple[str, int | None, list]], dict[str, CaseMetrics]]:
    """case_metric_cells and case_metrics_by_category together, as the assessment needs both.

    On PostgreSQL one scan of the cases gives both groupings (GROUPING SETS: (region, unit) over
    every case, (category, inside the subtree) — the rows outside are dropped); elsewhere (SQLite,
    the demo) the two grouped queries. Same figures either way (test_case_figures_agree)."""
    if connection.vendor != "postgresql":
        return (
            case_metric_cells(start=start, end=end),
            case_metrics_by_category(start=start, end=end, region_prefix=region_prefix),
        )
    with connection.cursor() as cursor:
        cursor.execute(*_grouping_sets(start, end, region_prefix, order=" ORDER BY 3"))
        fetched = cursor.fetchall()
    cells, categories = [], {}
    for region, unit_id, category, within, *figures in fetched:
        if region is not None:
            cells.append((region, unit_id, _vector(figures)))
        elif within:
            categories[category] = CaseMetrics(*_vector(figures))
    return cells, categories


# case_figures's groupings: (region, unit) cells, and (category, inside the subtree).
CELLS = "(1, 2), (3, 4)"
# What attribution reads of the cells, grouped directly: per region (属地), per unit (职能), and the
# categories — two thousand regions and units instead of some 26,000 (region, unit) cells at
# province scale, so the scan needs no sort of the cases by (region, unit).
BY_REGION_BY_UNIT = "(1), (2), (3, 4)"


def _grouping_sets(
    start: datetime, end: datetime, region_prefix: str, order: str = "", sets: str = CELLS
):
    """case_figures's one scan (PostgreSQL): the statement and its parameters; columns region,
    unit, category, inside, then CASE_FIGURES, grouped by ``sets`` (positions of those four)."""
    inside = ExpressionWrapper(Q(region__pk__startswith=region_prefix), BooleanField())
    rows = (
        _cases_in_period(start, end)
        .annotate(inside=inside)
        .values("region_id", "unit_id", "category", "inside")
        .annotate(**_metric_counts(start, end))
    )
    sql, params = rows.values_list(
        "region_id", "unit_id", "category", "inside", *CASE_FIGURES
    ).query.sql_with_params()
    head, grouped = sql.rsplit(" GROUP BY ", 1)
    if grouped != "1, 2, 3, 4":  # the ORM's positional grouping, which GROUPING SETS reuses
        raise AssertionError(f"unexpected grouping: {grouped}")
    return f"{head} GROUP BY GROUPING SETS ({sets}){order}", params


# The figures summed (0 for a sum of nothing), counts as integers, hours exact.
FIGURE_SUMS = ", ".join(
    f"coalesce(sum({name}), 0){'' if name == 'hours' else '::bigint'} AS {name}"
    for name in CASE_FIGURES
)


# The cases' figures per region, per unit and per category (BY_REGION_BY_UNIT: a row of one
# grouping has the others' columns NULL) handed to the units answering for them as
# attribute_case_metrics does with case_figures's cells (属地 by region, 职能 by unit:
# regions.attribution's tables), then the categories inside the root; ordered by category, the
# units' rows last.
ATTRIBUTED_CELLS = """WITH cells(region, unit_id, category, inside, {figures}) AS ({cells}),
by_region AS (
  SELECT region, {sums} FROM cells WHERE region IS NOT NULL AND region <> '' GROUP BY region
), by_unit AS (
  SELECT unit_id, {sums} FROM cells WHERE unit_id IS NOT NULL
  GROUP BY unit_id
), territorial AS (
  SELECT DISTINCT r.region, t.unit_id
  FROM by_region r CROSS JOIN unnest(%s::int[]) AS l(length)
  JOIN unnest(%s::text[], %s::int[]) AS t(prefix, unit_id) ON t.prefix = left(r.region, l.length)
), attributed AS (
  SELECT t.unit_id AS target, {figures}
  FROM by_region r JOIN territorial t ON t.region = r.region
  UNION ALL
  SELECT f.target, {figures} FROM by_unit u
  JOIN unnest(%s::int[], %s::int[]) AS f(source, target) ON f.source = u.unit_id
)
SELECT target, NULL, {sums} FROM attributed GROUP BY target
UNION ALL
SELECT NULL, category, {figures} FROM cells WHERE region IS NULL AND inside
ORDER BY 2"""


def unit_case_figures(
    *, start: datetime, end: datetime, region_prefix: str = "", units: list[dict]
) -> tuple[dict[int, CaseMetrics], dict[str, CaseMetrics]]:
    """attribute_case_metrics over case_figures's cells, and the categories: on PostgreSQL the
    cells are handed to the units in the same statement, which returns a row per unit instead of
    one per (region, unit) cell; elsewhere case_figures and attribute_case_metrics. Same figures
    (test_sql_paths_agree)."""
    if connection.vendor != "postgresql":
        cells, categories = case_figures(start=start, end=end, region_prefix=region_prefix)
        return attribute_case_metrics(cells, units), categories
    attribution = Attribution(units)
    cells, params = _grouping_sets(start, end, region_prefix, sets=BY_REGION_BY_UNIT)
    sql = ATTRIBUTED_CELLS.format(cells=cells, figures=", ".join(CASE_FIGURES), sums=FIGURE_SUMS)
    by_unit, categories = {}, {}
    # Without JIT compilation, as the assessment's other statement (scoring.rollup): at province
    # scale this one's estimated cost sits near jit_above_cost, and compiling it, when the
    # statistics tip it over, costs more than the statement (0.5 s of 2 s, measured).
    # Grouping sets are not aggregated in parallel workers, so at the default tuple cost the
    # planner scans the cases in one process; workers that filter them (a seventh kept) and pass
    # them on leave the leader a third of the work (measured: 0.60 against 0.96 s of its CPU).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL parallel_tuple_cost = 0.0001")
        cursor.execute(
            sql,
            [
                *params,
                PREFIX_LENGTHS,
                *attribution.territorial_table(),
                *attribution.functional_table(),
            ],
        )
        for target, category, *values in cursor.fetchall():
            if target is None:
                categories[category] = CaseMetrics(*_vector(values))
            else:
                by_unit[target] = CaseMetrics(*values)
    return by_unit, categories


def attribute_case_metrics(cells, units) -> dict[int, CaseMetrics]:
    """Hand the (region, unit) cells to the units that answer for them (regions.attribution).

    ``units``: regions.attribution.unit_rows() (the parent chain needs them all). Python adds up
    grouped cells only — their number grows with regions × units, not with the cases."""
    attribution = Attribution(units)
    by_region: dict[str, list] = {}
    by_unit: dict[int, list] = {}
    for region, unit_id, vector in cells:
        _accumulate(by_region, region, vector)
        if unit_id is not None:
            _accumulate(by_unit, unit_id, vector)
    out: dict[int, list] = {}
    for region, vector in by_region.items():
        for pk in attribution.territorial(region):
            _accumulate(out, pk, vector)
    for unit_id, vector in by_unit.items():
        for pk in attribution.functional_chain(unit_id):
            _accumulate(out, pk, vector)
    return {pk: CaseMetrics(*vector) for pk, vector in out.items()}


def _accumulate(totals: dict, key, vector) -> None:
    """Add a figures vector into ``totals[key]`` in place (element-wise, in C via map)."""
    current = totals.get(key)
    if current is None:
        totals[key] = list(vector)
    else:
        current[:] = map(add, current, vector)


def case_metrics(
    *, start: datetime, end: datetime, unit_ids: list[int] | None = None
) -> dict[int, CaseMetrics]:
    """CaseMetrics per unit for [start, end) — territorial units by region prefix, the others by
    responsible unit (and units under it) — in two queries. Units without cases are left out.

    Not scoped: pages use case_metrics_for; the assessment attributes the same cells itself."""
    metrics = attribute_case_metrics(case_metric_cells(start=start, end=end), unit_rows())
    wanted = None if unit_ids is None else set(unit_ids)
    return {
        pk: m
        for pk, m in sorted(metrics.items())
        if not m.is_empty and (wanted is None or pk in wanted)
    }


def case_metrics_for(actor, *, start: datetime, end: datetime) -> list[tuple[Unit, CaseMetrics]]:
    """The metrics of the units the actor can see, for the statistics page."""
    metrics = case_metrics(start=start, end=end)
    units = (
        units_visible_to(actor).filter(pk__in=list(metrics)).order_by("kind", "region_id", "name")
    )
    return [(unit, metrics[unit.pk]) for unit in units]
