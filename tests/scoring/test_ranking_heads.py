"""The dashboard's rankings and the folded 完整排名 read every kind of unit in one windowed query
(two for the dashboard: the ranked heads, the names listed apart), and show exactly what a count
and a slice per kind showed: the same rows in the same order, the same totals."""

import pytest
from django.urls import reverse

from tests.scoring.factories import small_city
from wenming.periods import parse_period
from wenming.scoring import ranking, selectors, views
from wenming.scoring.models import RANKED_KINDS
from wenming.scoring.services import assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(units, admin_user, inspector):
    data = small_city(units, admin=admin_user, inspector=inspector)
    assessment = assess(
        actor=None, framework=data["framework"], period=parse_period("2026-W46")
    ).assessment
    # Two rows of each kind with several listed apart (too small a sample), unranked, so that
    # the ranked heads, the totals and the names apart all differ from the plain list.
    for kind in RANKED_KINDS:
        apart = list(assessment.rows.filter(kind=kind).order_by("-unit_name")[:2])
        assessment.rows.filter(pk__in=[r.pk for r in apart[:1]]).update(
            listed_apart=True, rank=None
        )
    return assessment


def _per_kind(actor, assessment, limit: int, apart_limit: int) -> list[dict]:
    """The dashboard's rankings as they were read before: a count, a slice and the names apart,
    per kind (twelve queries)."""
    groups = []
    for kind in RANKED_KINDS:
        rows = selectors.rows_for(actor, assessment, kind=kind)
        ranked = rows.filter(rank__isnull=False, listed_apart=False)
        total = ranked.count()
        apart = list(
            rows.filter(listed_apart=True).values_list("unit_name", flat=True)[:apart_limit]
        )
        if total or apart:
            units = [views._ranking_entry(r, assessment) for r in ranked[:limit]]
            groups.append({"kind": kind, "total": total, "units": units, "apart": apart})
    return groups


@pytest.mark.parametrize("limit, apart_limit", [(views.DASHBOARD_RANKS, 200), (1, 1), (2, 0)])
@pytest.mark.parametrize("who", ["coordinator", "community1", "dept"])
def test_the_dashboard_rankings_are_those_of_a_query_per_kind(
    assessment, request, who, limit, apart_limit, monkeypatch
):
    actor = request.getfixturevalue(who)
    monkeypatch.setattr(views, "APART_NAMES", apart_limit)
    folded = views._rankings(actor, assessment, limit=limit)
    expected = _per_kind(actor, assessment, limit, apart_limit)
    assert [{k: g[k] for k in ("kind", "total", "units", "apart")} for g in folded] == expected
    if who == "coordinator":
        assert expected and any(g["apart"] for g in expected) == (apart_limit > 0)


@pytest.mark.parametrize("folded_to", [views.RANKING_FOLDED, 1])
def test_the_folded_ranking_page_shows_the_rows_and_totals_of_a_query_per_kind(
    assessment, login, coordinator, folded_to, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(views, "RANKING_FOLDED", folded_to)
    client = login(coordinator)
    url = reverse("scoring:assessment_detail", args=[assessment.pk])
    client.get(url)  # the session and what a process keeps
    # Session, user, membership, the scope's units, the assessment, the rows, the unread badge.
    with django_assert_max_num_queries(8):
        groups = client.get(url).context["groups"]
    expected = []
    for kind in RANKED_KINDS:
        rows = selectors.rows_for(coordinator, assessment, kind=kind)
        if rows.count():
            expected.append((kind, rows.count(), [ranking.cells(r) for r in rows[:folded_to]]))
    shown = [(g["kind"], g["total"], g["rows"]) for g in groups]
    assert shown == expected and len(expected) > 1


def test_the_dashboard_reads_every_ranking_in_two_queries(
    assessment, login, coordinator, django_assert_max_num_queries
):
    client = login(coordinator)
    client.get(reverse("scoring:index"))
    # Session, user, membership, the scope's units, the latest assessment, the own unit's rows,
    # the two ranking queries, the region and the cached panels, the unread badge: not 3 per kind.
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("scoring:index"))
    assert response.status_code == 200
    windowed = [q["sql"] for q in captured.captured_queries if "ROW_NUMBER" in q["sql"]]
    assert len(windowed) == 2
