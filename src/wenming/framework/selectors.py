"""Reads of frameworks, indicators and tasks, already scoped to the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.framework import permissions
from wenming.framework.models import (
    Framework,
    FrameworkPurpose,
    FrameworkStatus,
    Indicator,
    Method,
    MetricFeed,
    MetricFeedRun,
    MetricValue,
    Task,
    TaskStatus,
)
from wenming.framework.totals import TotalsProblem, check_totals, children_of, node_totals
from wenming.framework.workbook import IndicatorSpec
from wenming.hanzi import normalize
from wenming.regions.models import Region, RegionLevel, Unit, code_prefix
from wenming.regions.scope import Scope, scope_for
from wenming.regions.selectors import units_visible_to, with_paths

OVERDUE = "overdue"
DUE_SOON = "due_soon"  # not done, due within DUE_SOON_DAYS
DUE_SOON_DAYS = 7
TASK_STATUS_FILTERS = [
    *TaskStatus.choices,
    (OVERDUE, _("已逾期")),
    (DUE_SOON, _("7日内到期")),
]


def _scope(actor) -> Scope:
    """The command line (actor None) sees everything."""
    return Scope(everything=True) if actor is None else scope_for(actor)


def _is_member(scope: Scope) -> bool:
    return scope.everything or bool(scope.unit_ids or scope.prefixes)


# ---------------------------------------------------------------------------- frameworks


def frameworks_visible_to(actor) -> QuerySet[Framework]:
    """Every member reads the rulebook; drafts only for those who manage frameworks."""
    if not _is_member(_scope(actor)):
        return Framework.objects.none()
    qs = Framework.objects.annotate(indicator_count=Count("indicators"))
    if not permissions.can(actor, permissions.MANAGE_FRAMEWORK):
        qs = qs.exclude(status=FrameworkStatus.DRAFT)
    return qs.order_by("purpose", "-version")


def get_framework_for(actor, pk: int) -> Framework:
    framework = frameworks_visible_to(actor).filter(pk=pk).first()
    if framework is None:
        raise Http404
    return framework


def get_indicator_for(actor, pk: int) -> Indicator:
    """An indicator of a framework the actor can read, or 404."""
    indicator = Indicator.objects.filter(
        pk=pk, framework__in=frameworks_visible_to(actor).values("pk")
    ).first()
    if indicator is None:
        raise Http404
    return indicator


def active_frameworks() -> QuerySet[Framework]:
    return Framework.objects.filter(status=FrameworkStatus.ACTIVE).order_by("purpose")


def active_city_framework() -> Framework | None:
    """The city framework in force (生效): what the scheduled assessments and bulletins use."""
    return (
        Framework.objects.filter(purpose=FrameworkPurpose.CITY, status=FrameworkStatus.ACTIVE)
        .order_by("pk")
        .first()
    )


def _indicators(framework: Framework) -> list[Indicator]:
    return list(
        Indicator.objects.filter(framework=framework)
        .select_related("lead_unit")
        .prefetch_related("joint_lead_units", "co_units")
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class TreeRow:
    indicator: Indicator
    total: Decimal
    is_leaf: bool
    problem: TotalsProblem | None

    @property
    def leads(self) -> list[Unit]:
        lead = [self.indicator.lead_unit] if self.indicator.lead_unit else []
        return lead + sorted(self.indicator.joint_lead_units.all(), key=lambda u: u.name)


@dataclass(frozen=True)
class FrameworkTree:
    framework: Framework
    rows: list[TreeRow]
    problems: list[TotalsProblem]
    basic_total: Decimal
    feature_total: Decimal

    @property
    def can_activate(self) -> bool:
        return not self.problems and self.framework.status == FrameworkStatus.DRAFT


def framework_tree(framework: Framework) -> FrameworkTree:
    """The indicator tree in order, each node with its total and the points check."""
    indicators = _indicators(framework)
    totals = node_totals(indicators)
    problems = check_totals(indicators, total_points=framework.total_points)
    by_node = {p.node.pk: p for p in problems if p.node is not None}
    parents = {i.parent_id for i in indicators}
    rows = [TreeRow(i, totals[i.pk], i.pk not in parents, by_node.get(i.pk)) for i in indicators]
    roots = [r for r in rows if r.indicator.parent_id is None]
    return FrameworkTree(
        framework=framework,
        rows=rows,
        problems=problems,
        basic_total=sum((r.total for r in roots if not r.indicator.is_feature), Decimal(0)),
        feature_total=sum((r.total for r in roots if r.indicator.is_feature), Decimal(0)),
    )


def totals_problems(framework: Framework) -> list[TotalsProblem]:
    return check_totals(
        list(Indicator.objects.filter(framework=framework)), total_points=framework.total_points
    )


def framework_as_specs(framework: Framework) -> list[IndicatorSpec]:
    """The tree as plain data, for export and for copying into a new version."""
    indicators = _indicators(framework)
    children = children_of(indicators)

    def spec(indicator: Indicator) -> IndicatorSpec:
        leads = [indicator.lead_unit] if indicator.lead_unit else []
        leads += sorted(indicator.joint_lead_units.all(), key=lambda u: u.name)
        return IndicatorSpec(
            name=indicator.name,
            points=indicator.points,
            code=indicator.code,
            description=indicator.description,
            method=indicator.method,
            rule=indicator.rule,
            cadence=indicator.cadence,
            target=indicator.target,
            evidence=indicator.evidence,
            leads=leads,
            co=sorted(indicator.co_units.all(), key=lambda u: u.name),
            children=[spec(c) for c in children.get(indicator.pk, [])],
            is_feature=indicator.is_feature,
        )

    return [spec(root) for root in children.get(None, [])]


def leaf_indicators(frameworks) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(framework__in=frameworks, children__isnull=True)
        .select_related("framework")
        .order_by("framework__purpose", "position")
    )


# ---------------------------------------------------------------------------- tasks


def tasks_visible_to(
    actor,
    *,
    unit: int | None = None,
    region: str | None = None,
    indicator: int | None = None,
    status: str | None = None,
    framework: int | None = None,
    search: str = "",
) -> QuerySet[Task]:
    """Tasks in the actor's scope (属地 region or 职能 unit), with what a list row shows;
    ``search`` matches the task's title, its indicator's name or code (繁/简 alike)."""
    qs = _scope(actor).filter(Task.objects.all(), region="region", unit="unit")
    if search:
        term = normalize(search)
        qs = qs.filter(
            Q(title__contains=term)
            | Q(indicator__name__contains=term)
            | Q(indicator__code__startswith=term)
        )
    if unit:
        qs = qs.filter(unit_id=unit)
    if region:
        qs = qs.filter(region__pk__startswith=code_prefix(region))
    if indicator:
        qs = qs.filter(indicator_id=indicator)
    if framework:
        qs = qs.filter(indicator__framework_id=framework)
    if status == OVERDUE:
        qs = qs.filter(due__lt=timezone.localdate(), progress__lt=100)
    elif status == DUE_SOON:
        today = timezone.localdate()
        qs = qs.filter(
            due__gte=today, due__lte=today + timedelta(days=DUE_SOON_DAYS), progress__lt=100
        )
    elif status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("indicator__framework", "unit", "region", "parent__unit")
        .annotate(child_count=Count("children"))
        .order_by("due", "indicator__position", "unit__name", "pk")
    )


def _with_children(qs: QuerySet[Task]) -> QuerySet[Task]:
    children = Task.objects.select_related("unit").order_by("due", "unit__name", "pk")
    return qs.prefetch_related(Prefetch("children", queryset=children))


def my_tasks(actor, *, status: str | None = None) -> QuerySet[Task]:
    """我的任务: the tasks of the actor's own unit, each with the sub-tasks it handed down."""
    # The user's cached membership (the navigation reads it too): no extra query.
    membership = getattr(actor, "membership", None)
    if membership is None:
        return Task.objects.none()
    return _with_children(tasks_visible_to(actor, unit=membership.unit_id, status=status))


def get_task_for(actor, pk: int) -> Task:
    """The task, or 404 when it does not exist or lies outside the actor's scope."""
    task = _with_children(tasks_visible_to(actor)).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def sub_tasks(actor, task: Task) -> QuerySet[Task]:
    return tasks_visible_to(actor).filter(parent=task)


def decomposition_units(task: Task) -> QuerySet[Unit]:
    """The sub-units a task may be handed down to, less those that already have a part."""
    taken = Task.objects.filter(parent=task).values("unit_id")
    return (
        Unit.objects.filter(parent_id=task.unit_id, is_active=True)
        .exclude(pk__in=taken)
        .order_by("name")
    )


@dataclass(frozen=True)
class TaskFilterOptions:
    units: list[Unit]
    regions: QuerySet[Region]
    indicators: QuerySet[Indicator]
    frameworks: QuerySet[Framework]


def task_filter_options(actor) -> TaskFilterOptions:
    scope = _scope(actor)
    frameworks = frameworks_visible_to(actor).exclude(status=FrameworkStatus.DRAFT)
    return TaskFilterOptions(
        units=with_paths(
            units_visible_to(actor)
            .filter(Q(tasks__isnull=False))
            .distinct()
            .order_by("region_id", "kind", "name")
        )
        if actor is not None
        else [],
        regions=Region.objects.filter(
            scope.regions_q(), level__in=[RegionLevel.CITY, RegionLevel.COUNTY]
        ).order_by("code"),
        indicators=leaf_indicators(active_frameworks()),
        frameworks=frameworks,
    )


# --- Figures the assessment reads (not scoped: the assessment is the city's) ----------------------


def task_completion_counts(
    *, framework_id: int, first_day, last_day, material_on_time=None
) -> dict[int, dict]:
    """Per unit, tasks due in [first_day, last_day]: ``due``, ``done`` (任务完成) and
    ``material_due`` (those of material leaves, the base of 材料按时报送率) — one grouped query.
    ``material_on_time``: a condition on the task (the materials app's, handed in by the caller),
    counted over the material tasks as ``material_on_time`` in the same scan."""
    counts = {
        "due": Count("pk"),
        "done": Count("pk", filter=Q(status=TaskStatus.DONE)),
        "material_due": Count("pk", filter=Q(indicator__method=Method.MATERIAL)),
    }
    if material_on_time is not None:
        counts["material_on_time"] = Count(
            "pk", filter=Q(material_on_time, indicator__method=Method.MATERIAL)
        )
    # Counted under other names: an annotation named ``due`` would hide the task's field from
    # the condition (OuterRef("due")).
    rows = (
        Task.objects.filter(
            indicator__framework_id=framework_id, due__gte=first_day, due__lte=last_day
        )
        .order_by()
        .values("unit_id")
        .annotate(**{f"n_{name}": count for name, count in counts.items()})
    )
    return {r["unit_id"]: {name: r[f"n_{name}"] for name in counts} for r in rows}


def _metric_value_rows(*, framework_id: int, first_day, last_day) -> QuerySet:
    return (
        MetricValue.objects.filter(
            indicator__framework_id=framework_id,
            indicator__method=Method.METRIC,
            period_start__lte=last_day,
            period_end__gte=first_day,
        )
        .order_by()
        .values("region_id", "unit_id", "indicator_id")
        .annotate(total=Sum("value"), n=Count("pk"))
    )


def metric_value_cells(*, framework_id: int, first_day, last_day) -> list[dict]:
    """Ledger figures (MetricValue) of metric leaves whose period overlaps [first_day, last_day],
    per (region, unit, indicator): ``total`` = Σ value and ``figures`` counted — one grouped query."""
    rows = _metric_value_rows(framework_id=framework_id, first_day=first_day, last_day=last_day)
    return [
        {
            "region": r["region_id"],
            "unit_id": r["unit_id"],
            "indicator_id": r["indicator_id"],
            "total": r["total"],
            "figures": r["n"],
        }
        for r in rows
    ]


def metric_value_cells_sql(*, framework_id: int, first_day, last_day) -> tuple[str, tuple]:
    """metric_value_cells as a statement and its parameters, for a caller that sums the cells
    further in the database; columns: region, unit, indicator, total, figures."""
    rows = _metric_value_rows(framework_id=framework_id, first_day=first_day, last_day=last_day)
    return rows.values_list(
        "region_id", "unit_id", "indicator_id", "total", "n"
    ).query.sql_with_params()


def metric_leaves() -> QuerySet[Indicator]:
    """Metric leaves (数据指标) of the active frameworks, for entering ledger figures."""
    return (
        Indicator.objects.filter(method=Method.METRIC, framework__status=FrameworkStatus.ACTIVE)
        .select_related("framework")
        .order_by("framework_id", "position", "pk")
    )


def recent_metric_values(actor, *, limit: int = 50) -> QuerySet[MetricValue]:
    """The latest ledger figures in the actor's scope."""
    return (
        scope_for(actor)
        .filter(MetricValue.objects.all(), region="region", unit="unit")
        .select_related("indicator", "unit")
        .order_by("-recorded_at", "-pk")[:limit]
    )


INDICATOR_FIELDS = (
    "pk",
    "parent_id",
    "code",
    "name",
    "points",
    "method",
    "rule",
    "target",
    "depth",
    "position",
)


def indicator_rows(framework_id: int) -> list[dict]:
    """A framework's indicators as plain rows in tree order (what the assessment scores with)."""
    return list(
        Indicator.objects.filter(framework_id=framework_id)
        .order_by("position", "pk")
        .values(*INDICATOR_FIELDS)
    )


def framework_exists(framework_id: int) -> bool:
    return Framework.objects.filter(pk=framework_id).exists()


# --- 自动取数 (metric feeds) -------------------------------------------------------------


def active_feeds(*, leaves=None, in_active_framework: bool = False) -> QuerySet[MetricFeed]:
    """The feeds not stopped: of those leaves, or of the active frameworks' leaves."""
    feeds = MetricFeed.objects.filter(is_active=True).select_related("indicator")
    if leaves is not None:
        feeds = feeds.filter(indicator__in=leaves)
    if in_active_framework:
        feeds = feeds.filter(indicator__framework__status=FrameworkStatus.ACTIVE)
    return feeds


def get_active_feed(pk: int) -> MetricFeed | None:
    """The feed of that id unless it was stopped (or never existed)."""
    return (
        MetricFeed.objects.filter(pk=pk, is_active=True)
        .select_related("indicator__framework")
        .first()
    )


def last_runs(feeds) -> dict[int, MetricFeedRun]:
    """Each feed's latest run, by feed id (feeds never run are absent); the database picks
    the latest of each feed, so the page reads one row per feed, not every run."""
    latest = (
        MetricFeedRun.objects.filter(feed=OuterRef("feed"))
        .order_by("-ran_at", "-pk")
        .values("pk")[:1]
    )
    runs = MetricFeedRun.objects.filter(feed__in=feeds, pk=Subquery(latest))
    return {run.feed_id: run for run in runs}


def feed_run_times(feeds) -> dict[tuple[int, str], datetime]:
    """When each (feed, period key) was last fed."""
    return {
        (feed_id, key): at
        for feed_id, key, at in MetricFeedRun.objects.filter(feed__in=feeds).values_list(
            "feed_id", "period_key", "ran_at"
        )
    }
