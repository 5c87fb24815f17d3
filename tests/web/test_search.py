"""站内搜索: one box finds cases, tasks, sites, units and people, 繁/简 alike, within scope."""

import pytest

from tests.cases.factories import report
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db
GUANGMING = "340403001001"


@pytest.fixture
def cases(inspector, units):
    mine = report(
        inspector,
        region=Region.objects.get(code=GUANGMING),
        unit=units["guangming"],
        description="光明路菜市场门口垃圾堆放",
    )
    theirs = report(
        inspector,
        region=units["yucai"].region,
        unit=units["yucai"],
        description="育才路菜市场门口垃圾堆放",
    )
    return mine, theirs


def test_a_traditional_query_finds_simplified_cases_and_units(login, coordinator, cases):
    page = login(coordinator).get("/search/", {"q": "菜市場門口"}).content.decode()
    assert "光明路菜市场门口垃圾堆放" in page and "育才路菜市场门口垃圾堆放" in page
    assert f"/cases/{cases[0].pk}/" in page
    units = login(coordinator).get("/search/", {"q": "光明社區"}).content.decode()
    assert 'data-testid="search-group-units"' in units
    assert "田家庵区田东街道光明社区居民委员会" in units


def test_a_community_never_sees_another_communitys_case(login, community1, cases):
    response = login(community1).get("/search/", {"q": "菜市场门口"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "光明路菜市场门口垃圾堆放" in page
    assert "育才路菜市场门口垃圾堆放" not in page
    assert f"/cases/{cases[1].pk}/" not in page
    by_number = login(community1).get("/search/", {"q": str(cases[1].pk)}).content.decode()
    assert f"/cases/{cases[1].pk}/" not in by_number


def test_people_are_found_by_login_name_and_nothing_found_says_so(login, coordinator, community1):
    client = login(coordinator)
    page = client.get("/search/", {"q": "community1"}).content.decode()
    assert 'data-testid="search-group-people"' in page and "光明社区居民委员会" in page
    empty = client.get("/search/", {"q": "没有这样的东西"}).content.decode()
    assert 'data-testid="search-empty"' in empty and "没有找到与“没有这样的东西”相关的内容" in empty


def test_every_page_has_the_search_box_and_strangers_must_log_in(login, coordinator):
    from django.test import Client

    page = login(coordinator).get("/").content.decode()
    assert 'data-testid="nav-search"' in page and 'action="/search/"' in page
    response = Client().get("/search/?q=x")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_unit_choices_read_as_paths_not_bare_names(login, coordinator, units):
    from wenming.regions.selectors import units_visible_to, with_paths

    labels = {u.pk: u.path_label for u in with_paths(units_visible_to(coordinator))}
    assert labels[units["guangming"].pk] == "田家庵区 · 田东街道 · 光明社区"
    assert labels[units["tiandong"].pk] == "田家庵区 · 田东街道"
    assert labels[units["civil"].pk] == "市民政局"
    page = login(coordinator).get("/cases/notices/").content.decode()
    assert ">田家庵区 · 田东街道 · 光明社区</option>" in page
