import pytest
from django.http import Http404

from tests.cases.factories import report
from wenming.cases.models import Case, CaseEvent, Source, State
from wenming.cases.selectors import get_case_for
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


def test_inspection_case_with_known_unit_goes_straight_to_the_unit_with_a_deadline(
    inspector, units
):
    case = report(
        inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"]
    )
    assert case.state == State.DISPATCHED
    assert case.due is not None and case.overdue_from >= case.due
    event = CaseEvent.objects.get(case=case)
    assert (event.action, event.from_state, event.to_state) == ("report", "", State.DISPATCHED)


def test_citizen_report_waits_at_intake_and_is_hidden_from_the_unit(community1, coordinator, units):
    region = Region.objects.get(code="340403001001")
    case = report(None, region=region, source=Source.CITIZEN)
    assert case.state == State.REPORTED and case.unit is None and case.due is None
    assert get_case_for(coordinator, case.pk) == case
    with pytest.raises(Http404):
        get_case_for(community1, case.pk)


def test_community1_cannot_see_a_case_of_community2(community1, inspector, units):
    case = report(inspector, region=Region.objects.get(code="340404001001"), unit=units["yucai"])
    with pytest.raises(Http404):
        get_case_for(community1, case.pk)
    assert Case.objects.count() == 1
