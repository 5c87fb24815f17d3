"""Reviewers of every selection level for a person in 光明社区 (田东街道, 田家庵区, 淮南市)."""

import pytest

from tests.regions.factories import person
from wenming.regions.models import Role


@pytest.fixture
def reviewers(units, community1, coordinator):
    """One reviewer per level: 光明社区 (楼道 and 社区), 田东街道, 田家庵区政府, 市文明办."""
    return {
        "building": community1,
        "community": community1,
        "street": person(username="street1", unit=units["tiandong"], role=Role.LIAISON),
        "county": person(username="county1", unit=units["tja_gov"], role=Role.LEADER),
        "city": coordinator,
    }


@pytest.fixture
def nominate():
    from wenming.honors import services

    def _nominate(**overrides):
        data = {
            "name": "王秀英",
            "region_code": "340403001001",
            "building": "3号楼",
            "category": "helpful",
            "deeds": "十年如一日照顾楼里的孤寡老人。",
            "channel": "family",
            "nominator_name": "李明",
            "nominator_phone": "13800138000",
            "phone": "13912345678",
        }
        data.update(overrides)
        return services.nominate(**data)

    return _nominate
