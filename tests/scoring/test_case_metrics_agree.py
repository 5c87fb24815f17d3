"""One number means one thing: the cases statistics page and an assessment show the same case
metrics (按期整改率 …) for the same unit and period — both read cases.metrics."""

import re

import pytest
from django.urls import reverse

from tests.scoring.factories import small_city
from wenming.periods import parse_period
from wenming.scoring import engine
from wenming.scoring.services import assess

pytestmark = pytest.mark.django_db


def _page_rate(html: str, unit_id: int) -> str:
    found = re.search(rf'data-testid="on-time-rate-{unit_id}">([^<]*)<', html)
    assert found, f"no row for unit {unit_id}"
    return found.group(1).strip()


def test_the_statistics_page_and_the_assessment_give_the_same_on_time_rate(
    units, admin_user, inspector, coordinator, client
):
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    assessment = assess(
        actor=None,
        framework=fixture["framework"],
        period=parse_period("2026-11"),
        parameters=engine.Parameters(),
    ).assessment
    rows = {row.unit_id: row for row in assessment.rows.all()}
    client.force_login(coordinator)
    html = client.get(reverse("cases:stats"), {"month": "2026-11"}).content.decode()
    assert "指标口径" in html and "应按期整改件数" in html  # the definitions are on the page
    # A community (属地), a district government (its whole district) and a department (职能).
    checked = {"guangming": "33.33%", "xiangyang": "50.00%", "tja_gov": "40.00%", "civil": "50.00%"}
    for key, expected in checked.items():
        unit_id = units[key].pk
        assert rows[unit_id].components["on_time_rate"] + "%" == expected
        assert _page_rate(html, unit_id) == expected
