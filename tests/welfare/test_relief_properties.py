"""Any sequence of relief actions keeps the case in a state of the table, writes one event per
step taken, and a settled case takes no further step."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wenming.welfare import relief
from wenming.welfare.models import ReliefCase, ReliefEvent
from wenming.workflow import WorkflowError

ACTIONS = ["admit", "trace", "place", "escort", "return_home"]


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(ACTIONS), max_size=6))
def test_any_sequence_of_steps_follows_the_table(welfare_user, steps):
    case = relief.register_case(
        actor=welfare_user, data={"region": "340403001001", "place": "火车站"}
    )
    taken = 0
    for action in steps:
        before = ReliefCase.objects.get(pk=case.pk).state
        allowed = relief.RELIEF.allowed(welfare_user, ReliefCase.objects.get(pk=case.pk))
        try:
            relief.act(
                actor=welfare_user, case_id=case.pk, action=action, station="站", destination="家"
            )
            taken += 1
            assert action in allowed
        except WorkflowError:
            assert action not in allowed
            assert ReliefCase.objects.get(pk=case.pk).state == before
    state = ReliefCase.objects.get(pk=case.pk).state
    assert state in relief.TABLE
    assert ReliefEvent.objects.filter(relief_case=case).count() == taken + 1
    if relief.RELIEF.is_final(state):
        assert relief.RELIEF.allowed(welfare_user, ReliefCase.objects.get(pk=case.pk)) == []


def test_meal_point_list_runs_a_bounded_number_of_queries(
    client, welfare_user, django_assert_max_num_queries
):
    from tests.welfare.factories import meal_points
    from wenming.regions.models import Region

    meal_points(Region.objects.get(code="340403001001"), 40)
    client.force_login(welfare_user)
    with django_assert_max_num_queries(20):
        assert client.get("/welfare/meal-points/").status_code == 200
