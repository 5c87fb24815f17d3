"""/api/v1/community/: the communities in the caller's scope with their 四达标, one community with
its 六个一; outside the scope 404."""

import pytest

from wenming.accounts.tokens import issue_token

pytestmark = pytest.mark.django_db


def _client(client, user):
    raw, _ = issue_token(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_list_and_detail_carry_the_standards_with_their_reasons(
    client, community1, coordinator, communities
):
    body = _client(client, coordinator).get("/api/v1/community/communities").json()
    assert body["count"] == 3
    xiangyang = next(c for c in body["items"] if c["name"].endswith("向阳社区居民委员会"))
    area = next(s for s in xiangyang["standards"] if s["key"] == "area")
    assert area["met"] is False and "差 50 平方米" in area["reason"] and xiangyang["weak"]

    mine = _client(client, community1).get("/api/v1/community/communities").json()
    assert [c["id"] for c in mine["items"]] == [communities["guangming"].pk]
    detail = client.get(
        f"/api/v1/community/communities/{communities['guangming'].pk}?month=2026-11"
    )
    assert detail.status_code == 200
    assert detail.json()["month"] == "2026-11"
    assert [f["label"] for f in detail.json()["facilities"]][0] == "综合服务场所"
    assert client.get(f"/api/v1/community/communities/{communities['yucai'].pk}").status_code == 404
    assert client.get("/api/v1/community/communities?month=2026-13").status_code == 422
