"""On PostgreSQL the assessment scores and rolls up each unit's evidence in the database
(scoring.rollup); the figures are the reference arithmetic's (scoring.arithmetic) to the cent:
leaf scores, node subtotals, totals and samples, for any tree and any evidence (hypothesis), and
a whole assessment equals the one computed by the Python path."""

import types
from decimal import Decimal
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scoring.factories import small_city
from tests.scoring.test_arithmetic_properties import tree_nodes
from wenming.periods import parse_period
from wenming.scoring import arithmetic as ar
from wenming.scoring import engine, rollup
from wenming.scoring.services import home_region

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

METHODS = ["material", "inspection", "survey", "metric", ""]


@st.composite
def trees(draw):
    """A random indicator tree, every method and rule, targets of either sign or none."""
    return tree_nodes(
        draw,
        methods=st.sampled_from(METHODS),
        targets=st.one_of(st.none(), st.decimals(min_value=-50, max_value=5000, places=4)),
    )


def evidence_for(draw, nodes):
    """Counts for some of the nodes (leaves or not, as cells may name any indicator)."""
    found = {}
    for node in nodes:
        if draw(st.booleans()):
            den = draw(st.integers(0, 10_000))
            num = draw(
                st.one_of(
                    st.integers(-100, 1_000_000).map(Decimal),
                    st.decimals(min_value=-1000, max_value=1_000_000, places=2),
                )
            )
            found[node.id] = ar.Evidence(num, Decimal(den), draw(st.integers(0, 10_000)))
    return found


@st.composite
def assessments(draw):
    nodes = draw(trees())
    units = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=4, unique=True))
    return nodes, {unit: evidence_for(draw, nodes) for unit in units}


def reference(tree: ar.Tree, leaves: dict) -> rollup.FrameworkScore:
    """What the Python path stores for a unit with these counts."""
    result = ar.roll_up(tree, leaves)
    counted = {n.id for n in tree.nodes if n.method in ("material", "inspection")}
    return rollup.FrameworkScore(
        score=result.total.score,
        max_points=result.total.max_points,
        sample=sum(e.sample for leaf, e in leaves.items() if leaf in counted),
        scores=engine.scores_json(tree.points, result),
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(assessments())
def test_the_database_roll_up_equals_the_reference_arithmetic_to_the_cent(case):
    nodes, evidence = case
    tree = ar.Tree(nodes)
    computed = rollup.scores_of(evidence, tree)
    for unit, leaves in evidence.items():
        expected = reference(tree, leaves)
        got = computed.get(unit, rollup.FrameworkScore())
        assert got == expected
        # The same text, not only the same value: 5.00 stays 5.00 in the stored snapshot.
        assert (str(got.score), str(got.max_points)) == (
            str(expected.score),
            str(expected.max_points),
        )
    assert set(computed) <= set(evidence)


def test_a_unit_without_evidence_has_no_row():
    tree = ar.Tree([ar.Node(id=1, parent_id=None, code="1", name="", points=Decimal("5.00"))])
    assert rollup.scores_of({}, tree) == {}


@pytest.mark.parametrize("period", ["2026-11", "2026-W47"])
def test_an_assessment_in_the_database_equals_the_python_path(units, admin_user, inspector, period):
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    arguments = {
        "framework_id": fixture["framework"].pk,
        "root": home_region(),
        "period": parse_period(period),
        "parameters": engine.Parameters(),
    }
    in_database = engine.compute(**arguments)
    with mock.patch.object(engine, "connection", types.SimpleNamespace(vendor="python")):
        in_python = engine.compute(**arguments)
    assert in_database.units == in_python.units
    assert in_database.summary == in_python.summary
    assert any(result.framework.scores for result in in_database.units)
