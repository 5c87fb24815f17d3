"""Reference rows a process keeps a while (wenming.kept), and the dispatch rules kept with it."""

import pytest

from wenming.cases.dispatch import resolve_unit
from wenming.cases.models import DispatchRule
from wenming.kept import Kept, forget_all
from wenming.regions.models import Region


def _counting():
    loads = []

    def load(*key):
        loads.append(key)
        return f"rows of {key}"

    return loads, load


def test_a_kept_value_is_loaded_once_per_key_until_forgotten():
    loads, load = _counting()
    kept = Kept(load, seconds=60)
    assert kept.get("3404") == kept.get("3404") == "rows of ('3404',)"
    assert kept.get("3401") == "rows of ('3401',)"
    assert loads == [("3404",), ("3401",)]
    kept.forget()
    kept.get("3404")
    forget_all()
    kept.get("3404")
    assert loads == [("3404",), ("3401",), ("3404",), ("3404",)]


def test_a_kept_value_is_loaded_again_once_its_time_is_over():
    loads, load = _counting()
    kept = Kept(load, seconds=0)
    kept.get()
    kept.get()
    assert loads == [(), ()]


@pytest.mark.django_db
def test_a_saved_rule_or_unit_is_read_at_once_by_the_process_that_saved_it(units):
    community = Region.objects.get(code="340403001001")
    assert resolve_unit(category="占道经营", region=community) is None
    DispatchRule.objects.create(category="占道经营", region=community, unit=units["guangming"])
    assert resolve_unit(category="占道经营", region=community) == units["guangming"]
    units["guangming"].is_active = False
    units["guangming"].save()
    assert resolve_unit(category="占道经营", region=community) is None
