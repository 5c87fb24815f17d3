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


def _province_coordinator():
    from tests.regions.factories import UnitFactory, person
    from wenming.regions.models import Role, UnitKind

    office = UnitFactory(
        name="安徽省精神文明建设委员会办公室",
        short_name="省文明办",
        kind=UnitKind.OFFICE,
        region=Region.objects.get(code="340000000000"),
    )
    return person(username="province", unit=office, role=Role.COORDINATOR)


def test_the_top_of_the_tree_sees_every_region_without_comparing_codes(units):
    user = _province_coordinator()
    assert scope_for(user).whole_tree
    visible = selectors.units_visible_to(user)
    assert "LIKE" not in str(visible.query).upper()
    assert visible.count() == Unit.objects.count()


def test_a_region_outside_the_tree_keeps_the_prefix_and_what_lies_there_out_of_sight(units):
    from tests.regions.factories import UnitFactory
    from wenming.regions.models import RegionLevel, UnitKind

    jiangsu = Region.objects.create(code="320000000000", name="江苏省", level=RegionLevel.PROVINCE)
    UnitFactory(name="江苏省文明办", short_name="苏文明办", kind=UnitKind.OFFICE, region=jiangsu)
    user = _province_coordinator()
    assert not scope_for(user).whole_tree
    assert "江苏省文明办" not in names(selectors.units_visible_to(user))
    assert selectors.units_visible_to(user).count() == Unit.objects.count() - 1


def test_below_the_top_the_tree_is_not_asked_about(coordinator, django_assert_num_queries):
    user = type(coordinator).objects.get(pk=coordinator.pk)
    with django_assert_num_queries(1):  # the membership with its unit and region, nothing more
        scope = scope_for(user)
    assert not scope.whole_tree
