"""Practice sites by level in the region tree, and coverage drilled down county → town → community."""

import pytest

from tests.volunteers import factories as f
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import SiteLevel
from wenming.volunteers.services import network


@pytest.fixture
def tiandong(city):
    from wenming.regions.models import Region

    return Region.objects.get(pk="340403001000")


def test_a_station_must_sit_in_a_community(coordinator, tiandong):
    with pytest.raises(VolunteerError) as error:
        network.save_site(
            actor=coordinator, name="田东站", level=SiteLevel.STATION, region=tiandong
        )
    assert "社区（村）" in error.value.message


def test_a_community_liaison_cannot_place_a_site_in_another_district(community1, city):
    from wenming.regions.models import Region

    yucai = Region.objects.get(pk="340404001001")
    with pytest.raises(VolunteerError) as error:
        network.save_site(actor=community1, name="育才站", level=SiteLevel.STATION, region=yucai)
    assert "管辖范围" in error.value.message


def test_site_phone_is_checked_and_shown_masked(coordinator, login, city):
    from wenming.regions.models import Region

    site = network.save_site(
        actor=coordinator,
        name="光明社区新时代文明实践站",
        level=SiteLevel.STATION,
        region=Region.objects.get(pk="340403001001"),
        manager_name="李站长",
        manager_phone="１３９ ０００１ ２３４５",
        opening_hours="周一至周五 9:00–17:00",
    )
    assert site.manager_phone == "13900012345"
    page = login(coordinator).get(f"/volunteers/sites/{site.pk}/").content.decode()
    assert "139****2345" in page and "13900012345" not in page


def test_coverage_counts_towns_with_a_suo_and_communities_with_a_zhan(coordinator, login, city):
    f.site("340403000000", SiteLevel.CENTRE)
    f.site("340403001000", SiteLevel.INSTITUTE)  # 田东街道 has its 所
    f.site("340403001001", SiteLevel.STATION)  # 光明 has a 站, 向阳 has none
    client = login(coordinator)
    page = client.get("/volunteers/coverage/").content.decode()
    # City level: 田家庵区 1/1 towns, 1/2 communities; 谢家集区 0/1 and 0/2.
    assert "1/1（100.0%）" in page and "1/2（50.0%）" in page and "0/2（0.0%）" in page
    town = client.get("/volunteers/coverage/?region=340403000000").content.decode()
    assert "田东街道" in town and "1/2（50.0%）" in town
    community = client.get("/volunteers/coverage/?region=340403001000").content.decode()
    assert "光明社区" in community and "向阳社区" in community


def test_coverage_counts_every_level_in_one_statement(coordinator, city, django_assert_num_queries):
    """Centres and points are counted (two points in one community count twice); inactive
    sites and a 站 placed on the wrong level count for nothing; the totals add the rows up."""
    from wenming.regions.models import Region
    from wenming.regions.scope import scope_for
    from wenming.volunteers import selectors

    f.site("340403000000", SiteLevel.CENTRE)
    f.site("340403001000", SiteLevel.INSTITUTE)
    f.site("340403001001", SiteLevel.STATION)
    f.site("340403001001", SiteLevel.POINT, name="光明小学实践点")
    f.site("340403001001", SiteLevel.POINT, name="光明企业实践点")
    f.site("340404001001", SiteLevel.STATION, is_active=False)
    f.site("340404001000", SiteLevel.POINT, name="谢家集街道实践点")
    f.site("340404001201", SiteLevel.STATION)

    def figures(row):
        return (row.region.name, row.towns, row.towns_covered, row.villages)

    def sites(row):
        return (row.villages_covered, row.centres, row.points, row.full)

    city_region = Region.objects.get(pk="340400000000")
    scope_for(coordinator)  # the actor's scope is read once per request, before any page
    with django_assert_num_queries(1):
        total, rows = selectors.coverage(coordinator, city_region)
    assert [(*figures(r), *sites(r)) for r in rows] == [
        ("田家庵区", 1, 1, 2, 1, 1, 2, False),
        ("谢家集区", 1, 0, 2, 1, 0, 1, False),
    ]
    assert (*figures(total), *sites(total)) == ("淮南市", 2, 1, 4, 2, 1, 3, False)
    assert [r.region.code for r in rows] == ["340403000000", "340404000000"]
    _total, towns = selectors.coverage(coordinator, Region.objects.get(pk="340404000000"))
    assert [(*figures(r), *sites(r)) for r in towns] == [("谢家集街道", 1, 0, 2, 1, 0, 1, False)]
    total, villages = selectors.coverage(coordinator, Region.objects.get(pk="340403001000"))
    assert [(r.region.name, r.villages_covered, r.points) for r in villages] == [
        ("光明社区", 1, 2),
        ("向阳社区", 0, 0),
    ]
    assert (total.towns, total.towns_covered, total.villages, total.villages_covered) == (
        1,
        1,
        2,
        1,
    )
    leaf, none_below = selectors.coverage(coordinator, Region.objects.get(pk="340403001001"))
    assert none_below == [] and (leaf.villages, leaf.villages_covered, leaf.points) == (1, 1, 2)


def test_full_coverage_is_said_when_every_town_and_community_has_its_site(coordinator, login, city):
    f.site("340403001000", SiteLevel.INSTITUTE)
    f.site("340403001001", SiteLevel.STATION)
    f.site("340403001002", SiteLevel.STATION)
    page = login(coordinator).get("/volunteers/coverage/?region=340403000000").content.decode()
    assert "已实现全覆盖" in page


def test_coverage_of_another_district_is_404_for_a_community(community1, login, city):
    assert login(community1).get("/volunteers/coverage/?region=340404000000").status_code == 404


def test_star_review_gives_stars_from_the_share_of_points(coordinator, city):
    from wenming.volunteers.models import SiteReviewItem

    items = [SiteReviewItem.objects.create(text=f"项目{i}", points=10) for i in range(10)]
    site = f.site("340403001001", SiteLevel.STATION)
    review = network.review_site(
        actor=coordinator, site=site, year=2026, passed_item_ids=[i.pk for i in items[:8]]
    )
    site.refresh_from_db()
    assert (review.score, review.full_score, site.stars) == (80, 100, 4)


def test_outsider_sees_no_site(outsider, login, city):
    site = f.site("340403001001", SiteLevel.STATION)
    client = login(outsider)
    assert client.get(f"/volunteers/sites/{site.pk}/").status_code in (403, 404)
    assert client.get("/volunteers/").status_code == 403
