"""`wenming assess` and GET /api/v1/assessments/{id}: the snapshot id, re-use, and scoping."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.scoring.factories import small_city
from wenming.scoring.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture(units, admin_user, inspector):
    return small_city(units, admin=admin_user, inspector=inspector)


def _assess_cli(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("assess", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_assess_prints_the_snapshot_id_and_reuses_it(fixture):
    first, note = _assess_cli("--framework", str(fixture["framework"].pk), "--period", "2026-11")
    assert first == str(Assessment.objects.get().pk) and "已生成" in note
    again, note = _assess_cli("--framework", str(fixture["framework"].pk), "--period", "2026-11")
    assert again == first and "沿用" in note
    week, _ = _assess_cli("--framework", str(fixture["framework"].pk), "--period", "2026-W47")
    assert week != first


def test_assess_refuses_a_bad_period_in_chinese(fixture):
    with pytest.raises(CommandError, match="无法识别考核期"):
        _assess_cli("--framework", str(fixture["framework"].pk), "--period", "11月")


def _token(client, user, password):
    response = client.post(
        "/api/v1/auth/token",
        data=json.dumps({"username": user.username, "password": password}),
        content_type="application/json",
    )
    return response.json()["token"]


def test_api_gives_totals_and_rankings_scoped_to_the_caller(
    fixture, client, password, coordinator, community1, outsider
):
    assessment_id, _ = _assess_cli(
        "--framework", str(fixture["framework"].pk), "--period", "2026-11"
    )

    def get(user):
        return client.get(
            f"/api/v1/assessments/{assessment_id}",
            HTTP_AUTHORIZATION=f"Bearer {_token(client, user, password)}",
        )

    whole = get(coordinator).json()
    assert whole["period"] == "2026-11" and whole["revision"] == 1
    assert whole["total"]["score"] == "14.23"
    communities = next(r for r in whole["rankings"] if r["kind"] == "community")
    assert [(u["unit_name"], u["rank"]) for u in communities["units"]] == [
        ("育才社区", 1),
        ("向阳社区", 2),
        ("光明社区", 3),
    ]
    own = get(community1).json()
    assert [u["unit_name"] for u in own["units"]] == ["光明社区"]
    assert own["units"][0]["rank"] == 3
    assert get(outsider).status_code == 404
