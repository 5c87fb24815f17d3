"""A small volunteer network on the test city: 光明社区's team, managed by community1."""

import pytest

from tests.regions.factories import person
from tests.volunteers import factories as f
from wenming.regions.models import Role
from wenming.volunteers.models import SiteLevel


@pytest.fixture
def network(city, units, community1):
    """所 for 田东街道, 站 for 光明社区; a team of 光明社区 managed by community1, two members."""
    institute = f.site("340403001000", SiteLevel.INSTITUTE)
    station = f.site("340403001001", SiteLevel.STATION)
    team = f.team("光明社区党员志愿服务队", managers=[community1], site=station)
    return {
        "institute": institute,
        "station": station,
        "team": team,
        "alice": f.volunteer(1, name="王小红", teams=[team]),
        "bob": f.volunteer(2, name="李大明", teams=[team]),
    }


@pytest.fixture
def tiandong_liaison(units):
    return person(username="tiandong", unit=units["tiandong"], role=Role.LIAISON)


@pytest.fixture
def other_manager(units, community2):
    """The manager of a team in 谢家集区 (community2)."""
    team = f.team("育才社区青年志愿服务队", "340404001001", managers=[community2])
    return community2, team
