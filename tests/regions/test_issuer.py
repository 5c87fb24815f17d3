"""落款: one rule for the issuer printed on notices and bulletins."""

import pytest

from wenming.regions.models import Unit, UnitKind
from wenming.regions.selectors import issuer_name

pytestmark = pytest.mark.django_db


def test_the_issuer_is_the_regions_active_civilization_office(units, settings):
    settings.WENMING_CITY_CODE = "340400000000"
    assert issuer_name() == "淮南市精神文明建设委员会办公室"
    assert issuer_name("340400000000") == "淮南市精神文明建设委员会办公室"


def test_without_an_active_office_the_issuer_is_named_after_the_region(units, settings):
    settings.WENMING_CITY_CODE = "340400000000"
    Unit.objects.filter(kind=UnitKind.OFFICE).update(is_active=False)
    assert issuer_name() == "淮南市精神文明建设委员会办公室"
    assert issuer_name("340403000000") == "田家庵区精神文明建设委员会办公室"
