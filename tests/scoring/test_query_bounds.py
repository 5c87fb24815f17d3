"""The assessment is computed in the database: the number of queries does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scoring.factories import at, case, small_city
from wenming.periods import parse_period
from wenming.scoring import engine
from wenming.scoring.services import assess
from wenming.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def _grow(fixture, units, n):
    """n more cases and n more survey answers spread over the communities."""
    communities = [units["guangming"], units["xiangyang"], units["yucai"]]
    for i in range(n):
        unit = communities[i % 3]
        case(
            unit.region_id,
            unit,
            created=at(11, 1 + i % 28),
            closed=at(11, 2 + i % 28),
            on_time=i % 2 == 0,
            fails=i % 3,
            hours=i,
        )
        response = Response.objects.create(
            survey=fixture["survey"],
            region=unit.region,
            submitted_at=at(11, 15),
            respondent_key=f"grow{i}",
        )
        Answer.objects.create(response=response, question=fixture["question"], value=i % 2)


def _count(fixture, period):
    with CaptureQueriesContext(connection) as queries:
        assess(
            actor=None,
            framework=fixture["framework"],
            period=parse_period(period),
            parameters=engine.Parameters(),
        )
    return len(queries)


def test_assessment_query_count_is_the_same_for_small_and_larger_data(
    units, admin_user, inspector, django_assert_max_num_queries
):
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    small = _count(fixture, "2026-11")
    _grow(fixture, units, 120)
    with django_assert_max_num_queries(MAX_QUERIES):
        larger = _count(fixture, "2026-W47")
    # A week and a month take the same queries; so do 10 and 130 cases.
    assert larger == small
    assert small <= MAX_QUERIES


def test_bulletin_figures_take_the_same_queries_however_many_units_were_ranked(
    units, admin_user, inspector
):
    from wenming.scoring import bulletins

    fixture = small_city(units, admin=admin_user, inspector=inspector)
    assessment = assess(
        actor=None,
        framework=fixture["framework"],
        period=parse_period("2026-W47"),
        parameters=engine.Parameters(),
    ).assessment
    assert assessment.rows.count() > 3  # else a query per row would go unnoticed
    bulletins.figures_for(assessment, kind="weekly")  # warm: the region and framework rows
    with CaptureQueriesContext(connection) as queries:
        bulletins.figures_for(assessment, kind="weekly")
    # The rows, the trend and the issuer; never one query per ranked unit.
    assert len(queries) <= 5, [q["sql"] for q in queries]
