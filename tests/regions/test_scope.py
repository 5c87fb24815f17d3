"""What each member of the cast can see: the one scoping helper at work."""

import pytest

from wenming.regions import selectors
from wenming.regions.models import Region, Unit
from wenming.regions.scope import scope_for


def names(qs):
    return {obj.name for obj in qs}


def test_community_liaison_sees_only_own_community_region(community1):
    assert names(selectors.regions_visible_to(community1)) == {"光明社区"}


def test_street_unit_sees_its_whole_subtree(units):
    from tests.regions.factories import person

    street_worker = person(username="street", unit=units["tiandong"])
    assert names(selectors.regions_visible_to(street_worker)) == {
        "田东街道",
        "光明社区",
        "向阳社区",
    }
    assert names(selectors.units_visible_to(street_worker)) == {
        "田家庵区田东街道办事处",
        "田家庵区田东街道光明社区居民委员会",
        "田家庵区田东街道向阳社区居民委员会",
    }


def test_city_office_sees_the_whole_city(coordinator):
    assert (
        selectors.regions_visible_to(coordinator).count()
        == Region.objects.filter(code__startswith="3404").count()
    )
    assert selectors.units_visible_to(coordinator).count() == Unit.objects.count()


def test_department_sees_its_own_units_not_the_territory(police_liaison, units):
    # 职能: the police liaison sees the 公安局 and its 交警支队, not the districts' units.
    assert names(selectors.units_visible_to(police_liaison)) == {
        "淮南市公安局",
        "淮南市公安局交通警察支队",
    }
    assert names(selectors.regions_visible_to(police_liaison)) == {"淮南市"}


def test_outsider_without_unit_sees_nothing(outsider, city):
    assert selectors.regions_visible_to(outsider).count() == 0
    assert selectors.units_visible_to(outsider).count() == 0


def test_inactive_unit_loses_its_scope(community1, units):
    Unit.objects.filter(pk=units["guangming"].pk).update(is_active=False)
    community1.refresh_from_db()
    assert scope_for(community1).q(region="region") is not None
    assert selectors.regions_visible_to(community1).count() == 0


def test_scope_q_filters_any_model_by_region_or_unit(community1, units):
    # Unit has a region FK: a generic filter keeps what lies in the subtree or is assigned.
    qs = scope_for(community1).filter(Unit.objects.all(), region="region", unit=None)
    assert names(qs) == {"田家庵区田东街道光明社区居民委员会"}


@pytest.mark.parametrize("search", ["光明", "光明社區"])
def test_region_search_treats_traditional_and_simplified_alike(coordinator, search):
    assert names(selectors.regions_visible_to(coordinator, search=search)) == {"光明社区"}


def test_superuser_scope_still_means_everything_when_combined_with_another_condition(units):
    from django.db.models import Q

    from tests.regions.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    visible = scope_for(root).q(region="region", unit=None)
    # Q() | X would be X: the superuser would see only what X allows.
    assert Unit.objects.filter(visible | Q(name="淮南市民政局")).count() == Unit.objects.count()
    assert Unit.objects.filter(visible).count() == Unit.objects.count()
    assert (
        Region.objects.filter(scope_for(root).regions_q() | Q(code="340400000000")).count()
        == Region.objects.count()
    )


def test_a_unit_without_units_under_it_gets_its_scope_from_the_membership_row_alone(
    community1, django_assert_num_queries
):
    user = type(community1).objects.get(pk=community1.pk)  # nothing read yet
    with django_assert_num_queries(1):
        scope = scope_for(user)
    assert scope.unit_ids == {community1.membership.unit_id}
