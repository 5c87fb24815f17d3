"""Property: whatever days an admin enters, recomputing never brings a due date forward, and twice is once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cases.factories import report
from tests.regions.factories import UserFactory
from wenming.cases import deadlines
from wenming.cases.models import CalendarDay, Case, CaseEvent, Severity
from wenming.cases.services.calendar import recompute_deadlines
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def open_cases(inspector, units, city):
    region = Region.objects.get(code="340403001001")
    cases = []
    for day, severity in ((25, Severity.GENERAL), (28, Severity.MAJOR), (30, Severity.GENERAL)):
        with time_machine.travel(datetime(2027, 1, day, 10, 0, tzinfo=SH), tick=False):
            cases.append(
                report(inspector, region=region, unit=units["guangming"], severity=severity).pk
            )
    return cases


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.dictionaries(
        st.dates(date(2027, 1, 20), date(2027, 3, 10)), st.booleans(), min_size=1, max_size=15
    )
)
def test_recomputing_never_moves_a_due_date_earlier_and_a_rerun_changes_nothing(open_cases, days):
    with transaction.atomic():
        root = UserFactory(username="root", is_superuser=True)
        before = dict(Case.objects.filter(pk__in=open_cases).values_list("pk", "due"))
        CalendarDay.objects.bulk_create(
            CalendarDay(date=day, is_workday=workday) for day, workday in days.items()
        )
        recompute_deadlines(actor=root, year=2027)
        after = {case.pk: case for case in Case.objects.filter(pk__in=open_cases)}
        for pk, case in after.items():
            assert case.due >= before[pk]
            # Lateness starts with the first working day after the due date, on the new calendar.
            assert (
                case.overdue_from
                == deadlines.deadline_on(case.due.astimezone(SH).date()).overdue_from
            )
        events = CaseEvent.objects.count()
        assert recompute_deadlines(actor=root, year=2027) == 0
        assert CaseEvent.objects.count() == events
        transaction.set_rollback(True)
