"""The signed-in user of a request is read with their membership in one query
(regions.backends.MemberBackend), and is still refused when inactive."""

import pytest

from tests.regions.factories import person
from wenming.regions.models import Role
from wenming.regions.scope import scope_for

pytestmark = pytest.mark.django_db


def _membership_reads(captured) -> int:
    return sum('FROM "regions_membership"' in q["sql"] for q in captured.captured_queries)


def test_a_page_reads_the_membership_with_the_user_not_after_it(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(20) as captured:
        assert client.get("/cases/").status_code == 200
    assert _membership_reads(captured) == 0
    users = [q["sql"] for q in captured.captured_queries if 'FROM "auth_user"' in q["sql"]]
    assert len(users) == 1 and "regions_membership" in users[0]


def test_a_user_without_a_membership_is_read_in_one_query_too(
    client, outsider, django_assert_max_num_queries
):
    client.force_login(outsider)
    with django_assert_max_num_queries(20) as captured:
        client.get("/")
    assert _membership_reads(captured) == 0


def test_the_backend_gives_the_membership_the_scope_reads(units):
    from wenming.regions.backends import MemberBackend

    manager = person(username="police_chief", unit=units["police"], role=Role.LIAISON)
    user = MemberBackend().get_user(manager.pk)
    assert user.membership.unit == units["police"]
    assert scope_for(user) == scope_for(type(user).objects.get(pk=manager.pk))


def test_an_inactive_user_is_signed_out(client, coordinator):
    client.force_login(coordinator)
    type(coordinator).objects.filter(pk=coordinator.pk).update(is_active=False)
    assert client.get("/cases/").status_code == 302
