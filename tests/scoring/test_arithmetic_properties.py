"""Properties of the scoring arithmetic (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.scoring import arithmetic as ar

points = st.decimals(min_value=0, max_value=50, places=2)
counts = st.integers(min_value=0, max_value=500)


@settings(max_examples=100, deadline=None)
@given(
    points=points,
    deducted=st.decimals(min_value=0, max_value=1000, places=2),
    visits=st.integers(1, 50),
)
def test_a_deduction_leaf_is_never_negative_nor_above_its_points(points, deducted, visits):
    result = ar.leaf_score(
        method="inspection",
        rule="deduct",
        points=points,
        target=None,
        evidence=ar.Evidence(deducted, Decimal(visits), visits),
    )
    assert Decimal(0) <= result.score <= points


@settings(max_examples=100, deadline=None)
@given(points=points, passed=counts, failed=counts)
def test_a_rate_leaf_lies_between_zero_and_its_points(points, passed, failed):
    evidence = ar.Evidence(Decimal(passed), Decimal(passed + failed), passed + failed)
    result = ar.leaf_score(
        method="inspection", rule="rate", points=points, target=None, evidence=evidence
    )
    if passed + failed == 0:
        assert result.score is None and result.note
    else:
        assert Decimal(0) <= result.score <= points


def tree_nodes(draw, *, methods, targets) -> list[ar.Node]:
    """A random indicator tree (one to three roots, at most three levels): each leaf's method
    drawn from ``methods`` (a branch has none), each node's target from ``targets``."""
    nodes, next_id = [], [1]

    def add(parent, depth):
        node_id = next_id[0]
        next_id[0] += 1
        leaf = depth == 3 or draw(st.booleans())
        nodes.append(
            ar.Node(
                id=node_id,
                parent_id=parent,
                code=str(node_id),
                name="",
                points=draw(points),
                method=draw(methods) if leaf else "",
                rule=draw(st.sampled_from(["rate", "deduct"])),
                target=draw(targets),
                depth=depth,
            )
        )
        if not leaf:
            for _ in range(draw(st.integers(1, 3))):
                add(node_id, depth + 1)

    for _ in range(draw(st.integers(1, 3))):
        add(None, 1)
    return nodes


@st.composite
def trees(draw):
    """A random indicator tree with random evidence on some leaves."""
    nodes = tree_nodes(
        draw,
        methods=st.sampled_from(["material", "inspection", "survey", "metric"]),
        targets=st.sampled_from([None, Decimal(10)]),
    )
    parents = {n.parent_id for n in nodes}
    evidence = {}
    for node in nodes:
        if node.id not in parents and draw(st.booleans()):
            den = draw(st.integers(1, 100))
            num = draw(st.integers(0, den * 100 if node.method in ("material", "survey") else den))
            evidence[node.id] = ar.Evidence(Decimal(num), Decimal(den), den)
    return nodes, evidence


@settings(max_examples=100, deadline=None)
@given(trees())
def test_totals_equal_the_sum_of_the_leaves_with_evidence(tree):
    nodes, evidence = tree
    result = ar.roll_up(nodes, evidence)
    scored = [leaf for leaf in result.leaves.values() if leaf.score is not None]
    assert result.total.score == sum((leaf.score for leaf in scored), Decimal(0))
    assert result.total.score <= result.total.max_points
    children = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.id)
    for node_id, subtotal in result.nodes.items():
        kid_scores = []
        for kid in children[node_id]:
            if kid in result.leaves:
                if result.leaves[kid].score is not None:
                    kid_scores.append(result.leaves[kid].score)
            elif kid in result.nodes:
                kid_scores.append(result.nodes[kid].score)
        assert subtotal.score == sum(kid_scores, Decimal(0))
    for leaf in result.leaves.values():
        if leaf.score is None:
            assert leaf.note  # a leaf without a score always says why


scores = st.dictionaries(
    st.integers(1, 60), st.decimals(min_value=0, max_value=100, places=2), max_size=40
)


@settings(max_examples=100, deadline=None)
@given(scores)
def test_dense_ranks_have_no_gaps_and_follow_the_scores(values):
    ranks = ar.dense_rank(values)
    assert set(ranks) == set(values)
    if not values:
        return
    assert sorted(set(ranks.values())) == list(range(1, len(set(values.values())) + 1))
    for a in values:
        for b in values:
            if values[a] > values[b]:
                assert ranks[a] < ranks[b]
            elif values[a] == values[b]:
                assert ranks[a] == ranks[b]


rules = st.builds(
    lambda size, a, b: ar.HonourRule(size=size, red_min=max(a, b), black_below=min(a, b)),
    st.integers(0, 5),
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
)


@settings(max_examples=200, deadline=None)
@given(scores, rules)
def test_red_and_black_lists_follow_the_stated_rule(values, rule):
    red, black = ar.red_black(values, rule)
    assert not red & black
    assert (red | black) <= set(values)  # only units with evidence (the scored ones) are listed
    for r in red:
        for b in black:
            assert Decimal(values[r]) >= Decimal(values[b])
    ranks = ar.dense_rank(values)
    for key in red:
        assert ranks[key] <= rule.size and Decimal(values[key]) >= rule.red_min
    for key in black:
        assert Decimal(values[key]) < rule.black_below
    below = sorted({Decimal(v) for v in values.values() if Decimal(v) < rule.black_below})
    assert len({Decimal(values[k]) for k in black}) == min(rule.size, len(below))


def test_a_lone_unit_scoring_zero_goes_to_the_black_list_not_the_red():
    # W47: 市教育局 with 综合得分 0.00 was the 红榜, 黑榜 "无".
    assert ar.red_black({"市教育局": Decimal("0.00")}, ar.HonourRule()) == (set(), {"市教育局"})


def test_three_ranked_units_are_not_all_red_whatever_their_scores():
    # W48: all three ranked districts were 红榜, one with a 0 % 按期整改率.
    red, black = ar.red_black(
        {"田家庵区": Decimal("85"), "谢家集区": Decimal("70"), "大通区": Decimal("30")},
        ar.HonourRule(size=3),
    )
    assert red == {"田家庵区"} and black == {"大通区"}


@given(st.one_of(st.none(), st.integers(1, 50)), st.one_of(st.none(), st.integers(1, 50)))
def test_movement_reads_as_places_climbed(previous, current):
    text = ar.movement(previous, current)
    if current is None:
        assert text == ""
    elif previous is None:
        assert text == "新"
    elif previous == current:
        assert text == "—"
    else:
        arrow, places = text[0], int(text[1:])
        assert places == abs(previous - current)
        assert arrow == ("↑" if previous > current else "↓")


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(ar.DEFAULT_WEIGHTS)),
        st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
    )
)
def test_the_composite_stays_on_the_hundred_point_scale(components):
    value = ar.composite(components, ar.DEFAULT_WEIGHTS)
    if all(v is None for v in components.values()):
        assert value is None
    else:
        assert Decimal(0) <= value <= Decimal(100)
