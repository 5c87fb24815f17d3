"""A small city with objects of every kind in two districts and for two departments, and a user
of every demo role: the fixture the page fuzzer and the cross-scope sweep walk."""

import pytest

from tests.community.factories import community_world
from tests.honors.factories import honors_world
from tests.regions.factories import UserFactory, person
from tests.scoring.factories import small_city
from wenming.periods import parse_period
from wenming.regions.models import Role
from wenming.scoring.services import assess, generate_bulletin


@pytest.fixture
def world(units, admin_user, inspector, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world(units, admin=admin_user, inspector=inspector, coordinator=coordinator)


def build_world(units, *, admin, inspector, coordinator) -> dict:
    """The objects (no document is rendered: bulletins keep figures, not files)."""
    data = small_city(units, admin=admin, inspector=inspector)
    data["honors"] = honors_world(units, coordinator)
    # Communities of two districts with their ledger, files, plan and pairing (community app).
    data["communities"] = community_world(units, coordinator=coordinator)
    assessment = assess(
        actor=None, framework=data["framework"], period=parse_period("2026-W46")
    ).assessment
    data["assessment"] = assessment
    data["bulletin"], _ = generate_bulletin(actor=admin, assessment=assessment, kind="weekly")
    return data


@pytest.fixture
def cast(units, admin_user, coordinator, inspector, dept, community1, community2, outsider):
    """Every demo role (README's table) but the welfare worker, plus an outsider and an anonymous
    visitor (None)."""
    return build_cast(
        units,
        admin=admin_user,
        coordinator=coordinator,
        inspector=inspector,
        dept=dept,
        community1=community1,
        community2=community2,
        outsider=outsider,
    )


def build_cast(units, **people) -> dict:
    """``people`` (the shared fixtures' users) with a reviewer, a leader and 田东街道's liaison
    (the street office answers for 光明社区's and 向阳社区's work, not 育才社区's), and anonymous."""
    return {
        "admin": people["admin"],
        "coordinator": people["coordinator"],
        "inspector": people["inspector"],
        "reviewer": person(username="reviewer", unit=units["office"], role=Role.REVIEWER),
        "dept": people["dept"],
        "leader": person(username="leader", unit=units["civil"], role=Role.LEADER),
        "street": person(username="street", unit=units["tiandong"], role=Role.LIAISON),
        "community1": people["community1"],
        "community2": people["community2"],
        "outsider": people["outsider"],
        "anonymous": None,
    }


def build_world_and_cast(units) -> tuple[dict, dict]:
    """``world`` and ``cast`` without the fixtures (for a module-scoped fixture), the rows made in
    the order the fixtures make them, so they get the same ids."""
    admin = person(username="admin", unit=units["office"], role=Role.ADMIN, is_staff=True)
    inspector = person(username="inspector", unit=units["office"], role=Role.INSPECTOR)
    coordinator = person(username="coordinator", unit=units["office"], role=Role.COORDINATOR)
    world = build_world(units, admin=admin, inspector=inspector, coordinator=coordinator)
    cast = build_cast(
        units,
        admin=admin,
        coordinator=coordinator,
        inspector=inspector,
        dept=person(username="dept", unit=units["civil"], role=Role.LIAISON),
        community1=person(username="community1", unit=units["guangming"], role=Role.LIAISON),
        community2=person(username="community2", unit=units["yucai"], role=Role.LIAISON),
        outsider=UserFactory(username="outsider"),
    )
    return world, cast
