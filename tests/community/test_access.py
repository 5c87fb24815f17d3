"""Scoping: another district's community worker, a department not paired with the community and an
outsider get 404 on every page of the community, its ledger, files, plan and pairing — the same
answer as for something that does not exist; a liaison may not run the standard (403)."""

import pytest

from tests.community.factories import community_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path, units, coordinator):
    settings.MEDIA_ROOT = tmp_path / "media"
    return community_world(units, coordinator=coordinator)


def _urls(o) -> list[str]:
    c = o["community"].pk
    return [
        f"/community/{c}/",
        f"/community/{c}/ledger/",
        f"/community/{c}/ledger/new/",
        f"/community/{c}/facilities/service/",
        # The book's scoping is the same for both formats; DOCX is the cheap one to render
        # (test_book.py renders and reads the PDF).
        f"/community/{c}/book.docx",
        f"/community/{c}/plan/new/",
        f"/community/ledger/{o['entry'].pk}/",
        f"/community/ledger/files/{o['file'].pk}/",
        f"/community/facility-photos/{o['facility'].photos.get().pk}/",
        f"/community/plans/{o['plan'].pk}/",
        f"/community/pairings/{o['pairing'].pk}/",
        f"/community/pairings/files/{o['disbursement'].pk}/",
    ]


def _posts(o) -> list[str]:
    c = o["community"].pk
    return [
        f"/community/{c}/profile/",
        f"/community/{c}/weak/",
        f"/community/{c}/rooms/",
        f"/community/rooms/{o['room'].pk}/remove/",
        f"/community/ledger/{o['entry'].pk}/hand-in/",
        f"/community/plans/{o['plan'].pk}/measures/",
        f"/community/plans/{o['plan'].pk}/act/",
        f"/community/plans/{o['plan'].pk}/notice/",
        f"/community/milestones/{o['milestone'].pk}/done/",
        f"/community/pairings/{o['pairing'].pk}/funds/",
        f"/community/pairings/{o['pairing'].pk}/party/",
    ]


def test_outsiders_get_404_on_every_object_of_another_community(
    world, login, community2, dept, outsider
):
    guangming = world["guangming"]
    for user in (community2, dept, outsider):
        client = login(user)
        for url in _urls(guangming):
            assert client.get(url).status_code == 404, (user.username, url)
        for url in _posts(guangming):
            assert client.post(url, {"override": "weak", "reason": "x"}).status_code in (
                403,
                404,
            ), (user.username, url)


def test_own_worker_and_territory_see_it_and_the_paired_unit_sees_both_sides(
    world, login, community1, coordinator, units
):
    from tests.regions.factories import person
    from wenming.regions.models import Role

    guangming = world["guangming"]
    for user in (community1, coordinator):
        client = login(user)
        for url in _urls(guangming):
            if "plan/new" in url and user == community1:
                assert client.get(url).status_code == 403
                continue
            assert client.get(url).status_code == 200, (user.username, url)
    police = person(username="police", unit=units["police"], role=Role.LIAISON)
    client = login(police)
    page = client.get(f"/community/{guangming['community'].pk}/").content.decode()
    assert "光明社区" in page and "市公安局" in page
    unit_page = client.get(f"/community/units/{units['police'].pk}/").content.decode()
    assert "光明社区" in unit_page and "育才社区" in unit_page and "10000" in unit_page


def test_a_liaison_cannot_adjust_the_weak_list(world, login, community1):
    community = world["guangming"]["community"]
    response = login(community1).post(
        f"/community/{community.pk}/weak/", {"override": "not_weak", "reason": "我们已经很好"}
    )
    assert response.status_code == 403
    community.refresh_from_db()
    assert community.weak_override == ""


def test_welfare_staff_without_the_assess_right_get_a_message_not_an_error(
    world, login, units, community_framework
):
    from tests.regions.factories import person
    from wenming.regions.models import Role

    welfare = person(username="welfare", unit=units["civil"], role=Role.WELFARE)
    response = login(welfare).post("/community/ranking/", follow=True)
    assert response.status_code == 200
    assert "不能发起考核" in response.content.decode()
