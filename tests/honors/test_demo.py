"""The demo: the registry's past honours, two live nominations, the year's fund and titles."""

import pytest

from wenming.honors.demo import load_demo
from wenming.honors.models import Grant, HealthCheck, HonorSite, Nomination, Objection, State
from wenming.honors.selectors import honor_counts, title_counts
from wenming.regions.demo import load_demo_organisation

pytestmark = pytest.mark.django_db


def test_demo_loads_and_loading_twice_changes_nothing():
    load_demo_organisation()
    first = load_demo()
    assert first["people"] >= 6 and first["titles"] >= 5
    assert load_demo() == first
    assert Nomination.objects.filter(state=State.REVIEWING).count() == 1
    assert Nomination.objects.filter(state=State.PUBLICITY).count() == 1
    assert Objection.objects.filter(status="open").count() == 1
    assert Grant.objects.filter(state="paid").count() == 1
    assert HealthCheck.objects.count() == 3
    assert HonorSite.objects.count() == 4
    counts = honor_counts("340400000000")
    assert counts.people == 6 and counts.china_list == 2
    assert title_counts("340400000000").count() == first["titles"]
