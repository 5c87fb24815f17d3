"""The demo's 随手拍: one report at each point of the loop, loaded once."""

import pytest

from tests.participation.conftest import TJA
from wenming.cases.models import State
from wenming.participation import demo
from wenming.participation.models import CitizenReport, Rating, Review
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


def test_demo_reports_walk_the_loop_and_load_once(citizens, coordinator, inspector, community1):
    places = [(Region.objects.get(code="340403001001"), None, TJA[0], TJA[1])]
    loaded = demo.load_demo(places=places)
    assert loaded["reports"] == 6
    states = sorted(r.case.state for r in CitizenReport.objects.filter(is_follower=False))
    assert states == sorted(
        [State.REPORTED, State.DISPATCHED, State.CLOSED, State.CLOSED, State.CLOSED]
    )
    assert Rating.objects.filter(review=Review.PENDING).count() == 1
    assert CitizenReport.objects.filter(is_follower=True).count() == 1
    assert demo.load_demo(places=places)["reports"] == 6
