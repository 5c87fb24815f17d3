"""Scope: a community sees its own sites and visits; anything else is 404, as if it did not exist."""

import pytest
from django.urls import reverse

from tests.inspections.factories import SiteFactory, answers_for, make_round
from wenming.inspections import services
from wenming.regions.models import Region

MAP_EVERYWHERE = {"layer": "sites", "bbox": "-180,-90,180,90", "zoom": "19"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(units):
    own = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    other = SiteFactory(
        name="育才农贸市场",
        region=Region.objects.get(code="340404001001"),
        unit=units["yucai"],
        latitude="32.600000",
        longitude="116.860000",
    )
    return own, other


@pytest.fixture
def visits(coordinator, inspector, two_sites):
    round = make_round(coordinator, sites=list(two_sites), inspectors=[inspector])
    return [
        services.record_inspection(
            actor=inspector, round=round, site=s, answers=answers_for(s, fail={1})
        )
        for s in two_sites
    ]


def test_community1_gets_404_on_a_site_outside_its_scope(community1, two_sites, login):
    own, other = two_sites
    client = login(community1)
    assert client.get(reverse("inspections:site_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("inspections:site_detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("inspections:site_list")).content.decode()
    assert "光明农贸市场" in listing and "育才农贸市场" not in listing


def test_community1_gets_404_on_an_inspection_outside_its_scope(community1, visits, login):
    own, other = visits
    client = login(community1)
    assert client.get(reverse("inspections:inspection_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("inspections:inspection_detail", args=[other.pk])).status_code == 404
    other_photo_url = reverse("inspections:photo", args=[999999])
    assert client.get(other_photo_url).status_code == 404


def test_round_page_shows_a_unit_only_its_own_findings(community1, visits, login):
    round = visits[0].round
    body = (
        login(community1).get(reverse("inspections:round_detail", args=[round.pk])).content.decode()
    )
    assert "光明农贸市场" in body and "育才农贸市场" not in body


def test_map_markers_are_scoped(community1, coordinator, two_sites, login):
    def names(user):
        data = login(user).get(reverse("web:map_clusters"), MAP_EVERYWHERE).json()
        return {s["name"] for s in data["items"]}

    assert names(community1) == {"光明农贸市场"}
    assert names(coordinator) == {"光明农贸市场", "育才农贸市场"}


def test_a_unit_cannot_open_the_visit_pages(community1, visits, login):
    round = visits[0].round
    client = login(community1)
    assert client.get(reverse("inspections:visit_sites", args=[round.pk])).status_code == 403
    assert (
        client.get(
            reverse("inspections:visit_form", args=[round.pk, visits[0].site_id])
        ).status_code
        == 403
    )


def test_outsider_sees_nothing(outsider, visits, login):
    client = login(outsider)
    assert (
        client.get(reverse("inspections:inspection_detail", args=[visits[0].pk])).status_code == 404
    )
    assert (
        client.get(reverse("inspections:round_detail", args=[visits[0].round_id])).status_code
        == 404
    )
    assert client.get(reverse("web:map_clusters"), MAP_EVERYWHERE).json()["total"] == 0


def test_anonymous_visitors_are_sent_to_login(client, visits):
    response = client.get(reverse("inspections:inspection_detail", args=[visits[0].pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_photos_are_served_only_within_scope(
    inspector, community1, community2, two_sites, coordinator, login
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.inspections.factories import jpeg_bytes
    from wenming.inspections.models import Photo

    own = two_sites[0]
    round = make_round(coordinator, sites=[own], inspectors=[inspector])
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    services.record_inspection(
        actor=inspector,
        round=round,
        site=own,
        answers=answers_for(own, fail={1}, photos={1: [photo]}),
    )
    url = reverse("inspections:photo", args=[Photo.objects.get().pk])
    response = login(community1).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert login(community2).get(url).status_code == 404
