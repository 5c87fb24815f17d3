"""Properties of the points check and the progress roll-up, over random trees."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.framework.factories import TaskFactory
from tests.regions.factories import UnitFactory
from wenming.framework import services
from wenming.framework.models import Task
from wenming.framework.schedule import mean_progress
from wenming.framework.totals import check_totals, node_totals


@dataclass
class Node:
    pk: int
    parent_id: int | None
    points: Decimal
    is_feature: bool = False


points = st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def trees(draw):
    """A random tree as parent links (each node's parent comes before it) with leaf points."""
    size = draw(st.integers(min_value=1, max_value=30))
    parents = [None] + [
        draw(st.one_of(st.none(), st.integers(min_value=0, max_value=i - 1)))
        for i in range(1, size)
    ]
    return [Node(pk=i, parent_id=parents[i], points=draw(points)) for i in range(size)]


def balance(nodes):
    """Give every inner node the sum of its children's points, bottom up."""
    for node in reversed(nodes):
        kids = [n for n in nodes if n.parent_id == node.pk]
        if kids:
            node.points = sum((k.points for k in kids), Decimal(0))


@settings(max_examples=80, deadline=None)
@given(trees())
def test_a_balanced_tree_passes_and_each_total_is_the_sum_of_its_leaves(nodes):
    balance(nodes)
    assert check_totals(nodes) == []
    totals = node_totals(nodes)
    leaves = [n for n in nodes if not any(m.parent_id == n.pk for m in nodes)]
    for node in nodes:
        under = {node.pk}
        for other in nodes:  # parents come first, so one pass collects the subtree
            if other.parent_id in under:
                under.add(other.pk)
        assert totals[node.pk] == sum(
            (leaf.points for leaf in leaves if leaf.pk in under), Decimal(0)
        )
        assert totals[node.pk] == node.points


@settings(max_examples=80, deadline=None)
@given(trees(), st.data())
def test_changing_one_inner_nodes_points_is_reported_at_that_node_with_the_difference(nodes, data):
    balance(nodes)
    inner = [n for n in nodes if any(m.parent_id == n.pk for m in nodes)]
    if not inner:
        return
    node = data.draw(st.sampled_from(inner))
    delta = data.draw(st.decimals(min_value=Decimal("0.01"), max_value=10, places=2))
    node.points += delta
    problems = check_totals(nodes)
    assert [(p.node.pk, p.difference) for p in problems if p.node is node] == [(node.pk, delta)]
    # Its parent now sees one child too many points: the check names that node as well.
    if node.parent_id is not None:
        assert any(p.node.pk == node.parent_id and p.difference == -delta for p in problems)


@settings(max_examples=60, deadline=None)
@given(trees(), points)
def test_the_full_mark_is_checked_against_the_basic_roots_only(nodes, feature_points):
    balance(nodes)
    nodes.append(Node(pk=len(nodes), parent_id=None, points=feature_points, is_feature=True))
    basic = sum((n.points for n in nodes if n.parent_id is None and not n.is_feature), Decimal(0))
    assert check_totals(nodes, total_points=basic) == []
    [problem] = check_totals(nodes, total_points=basic + 1)
    assert problem.node is None and problem.difference == 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=20))
def test_a_parents_progress_is_the_mean_of_its_children_and_100_only_when_all_are_done(values):
    progress = mean_progress(values)
    assert min(values) <= progress <= max(values)
    assert progress <= sum(values) / len(values) < progress + 1
    assert (progress == 100) == all(v == 100 for v in values)


@pytest.fixture
def station(units):
    """A unit under the district government beside its street office: two branches under one root."""
    return UnitFactory(kind="other", region=units["tja_gov"].region, parent=units["tja_gov"])


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reports=st.lists(
        st.tuples(st.sampled_from(["guangming", "xiangyang", "station"]), st.integers(0, 100)),
        min_size=1,
        max_size=6,
    )
)
def test_reported_progress_rolls_up_every_level_as_the_mean_of_children(units, station, reports):
    """区政府 → 田东街道 → 光明/向阳社区, and 区政府 → 区属单位: parents always equal their children's mean."""

    class Rollback(Exception):
        pass

    leaves = {"guangming": units["guangming"], "xiangyang": units["xiangyang"], "station": station}
    try:
        with transaction.atomic():
            root = TaskFactory(unit=units["tja_gov"])
            street_task = services.decompose_task(
                actor=None, task_id=root.pk, unit_id=units["tiandong"].pk, due=root.due
            )
            parts = {
                "station": services.decompose_task(
                    actor=None, task_id=root.pk, unit_id=station.pk, due=root.due
                )
            }
            for name in ("guangming", "xiangyang"):
                parts[name] = services.decompose_task(
                    actor=None, task_id=street_task.pk, unit_id=leaves[name].pk, due=root.due
                )
            for name, progress in reports:
                services.report_progress(actor=None, task_id=parts[name].pk, progress=progress)
                values = dict(Task.objects.values_list("pk", "progress"))
                street_mean = mean_progress(
                    [values[parts["guangming"].pk], values[parts["xiangyang"].pk]]
                )
                assert values[street_task.pk] == street_mean
                assert values[root.pk] == mean_progress([street_mean, values[parts["station"].pk]])
            raise Rollback
    except Rollback:
        pass
