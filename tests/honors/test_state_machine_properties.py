"""Random sequences of actions by random people and the clock never break the nomination's
invariants: levels only climb, one honour per level passed, an open objection blocks
promotion, a refused action changes nothing, every step is one more event."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.regions.factories import person
from wenming.honors import services
from wenming.honors.models import (
    SELECTION_LEVELS,
    Honor,
    Nomination,
    NominationEvent,
    ObjectionStatus,
    SelectionRule,
    State,
)
from wenming.honors.transitions import WORKFLOW
from wenming.regions.models import Role
from wenming.workflow import WorkflowError

pytestmark = pytest.mark.django_db
STEPS = ["review_yes", "review_no", "score", "object", "dismiss", "uphold", "promote", "wait"]
ACTORS = ["community1", "xiangyang", "street1", "county1", "coordinator", "outsider"]


@pytest.fixture
def cast(reviewers, units, outsider):
    SelectionRule.objects.create(level="street", quorum=2)
    SelectionRule.objects.create(level="county", method="score", threshold=60)
    return {
        "community1": reviewers["community"],
        "xiangyang": person(username="xy", unit=units["xiangyang"], role=Role.LIAISON),
        "street1": reviewers["street"],
        "street2": person(username="street2", unit=units["tiandong"], role=Role.LEADER),
        "county1": reviewers["county"],
        "coordinator": reviewers["city"],
        "outsider": outsider,
    }


def _act(step, actor, nomination, cast, now):
    if step in ("review_yes", "review_no", "score"):
        return services.review_nomination(
            actor=actor,
            nomination_id=nomination.pk,
            approve=step == "review_yes",
            score=90 if step == "score" else None,
        )
    if step == "object":
        return services.raise_objection(
            nomination_id=nomination.pk, text="有异议", contact_phone="13700001111"
        )
    if step in ("dismiss", "uphold"):
        objection = nomination.objections.filter(status=ObjectionStatus.OPEN).first()
        return services.resolve_objection(
            actor=actor,
            objection_id=objection.pk if objection else 0,
            upheld=step == "uphold",
            finding="核实",
        )
    if step == "promote":
        return services.promote_due(now=now)
    return None


@pytest.mark.heavy
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), length=st.integers(1, 30), building=st.booleans())
def test_random_sequences_keep_the_invariants(cast, nominate, data, length, building):
    nomination = nominate(
        name=f"好人{Nomination.objects.count()}", building="3号楼" if building else ""
    )
    now = timezone.now()
    for _ in range(length):
        step = data.draw(st.sampled_from(STEPS))
        who = data.draw(st.sampled_from([*ACTORS, "street2"]))
        actor = cast[who]
        if step == "wait":
            now += timedelta(days=data.draw(st.integers(1, 12)))
            continue
        before = Nomination.objects.get(pk=nomination.pk)
        events_before = NominationEvent.objects.filter(nomination=nomination).count()
        honors_before = Honor.objects.filter(nomination=nomination).count()
        open_before = before.objections.filter(status=ObjectionStatus.OPEN).exists()
        allowed = WORKFLOW.allowed(actor, before)
        with time_machine.travel(now, tick=False):
            try:
                _act(step, actor, before, cast, now)
                refused = False
            except (WorkflowError, services.HonorsInputError, PermissionDenied):
                refused = True
        after = Nomination.objects.get(pk=nomination.pk)
        events_after = NominationEvent.objects.filter(nomination=nomination).count()
        honors_after = Honor.objects.filter(nomination=nomination).count()
        if refused:
            assert (after.state, after.level, events_after) == (
                before.state,
                before.level,
                events_before,
            )
        # Levels only climb; an honour for every level left behind (and the city's at the end).
        assert SELECTION_LEVELS.index(after.level) >= SELECTION_LEVELS.index(before.level)
        climbed = SELECTION_LEVELS.index(after.level) - SELECTION_LEVELS.index(before.level)
        conferred = after.state == State.HONORED and before.state != State.HONORED
        assert honors_after - honors_before == climbed + conferred
        if open_before and step == "promote":
            assert (after.level, after.state) == (before.level, before.state)
        if before.state in (State.HONORED, State.NOT_SELECTED):
            assert (after.state, events_after) == (before.state, events_before)
            assert allowed == []
        assert events_after >= events_before
    levels = list(
        Honor.objects.filter(nomination=nomination).order_by("pk").values_list("level", flat=True)
    )
    start = 0 if building else 1
    assert levels == SELECTION_LEVELS[start : start + len(levels)]
