"""Communities are scored on the community standard by the one scoring engine: their ledger
entries handed in and graded, and the 面积达标 figure taken from the facilities."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.community.conftest import jpeg
from wenming.community import assessment, services
from wenming.framework.models import MetricValue
from wenming.materials.services import transition
from wenming.periods import PeriodKind, period_containing
from wenming.regions.models import UnitKind

pytestmark = pytest.mark.django_db


def test_the_engine_scores_communities_from_their_ledger_and_facilities(
    communities, community1, reviewer, coordinator, login
):
    today = timezone.localdate()
    period = period_containing(PeriodKind.MONTH, today)
    entry = services.record_entry(
        actor=community1,
        community_id=communities["guangming"].pk,
        category="after_school",
        title="四点半课堂",
        held_on=today,
        attendance=20,
        uploads=[jpeg()],
    )
    handed = services.hand_in_entry(actor=community1, entry_id=entry.pk, submit=True)
    transition(actor=reviewer, submission_id=handed.submission_id, action="approve", grade="A")

    snapshot = assessment.assess(actor=coordinator, period=period)
    assert snapshot.framework.purpose == "community"
    rows = {r.unit_id: r for r in snapshot.rows.filter(kind=UnitKind.COMMUNITY)}
    guangming = rows[communities["guangming"].unit_id]
    xiangyang = rows[communities["xiangyang"].unit_id]
    # 光明: 活动开展达标 graded A (10) + 面积达标 400 of 300 needed (10).
    assert guangming.score == Decimal("20.00")
    # 向阳: 1,500 households need 450 ㎡; it has 400, so 面积达标 earns 10 × 400/450.
    assert xiangyang.score == Decimal("8.89")
    figure = MetricValue.objects.get(unit_id=communities["xiangyang"].unit_id)
    assert "应达 450" in figure.source

    # The same period again is the same snapshot; the ranking page shows it.
    assert assessment.assess(actor=coordinator, period=period).pk == snapshot.pk
    page = login(coordinator).get(f"/community/ranking/?month={period.key}").content.decode()
    assert "光明社区" in page and "20.00" in page
    rates = assessment.score_rates(period)
    assert all(unit_id in rows for unit_id in rates)
