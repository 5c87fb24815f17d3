"""The demo city: real divisions, generated towns and communities, units and accounts; idempotent."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from wenming.regions.demo import DEMO_PASSWORD, load_demo_organisation
from wenming.regions.models import Membership, Region, Unit
from wenming.regions.scope import scope_for


@pytest.mark.django_db
def test_demo_loads_huainan_from_the_division_data_and_twice_changes_nothing():
    load_demo_organisation()
    counts = (
        Region.objects.count(),
        Unit.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )
    load_demo_organisation()
    assert (
        Region.objects.count(),
        Unit.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    ) == counts
    counties = set(Region.objects.filter(parent_id="340400000000").values_list("name", flat=True))
    assert counties == {"大通区", "田家庵区", "谢家集区", "八公山区", "潘集区", "凤台县", "寿县"}
    assert Unit.objects.count() >= 30
    for short in [
        "市文明办",
        "市民政局",
        "市城管局",
        "市住建局",
        "市市场监管局",
        "市公安局",
        "市交警支队",
        "团市委",
        "市教育局",
        "市卫健委",
    ]:
        assert Unit.objects.filter(short_name=short).exists(), short
    assert Unit.objects.get(short_name="市民政局").name == "淮南市民政局"
    assert Unit.objects.get(short_name="市交警支队").parent.short_name == "市公安局"


@pytest.mark.django_db
def test_demo_accounts_log_in_with_the_demo_password_and_have_their_places():
    load_demo_organisation()
    User = get_user_model()
    for username in ["admin", "coordinator", "inspector", "dept", "community1", "community2"]:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username
    assert User.objects.get(username="dept").membership.unit.short_name == "市民政局"
    c1 = User.objects.get(username="community1").membership.unit
    c2 = User.objects.get(username="community2").membership.unit
    assert c1.kind == c2.kind == "community"
    assert c1.region_id[:6] != c2.region_id[:6]  # different districts
    assert not scope_for(User.objects.get(username="community1")).covers_region(c2.region_id)
    # The street office (街道办) of community1: its communities are its, community2's are not.
    street = User.objects.get(username="street")
    assert street.check_password(DEMO_PASSWORD)
    assert street.membership.unit.kind == "street" and street.membership.unit.name.endswith(
        "办事处"
    )
    assert scope_for(street).covers_region(c1.region_id)
    assert not scope_for(street).covers_region(c2.region_id)


@pytest.mark.django_db
def test_urban_and_rural_come_from_the_classification_code():
    load_demo_organisation()
    assert Region.objects.filter(level="village", urban_rural="111").exists()
    village = Region.objects.filter(level="village", urban_rural="220").first()
    assert village.is_urban is False and village.name.endswith("村")


@pytest.mark.heavy  # loads the whole demo city
@pytest.mark.django_db
def test_demo_command_prints_the_accounts(capsys, client):
    call_command("demo")
    out = capsys.readouterr().out
    assert "Demo@2026!" in out and "community2" in out and "street" in out
    # The volunteer logs in on the phone with what the command prints, and finds their hours
    # and the activity they signed up for.
    phone, tail = re.search(r"手机号 (\d{11})，身份证号后6位 (\w{6})", out).groups()
    login = client.post("/public/volunteers/login/", {"phone": phone, "id_tail": tail})
    assert login.status_code == 302
    page = client.get("/public/volunteers/me/").content.decode()
    assert page.count('data-testid="my-activity"') == 1
    assert page.count('data-testid="my-record-hours"') >= 1
