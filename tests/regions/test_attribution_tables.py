"""The 职能 table the database reads equals the rule unit by unit (Attribution.functional_chain),
whatever the unit tree: deep chains, functional units under functional ones, parents outside the
units given, and even a cycle in the parent links."""

from hypothesis import given
from hypothesis import strategies as st

from wenming.regions.attribution import Attribution
from wenming.regions.models import UnitKind

KINDS = [UnitKind.DEPARTMENT, UnitKind.GOVERNMENT, UnitKind.STREET, UnitKind.COMMUNITY]


@st.composite
def unit_trees(draw):
    count = draw(st.integers(min_value=0, max_value=25))
    units = []
    for pk in range(1, count + 1):
        parent = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=count + 3)))
        units.append(
            {
                "pk": pk,
                "parent_id": parent,
                "kind": draw(st.sampled_from(KINDS)),
                "prefix": "34",
                "answers": draw(st.booleans()),
            }
        )
    return units


@given(unit_trees())
def test_the_functional_table_holds_each_units_chain_and_nothing_else(units):
    attribution = Attribution(units, answers=lambda unit: unit["answers"])
    sources, targets = attribution.functional_table()
    expected = sorted(
        (unit["pk"], target)
        for unit in units
        for target in attribution.functional_chain(unit["pk"])
    )
    assert sorted(zip(sources, targets, strict=True)) == expected
