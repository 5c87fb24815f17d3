"""The community pages under the page fuzzer (tests/web/test_page_fuzz.py): whatever a query
string or a form sends, as any role, never a 5xx."""

import pytest

from tests.community.factories import community_world
from tests.regions.factories import person
from tests.web.test_page_fuzz import ROUTES, _checker
from wenming.regions.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.heavy
def test_no_community_page_answers_a_server_error(
    settings, tmp_path, units, admin_user, coordinator, inspector, dept, community1, community2,
    outsider, client, community_framework,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    community_world(units, coordinator=coordinator)
    cast = {
        "admin": admin_user,
        "coordinator": coordinator,
        "inspector": inspector,
        "welfare": person(username="welfare", unit=units["civil"], role=Role.WELFARE),
        "dept": dept,
        "community1": community1,
        "community2": community2,
        "outsider": outsider,
        "anonymous": None,
    }
    routes = [(r, c) for r, c in ROUTES if r.startswith("community/")]
    assert len(routes) > 25
    failures = []
    for route, converters in routes:
        try:
            _checker(client, cast, route, converters)()
        except AssertionError as exc:
            failures.append(str(exc)[:3000])
    assert not failures, "\n\n".join(failures)
