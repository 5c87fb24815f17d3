"""The assessment's faster queries give the figures of the plain ones, on SQLite and PostgreSQL.

case_figures reads the cases once on PostgreSQL (GROUPING SETS) and falls back to the two grouped
queries elsewhere, and unit_case_figures hands the cells to the units in the same statement: run
on both databases, this file shows both paths agree with the plain queries.
"""

import pytest

from tests.scoring.factories import at, case, small_city
from wenming.cases.metrics import (
    attribute_case_metrics,
    case_figures,
    case_metric_cells,
    case_metrics_by_category,
    unit_case_figures,
)
from wenming.cases.models import Resolution
from wenming.periods import parse_period
from wenming.regions.attribution import unit_rows

pytestmark = pytest.mark.django_db

NOV = parse_period("2026-11")


@pytest.fixture
def assessed(units, admin_user, inspector):
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    # A case outside any territorial unit's subtree and one that is not counted (invalid), so the
    # category grouping has rows to leave out and the cells have one more region.
    other = units["yucai"]
    case(other.region_id, None, created=at(11, 3), closed=at(11, 5), category="其他")
    case(other.region_id, other, created=at(11, 4), closed=at(11, 6), resolution=Resolution.INVALID)
    return fixture


@pytest.mark.parametrize("prefix", ["", "3404", "340403", "340404", "35"])
def test_case_figures_in_one_scan_equal_the_two_grouped_queries(assessed, prefix):
    start, end = NOV.bounds()
    cells, categories = case_figures(start=start, end=end, region_prefix=prefix)
    assert sorted(cells, key=repr) == sorted(case_metric_cells(start=start, end=end), key=repr)
    plain = case_metrics_by_category(start=start, end=end, region_prefix=prefix)
    assert list(categories.items()) == list(plain.items())  # same figures, same order
    assert cells and bool(categories) == (prefix != "35")


@pytest.mark.parametrize("prefix", ["", "3404", "340403", "35"])
def test_case_figures_handed_to_units_in_the_database_equal_the_python_attribution(
    assessed, prefix
):
    start, end = NOV.bounds()
    units = unit_rows()
    by_unit, categories = unit_case_figures(start=start, end=end, region_prefix=prefix, units=units)
    cells, expected_categories = case_figures(start=start, end=end, region_prefix=prefix)
    assert by_unit == attribute_case_metrics(cells, units)
    assert list(categories.items()) == list(expected_categories.items())
    assert all(type(m.closed) is int for m in by_unit.values())
    assert by_unit
