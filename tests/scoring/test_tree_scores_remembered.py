"""A prepared indicator tree remembers leaf scores (many units share the same counts for a leaf):
what it returns is what leaf_score computes, on the first call and on every later one."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scoring.test_arithmetic_properties import trees
from wenming.scoring import arithmetic as ar


@settings(max_examples=100, deadline=None)
@given(trees(), st.integers(1, 3))
def test_a_prepared_tree_scores_as_leaf_score_and_rolls_up_as_a_fresh_one(tree, scale):
    nodes, evidence = tree
    prepared = ar.Tree(nodes)
    # The same counts written with another exponent (5 and 5.0) score the same.
    rescaled = {
        leaf: ar.Evidence(Decimal(f"{e.num}.0"), e.den * 1, e.sample)
        for leaf, e in evidence.items()
    }
    for counts in (evidence, rescaled, evidence):
        result = ar.roll_up(prepared, counts)
        for leaf_id, found in counts.items():
            node = prepared.leaves[leaf_id]
            expected = ar.leaf_score(
                method=node.method,
                rule=node.rule,
                points=node.points,
                target=node.target,
                evidence=found,
            )
            assert result.leaves[leaf_id] == expected
            assert str(result.leaves[leaf_id].score) == str(expected.score)
        assert result == ar.roll_up(nodes, counts)
    # Doubling the counts of every leaf is new evidence: scored afresh, not taken from memory.
    doubled = {
        leaf: ar.Evidence(e.num * scale, e.den * scale, e.sample * scale)
        for leaf, e in evidence.items()
    }
    assert ar.roll_up(prepared, doubled) == ar.roll_up(nodes, doubled)
