"""The assessment API scopes its totals like its rows: a community never gets the city's figures."""

import pytest

from tests.scoring.factories import small_city
from wenming.accounts.tokens import issue_token
from wenming.periods import parse_period
from wenming.scoring.services import assess

pytestmark = pytest.mark.django_db


def _get(client, user, pk):
    token, _ = issue_token(user=user)
    return client.get(f"/api/v1/assessments/{pk}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_community_sees_its_own_totals_and_the_office_the_citys(
    client, units, admin_user, inspector, coordinator, community1
):
    data = small_city(units, admin=admin_user, inspector=inspector)
    assessment = assess(
        actor=None, framework=data["framework"], period=parse_period("2026-W46")
    ).assessment
    city = _get(client, coordinator, assessment.pk).json()
    assert city["total"] == assessment.summary["total"]
    assert city["cases"] == assessment.summary["cases"]
    own = _get(client, community1, assessment.pk).json()
    assert {u["unit_id"] for u in own["units"]} == {units["guangming"].pk}
    row = own["units"][0]
    assert own["total"]["score"] == row["score"] and own["total"]["sample"] == row["sample"]
    assert own["total"] != assessment.summary["total"]
    assert own["cases"] != assessment.summary["cases"]
