"""Random sequences of actions by random people never break the loop's invariants."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.cases.factories import after_photo, report
from tests.regions.factories import person
from wenming.cases import services
from wenming.cases.errors import CaseError
from wenming.cases.models import CaseEvent, DispatchRule, Source, State
from wenming.cases.transitions import ACTIONS, allowed_actions
from wenming.regions.models import Region, Role

pytestmark = pytest.mark.django_db
ACTORS = ["coordinator", "inspector", "community1", "xiangyang", "street"]


@pytest.fixture
def cast(coordinator, inspector, community1, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the after-photos submits carry
    DispatchRule.objects.create(
        category="占道经营", region=Region.objects.get(code="340403000000"), unit=units["guangming"]
    )
    return {
        "coordinator": coordinator,
        "inspector": inspector,
        "community1": community1,
        "xiangyang": person(username="xy", unit=units["xiangyang"], role=Role.LIAISON),
        "street": person(username="street", unit=units["tiandong"], role=Role.LEADER),
        "units": units,
    }


@pytest.mark.heavy
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start_reported=st.booleans(), length=st.integers(0, 20), data=st.data())
def test_random_action_sequences_keep_the_invariants(cast, start_reported, length, data):
    region = Region.objects.get(code="340403001001")
    if start_reported:
        case = report(None, region=region, source=Source.CITIZEN)
    else:
        case = report(cast["inspector"], region=region, unit=cast["units"]["guangming"])
    original = report(None, region=region, source=Source.CITIZEN)
    successes = 0
    for _ in range(length):
        who = data.draw(st.sampled_from(ACTORS))
        days = data.draw(st.integers(1, 30))
        actor = cast[who]
        before = type(case).objects.get(pk=case.pk)
        allowed = allowed_actions(actor, before)
        # Mostly something this person may do now, sometimes anything at all.
        pool = allowed if allowed and data.draw(st.integers(0, 4)) else ACTIONS
        action = data.draw(st.sampled_from(pool))
        extra = {
            "note": "说明",
            "unit": cast["units"]["xiangyang" if days % 2 else "guangming"],
            "duplicate_of": original.pk,
            "requested_due": (timezone.localtime(before.due).date() + timedelta(days=days))
            if before.due
            else None,
            "photos": [after_photo()] if action == "submit" else [],
        }
        try:
            case = services.transition(
                actor=actor,
                case_id=case.pk,
                action=action,
                expected_version=before.version,
                **extra,
            )
        except (CaseError, PermissionDenied, Http404):
            case = before
            assert type(case).objects.get(pk=case.pk).version == before.version  # nothing changed
            if before.state == State.CLOSED:
                assert set(allowed) <= {"reopen"}
            continue
        successes += 1
        assert action in allowed
        assert before.state != State.CLOSED or action == "reopen", "a closed case only reopens"
        last = CaseEvent.objects.filter(case=case).order_by("-pk").first()
        assert (last.action, last.from_state, last.to_state) == (action, before.state, case.state)
        if before.due is not None and case.due != before.due:
            assert action in ("approve_extension", "reopen"), f"due moved by {action}"
        assert (case.state == State.CLOSED) == bool(case.resolution)
    event(f"final state {case.state}")
    assert CaseEvent.objects.filter(case=case).count() == successes + 1
