"""The citizens' channel on the fixed cast: the demo's 随手拍 categories, positioned counties,
the cache cleared between tests."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from wenming.cases.models import DispatchRule
from wenming.participation.defaults import load_default_services
from wenming.regions.models import Region

# 田家庵区 and 谢家集区 (GB/T 2260 centroids, rounded).
TJA = (Decimal("32.647"), Decimal("117.018"))
XJJ = (Decimal("32.600"), Decimal("116.860"))
BEIJING = (Decimal("39.904"), Decimal("116.407"))


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def citizens(city, units):
    """Services loaded, counties positioned, 占道经营 in 田家庵区 goes to 光明社区."""
    Region.objects.filter(code="340403000000").update(latitude=TJA[0], longitude=TJA[1])
    Region.objects.filter(code="340404000000").update(latitude=XJJ[0], longitude=XJJ[1])
    load_default_services()
    DispatchRule.objects.create(
        category="占道经营", region=Region.objects.get(code="340403000000"), unit=units["guangming"]
    )
    return units
