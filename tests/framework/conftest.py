import pytest

from tests.framework.factories import add_demo_departments
from wenming.framework import services
from wenming.framework.defaults import default_workbook
from wenming.framework.models import FrameworkPurpose


@pytest.fixture
def departments(city, units):
    """Every demo department (市城管局, 团市委 …) beside the cast's units, by short name."""
    return add_demo_departments(city)


@pytest.fixture
def city_framework(departments):
    """The shipped city framework, imported as a draft."""
    title, data = default_workbook(FrameworkPurpose.CITY)
    return services.import_framework(actor=None, data=data, filename=f"{title}.xlsx")


@pytest.fixture
def api_client(client):
    """``api_client(user)``: a test client whose requests carry the user's bearer token."""
    from wenming.accounts.tokens import issue_token

    def _client(user):
        raw, _ = issue_token(user=user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return _client
