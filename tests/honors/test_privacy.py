"""No page, API answer or public page of 好人评选 shows a phone number in full: the nominee's,
the nominator's and the objector's stay masked (138****8000) or absent."""

import re

import pytest
from django.urls import reverse

from tests.honors.factories import honors_world
from wenming.accounts.tokens import issue_token
from wenming.honors.models import Nomination, Person

pytestmark = pytest.mark.django_db
FULL = re.compile(r"1[3-9]\d{9}")


def test_no_page_or_answer_shows_a_full_phone_number(client, units, coordinator, community1):
    honors_world(units, coordinator)
    nomination = Nomination.objects.filter(state="publicity", region_id="340403001001").first()
    person = Person.objects.filter(phone__gt="").first()
    pages = [
        reverse("honors:index"),
        reverse("honors:waiting"),
        reverse("honors:detail", args=[nomination.pk]),
        reverse("honors:registry"),
        reverse("honors:person", args=[person.pk]),
        reverse("honors:assistance"),
        reverse("honors:titles"),
    ]
    public = [
        reverse("public:honors_publicity"),
        reverse("public:honors_candidate", args=[nomination.pk]),
        reverse("public:honors_nominate"),
    ]
    api = [
        "/api/v1/honors/nominations",
        f"/api/v1/honors/nominations/{nomination.pk}",
        "/api/v1/honors/counts",
    ]
    seen = []
    for user in (coordinator, community1):
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            seen += [(url, m) for m in FULL.findall(response.content.decode())]
        token = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)[0]}"}
        for url in api:
            response = client.get(url, **token)
            assert response.status_code == 200, url
            seen += [(url, m) for m in FULL.findall(response.content.decode())]
    client.logout()
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        seen += [(url, m) for m in FULL.findall(response.content.decode())]
    assert seen == []
    client.force_login(community1)
    detail = client.get(reverse("honors:detail", args=[nomination.pk])).content.decode()
    assert "138****8000" in detail and "137****1111" in detail
