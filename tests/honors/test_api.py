"""The API: nominations in scope with masked phones, review over the same service (409 with the
allowed actions when refused), the registry's counts."""

import pytest

from wenming.accounts.tokens import issue_token
from wenming.honors.models import State

pytestmark = pytest.mark.django_db


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)[0]}"}


def test_list_detail_review_and_counts(client, reviewers, nominate, community2):
    nomination = nominate(building="")
    community = reviewers["community"]
    listed = client.get("/api/v1/honors/nominations", **_auth(community)).json()
    assert [n["name"] for n in listed["items"]] == ["王秀英"]
    detail = client.get(f"/api/v1/honors/nominations/{nomination.pk}", **_auth(community)).json()
    assert detail["nominator_phone"] == "138****8000" and detail["allowed_actions"] == ["review"]
    assert "13800138000" not in str(detail)
    refused = client.post(
        f"/api/v1/honors/nominations/{nomination.pk}/review",
        {"score": 90},
        content_type="application/json",
        **_auth(community),
    )
    assert refused.status_code == 409 and refused.json()["allowed_actions"] == ["review"]
    passed = client.post(
        f"/api/v1/honors/nominations/{nomination.pk}/review",
        {"approve": True, "note": "属实"},
        content_type="application/json",
        **_auth(community),
    )
    assert passed.status_code == 200 and passed.json()["state"] == State.PUBLICITY
    assert [e["action"] for e in passed.json()["events"]] == ["nominate", "review", "pass"]
    other = client.get(f"/api/v1/honors/nominations/{nomination.pk}", **_auth(community2))
    assert other.status_code == 404
    counts = client.get("/api/v1/honors/counts", **_auth(reviewers["city"])).json()
    assert counts["people"] == 0 and counts["region_code"] == "340400000000"
    assert (
        client.get("/api/v1/honors/counts?region=340404000000", **_auth(community)).status_code
        == 404
    )
