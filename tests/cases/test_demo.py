import pytest

from wenming.cases.demo import load_demo
from wenming.cases.models import Case, CaseEvent, State
from wenming.cases.selectors import overdue_q

pytestmark = pytest.mark.django_db


def test_demo_month_has_every_state_some_overdue_and_loads_once(
    coordinator, inspector, community1, community2
):
    first = load_demo()
    assert first["created"] > 0
    states = set(Case.objects.values_list("state", flat=True))
    assert {State.DISPATCHED, State.RECTIFYING, State.CLOSED} <= states
    assert Case.objects.filter(overdue_q()).exists()
    assert Case.objects.filter(unit=community1.membership.unit).exists()
    events = CaseEvent.objects.count()
    again = load_demo()
    assert again["created"] == 0 and again["cases"] == first["cases"]
    assert CaseEvent.objects.filter(action__in=("report", "sign", "pass")).count() <= events
