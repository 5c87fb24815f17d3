"""The demo of issue 14: 66 urban communities under 淮南's districts, 32 weak, 12 below the area
standard — and the community table states exactly those counts."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.module_db import module_rows
from wenming.community import demo
from wenming.community.models import Community, LedgerEntry, Pairing, Plan, PlanState
from wenming.community.selectors import plan_progress
from wenming.framework import demo as framework_demo
from wenming.regions.demo import load_demo_organisation

# Both tests read one demo load (to one xdist worker), rolled back after the module's last test.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("community-demo")]


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_rows(django_db_blocker, tmp_path_factory.mktemp("media")):
        with django_db_blocker.unblock():
            load_demo_organisation()
            framework_demo.load_demo()
            loaded = demo.load_demo()
        yield loaded


def _stat(page: str, testid: str) -> int:
    found = re.search(rf'data-testid="{testid}"[^>]*>(?:<[^>]+>)*\s*(\d+)', page)
    assert found, testid
    return int(found.group(1))


def test_the_community_table_states_66_communities_32_weak_12_below_the_area_standard(
    demo_city, client
):
    assert demo_city == {"communities": 66, "weak": 32, "entries": 309}
    assert all(c.region_id[:6] in demo.DISTRICTS for c in Community.objects.all())
    client.force_login(get_user_model().objects.get(username="coordinator"))
    page = client.get("/community/").content.decode()
    assert _stat(page, "count-total") == 66
    assert _stat(page, "count-weak") == 32
    assert _stat(page, "count-all-four") == 34
    assert _stat(page, "failed-area") == 12
    assert (
        _stat(page, "failed-rooms"),
        _stat(page, "failed-activities"),
        _stat(page, "failed-ledger"),
    ) == (8, 7, 5)
    weak_list = client.get("/community/?weak=1").content.decode()
    assert weak_list.count('data-testid="community-row"') == 32

    # community1 (a weak community of 田东街道) lands on its own community's page.
    user = get_user_model().objects.get(username="community1")
    client.force_login(user)
    response = client.get("/community/")
    community = Community.objects.get(unit_id=user.membership.unit_id)
    assert response.status_code == 302 and response.url == f"/community/{community.pk}/"
    page = client.get(response.url).content.decode()
    assert "薄弱社区" in page and "未达标" in page


def test_demo_has_ledgers_plans_behind_schedule_and_pairings_and_loads_once(demo_city):
    assert LedgerEntry.objects.count() == 309
    plans = list(Plan.objects.filter(state=PlanState.ACTIVE))
    assert len(plans) == 32
    assert sum(1 for p in plans if plan_progress(p).behind) == len(demo.BEHIND)
    civil = Pairing.objects.filter(unit__short_name="市民政局")
    assert civil.count() == 6
    assert sum(d.amount for p in civil for d in p.disbursements.all()) == 300000
    again = demo.load_demo()
    assert again["entries"] == 0 and LedgerEntry.objects.count() == 309
    assert Plan.objects.count() == 32 and Pairing.objects.count() == 32
