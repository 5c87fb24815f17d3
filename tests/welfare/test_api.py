"""The registers in the API: meal points scoped like the pages (another district's answers 404),
urban/rural from the region code, and the period figures with None for no data."""

from tests.welfare.factories import meal_points
from wenming.accounts.tokens import issue_token
from wenming.regions.models import Region


def _get(client, user, path):
    token = issue_token(user=user)[0]
    return client.get(f"/api/v1/welfare{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_meal_points_are_scoped_and_say_urban_or_rural(client, welfare_xjj):
    mine = meal_points(Region.objects.get(code="340404001201"), 2, prefix="王岗")[0]
    other = meal_points(Region.objects.get(code="340403001001"), 1, prefix="光明")[0]
    listing = _get(client, welfare_xjj, "/meal-points/").json()
    assert listing["count"] == 2 and {i["area"] for i in listing["items"]} == {"农村"}
    assert _get(client, welfare_xjj, f"/meal-points/{mine.pk}").status_code == 200
    assert _get(client, welfare_xjj, f"/meal-points/{other.pk}").status_code == 404


def test_figures_state_no_data_as_null_and_refuse_a_bad_period(client, welfare_user):
    meal_points(Region.objects.get(code="340403001001"), 3)
    body = _get(client, welfare_user, "/figures?period=2026").json()
    assert (body["meal_points"], body["urban"], body["rural"]) == (3, 3, 0)
    assert body["safety_drills"] is None and body["period_label"] == "2026年"
    assert _get(client, welfare_user, "/figures?period=明年").status_code == 422
    missing = _get(client, welfare_user, "/figures?period=2027-W53")  # 2027 has 52 weeks
    assert missing.status_code == 404 and "不存在" in missing.json()["detail"]
