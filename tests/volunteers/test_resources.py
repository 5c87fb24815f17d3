"""Resource libraries: talents from skills (masked), equipment booked without overlap, and the
service menu a citizen orders from."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.volunteers import factories as f
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import Demand, EquipmentBooking
from wenming.volunteers.services import resources


def test_equipment_is_never_booked_twice_at_once(network, community1, other_manager):
    equipment = resources.save_equipment(
        actor=community1, team=network["team"], name="折叠帐篷", quantity=4
    )
    start = timezone.now() + timedelta(days=1)
    resources.book_equipment(
        actor=community1,
        equipment=equipment,
        team=network["team"],
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        purpose="周末义诊",
    )
    manager, their_team = other_manager
    with pytest.raises(VolunteerError) as clash:
        resources.book_equipment(
            actor=manager,
            equipment=equipment,
            team=their_team,
            starts_at=start + timedelta(hours=2),
            ends_at=start + timedelta(hours=6),
            purpose="文艺演出",
        )
    assert "光明社区党员志愿服务队" in clash.value.message
    resources.book_equipment(
        actor=manager,
        equipment=equipment,
        team=their_team,
        starts_at=start + timedelta(hours=4),
        ends_at=start + timedelta(hours=6),
        purpose="文艺演出",
    )
    assert EquipmentBooking.objects.count() == 2


def test_a_citizen_orders_from_the_service_menu(network, community1, client):
    offer = resources.save_offer(
        actor=community1, team=network["team"], title="上门理发", category="elderly"
    )
    menu = client.get("/public/services/").content.decode()
    assert "上门理发" in menu
    form = client.get(f"/public/demands/new/?offer={offer.pk}").content.decode()
    assert "点单：上门理发" in form
    response = client.post(
        "/public/demands/new/",
        {"offer": offer.pk, "category": "other", "title": "上门理发", "region": "340403001001"},
    )
    assert response.status_code == 302
    demand = Demand.objects.get()
    assert demand.offer == offer and demand.category == "elderly"


def test_the_talent_library_lists_skills_with_masked_phones(network, community1, login):
    f.volunteer(9, name="孙医生", teams=[network["team"]], skills="医疗护理")
    page = login(community1).get("/volunteers/resources/?tab=talents&skill=医疗").content.decode()
    assert "孙医生" in page and "139****0009" in page and "13900000009" not in page
    assert "王小红" not in page


def test_an_outsider_cannot_add_equipment(network, other_manager):
    manager, _team = other_manager
    with pytest.raises(Exception) as refused:
        resources.save_equipment(actor=manager, team=network["team"], name="音响")
    assert refused.type.__name__ == "PermissionDenied"
