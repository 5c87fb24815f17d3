"""One API call must not break the case board: numbers are checked against their columns.

points_at_risk is DECIMAL(6, 2): 10000, 1e20 and "1e999999" answered 500 and saved the row,
after which /cases/ and /api/v1/cases/ answered 500 for everyone. Now they are a 422 naming
the field, nothing is saved, and a row already holding such a value is shown, not fatal.
"""

import json

import pytest
from django.db import connection

from tests.cases.factories import report
from wenming.accounts.tokens import issue_token
from wenming.cases.models import Case
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


def _create(client, user, **numbers):
    token, _ = issue_token(user=user)
    body = {
        "source": "department",
        "category": "占道经营",
        "description": "12345 转办：夜市占道",
        "region_code": "340403001001",
        **numbers,
    }
    return client.post(
        "/api/v1/cases/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.parametrize(
    ("numbers", "named"),
    [
        ({"points_at_risk": 10000}, "可能失分"),
        ({"points_at_risk": 1e20}, "可能失分"),
        ({"points_at_risk": "1e999999"}, "可能失分"),
        ({"points_at_risk": -3}, "可能失分"),
        ({"latitude": 1e308, "longitude": 116.99}, "纬度"),
        ({"longitude": -500, "latitude": 32.6}, "经度"),  # the bad field first
    ],
)
def test_a_number_that_does_not_fit_its_column_is_a_422_and_saves_nothing(
    client, community1, coordinator, numbers, named
):
    response = _create(client, community1, **numbers)
    assert response.status_code == 422, response.content
    # Named by the service's Chinese message, or by the schema's bound on the field.
    answer = json.dumps(response.json(), ensure_ascii=False)
    assert named in answer or f'"{next(iter(numbers))}"' in answer, answer
    assert Case.objects.count() == 0
    client.force_login(coordinator)
    assert client.get("/cases/").status_code == 200


def test_a_number_that_fits_is_stored_rounded_to_its_places(client, community1):
    response = _create(client, community1, points_at_risk="9999.994")
    assert response.status_code == 201, response.content
    assert str(Case.objects.get().points_at_risk) == "9999.99"


@pytest.mark.sqlite(reason="PostgreSQL's numeric(6,2) cannot hold such a value")
def test_a_stored_value_too_large_for_its_field_does_not_break_lists(
    client, inspector, coordinator, units
):
    case = report(
        inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"]
    )
    with connection.cursor() as cursor:  # what the old code let through, or a hand edit
        cursor.execute("UPDATE cases_case SET points_at_risk = 1e20 WHERE id = %s", [case.pk])
    client.force_login(coordinator)
    assert client.get("/cases/").status_code == 200
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    token, _ = issue_token(user=coordinator)
    listed = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
