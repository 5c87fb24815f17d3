import pytest

from tests.regions.factories import person
from wenming.regions.models import Role


@pytest.fixture
def welfare_user(units):
    """民政工作人员 of 市民政局: the city's registers."""
    return person(username="welfare", unit=units["civil"], role=Role.WELFARE)


@pytest.fixture
def welfare_xjj(units):
    """民政工作人员 of 谢家集区: only that district's registers and children."""
    return person(username="welfare_xjj", unit=units["xjj_gov"], role=Role.WELFARE)
