"""The city table reads a fixed number of queries whatever the number of communities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.regions.factories import UnitFactory
from wenming.community import services
from wenming.regions.models import Region, RegionLevel, UnitKind

pytestmark = pytest.mark.django_db


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/community/").status_code == 200
    return len(captured)


def test_the_table_does_not_query_per_community(login, coordinator, communities):
    client = login(coordinator)
    # The first page after login saves the session; the next ones within a minute do not.
    _queries(client)
    few = _queries(client)
    street = Region.objects.get(code="340403001000")
    for n in range(10, 30):
        region = Region.objects.create(
            code=f"340403001{n:03d}", name=f"新建{n}社区", level=RegionLevel.VILLAGE, parent=street,
            urban_rural="111",
        )  # fmt: skip
        unit = UnitFactory(
            name=f"新建{n}社区居委会",
            short_name=f"新建{n}社区",
            kind=UnitKind.COMMUNITY,
            region=region,
        )
        services.enrol(actor=None, unit=unit, households=600)
    assert _queries(client) == few
