"""What the network adds to 一张图 and to a site's page: the volunteer figures on the dashboard
(read through wenming.figures, scoped like the dashboard), site photos served only to those
who may see the site, teams near a demand by distance, and the ID hash's own key."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from tests.inspections.factories import jpeg_bytes
from tests.regions.factories import person
from tests.scoring.factories import small_framework
from tests.volunteers import factories as f
from wenming.periods import parse_period
from wenming.regions.models import Role
from wenming.scoring.services import assess
from wenming.volunteers.identity import id_key
from wenming.volunteers.models import Demand, Volunteer
from wenming.volunteers.nearby import teams_near


def stat(page: str, key: str) -> str:
    cell = page.split(f'data-testid="figure-volunteers.{key}"')[1].split("wm-stat-label")[0]
    return cell.split('data-testid="figure-value">')[1].split("<")[0]


def test_the_dashboard_shows_the_volunteer_figures_of_the_users_region(
    network, units, coordinator, login
):
    other = f.team("育才社区青年志愿服务队", "340404001001")
    carol = f.volunteer(3, name="赵小兰", region_code="340404001001", teams=[other])
    Volunteer.objects.update(registered_on=date(2025, 1, 1))
    f.served(network["alice"], network["team"], date(2026, 11, 5), "3")
    f.served(carol, other, date(2026, 11, 21), "4")
    framework = small_framework()["B1"].framework
    assess(actor=None, framework=framework, period=parse_period("2026-11"))
    city = login(coordinator).get("/scoring/").content.decode()
    assert 'data-testid="figure-panel"' in city and "淮南市" in city
    assert (stat(city, "registered"), stat(city, "hours"), stat(city, "services")) == (
        "3",
        "7",
        "2",
    )
    assert stat(city, "active") == "2"
    assert "无数据" in city.split('data-testid="figure-volunteers.share"')[1][:400]
    # 谢家集区's leader sees 谢家集区: one volunteer, her four hours.
    leader = person(username="xjj", unit=units["xjj_gov"], role=Role.LEADER)
    district = login(leader).get("/scoring/").content.decode()
    assert "志愿服务 · 谢家集区" in district
    assert (stat(district, "registered"), stat(district, "hours")) == ("1", "4")


def test_site_photos_are_checked_and_served_only_within_scope(
    network, coordinator, community2, login
):
    station = network["station"]
    client = login(coordinator)
    bad = SimpleUploadedFile("假照片.jpg", b"not an image", "image/jpeg")
    client.post(f"/volunteers/sites/{station.pk}/photos/", {"photos": [bad]})
    assert not station.photos.exists()
    good = SimpleUploadedFile("站点外景.jpg", jpeg_bytes(), "image/jpeg")
    client.post(f"/volunteers/sites/{station.pk}/photos/", {"photos": [good], "caption": "外景"})
    photo = station.photos.get()
    page = client.get(f"/volunteers/sites/{station.pk}/").content.decode()
    url = f"/volunteers/sites/{station.pk}/photos/{photo.pk}/"
    assert url in page and "外景" in page
    served_photo = client.get(url)
    assert served_photo.status_code == 200 and served_photo["Content-Type"] == "image/jpeg"
    assert login(community2).get(url).status_code in (403, 404)  # another district's station


@override_settings(VOLUNTEER_NEAR_RADIUS_M=3000)
def test_teams_near_a_demand_are_sorted_by_distance_then_same_county(network):
    here = {"latitude": Decimal("32.600000"), "longitude": Decimal("117.000000")}
    demand = Demand.objects.create(
        category="elderly",
        title="助老",
        region_id="340403001001",
        handler_region_id="340403001001",
        channel="public",
        **here,
    )
    near = f.team("近处队伍", latitude=Decimal("32.601000"), longitude=Decimal("117.000000"))
    nearer = f.team("更近队伍", latitude=Decimal("32.600200"), longitude=Decimal("117.000000"))
    f.team("远处队伍", latitude=Decimal("32.700000"), longitude=Decimal("117.000000"))
    f.team("谢家集队伍", "340404001001")  # another county, no position
    found = teams_near(demand)
    names = [n.team.name for n in found]
    assert names[:2] == [nearer.name, near.name]
    assert found[0].distance_text == "22 m" and found[1].distance_text == "111 m"
    # no position: the county's teams after the measured ones; the far one and 谢家集 absent
    assert names[2:] == [network["team"].name]
    assert "远处队伍" not in names and "谢家集队伍" not in names


def test_the_id_hash_has_its_own_key_and_rehashes_after_a_change(network, settings):
    alice = network["alice"]
    with override_settings(SECRET_KEY="another-secret-key-" + "x" * 40):
        assert id_key(alice.id_number) == alice.id_key  # SECRET_KEY does not matter
    settings.VOLUNTEER_ID_KEY = "a-new-volunteer-id-key"
    assert id_key(alice.id_number) != alice.id_key
    call_command("rehash_volunteer_ids", stdout=__import__("io").StringIO())
    alice.refresh_from_db()
    assert alice.id_key == id_key(alice.id_number)


def test_coverage_map_places_towns_and_lists_sites_by_level_within_scope(
    network, coordinator, community2, login
):
    from wenming.volunteers.models import PracticeSite

    PracticeSite.objects.filter(pk=network["institute"].pk).update(
        latitude=Decimal("32.640000"), longitude=Decimal("117.010000")
    )
    PracticeSite.objects.filter(pk=network["station"].pk).update(
        latitude=Decimal("32.641000"), longitude=Decimal("117.011000")
    )
    client = login(coordinator)
    page = client.get("/volunteers/coverage/?region=340403000000").content.decode()
    data = page.split('id="coverage-points" type="application/json">')[1].split("</script>")[0]
    import json

    assert page.count('id="map-config"') == 1  # once, in the page body
    points = {p["name"]: p for p in json.loads(data)["points"]}
    assert points["田东街道"]["class"] == "gap"  # 光明社区 has its 站, 向阳社区 not: 50 %
    assert points["田东街道"]["url"].endswith("?region=340403001000")
    assert points["田东街道"]["badge"] == "50.0%"
    clusters = "/map/clusters.json?layer=practice&bbox=116,32,118,33&zoom=18"
    items = {i["name"]: i for i in client.get(clusters).json()["items"]}
    assert items[network["station"].name]["type"] == "实践站"
    assert (
        items[network["institute"].name]["url"] == f"/volunteers/sites/{network['institute'].pk}/"
    )
    assert login(community2).get(clusters).json()["items"] == []  # another district's sites


@override_settings(VOLUNTEER_NEAR_RADIUS_M=3000)
def test_a_placed_team_sees_open_demands_within_the_radius_across_counties(network, community1):
    from wenming.volunteers.selectors import demands_visible_to

    team = network["team"]
    team.latitude, team.longitude = Decimal("32.600000"), Decimal("117.000000")
    team.save()

    def open_demand(title, region, lat):
        return Demand.objects.create(
            category="elderly",
            title=title,
            region_id=region,
            handler_region_id=region,
            channel="public",
            state="open",
            latitude=Decimal(lat),
            longitude=Decimal("117.000000"),
        )

    open_demand("隔壁县两公里", "340404001001", "32.618000")  # ~2 km, another county
    open_demand("本县十公里", "340403001002", "32.690000")  # ~10 km, same county
    seen = {d.title for d in demands_visible_to(community1, state="open")}
    assert "隔壁县两公里" in seen and "本县十公里" not in seen
