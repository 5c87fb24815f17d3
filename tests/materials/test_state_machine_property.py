"""Property: any sequence of actions by anyone leaves one state, a grade iff approved, an event per change."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wenming.materials import services
from wenming.materials.models import Submission, SubmissionEvent
from wenming.materials.workflow import SUBMISSION_WORKFLOW

ACTIONS = SUBMISSION_WORKFLOW.actions + ["bogus"]
ACTORS = ["dept", "reviewer", "coordinator", "community1"]

steps = st.lists(
    st.tuples(
        st.sampled_from(ACTORS),
        st.sampled_from(ACTIONS),
        st.sampled_from(["", "A", "B", "C", "D", "Z"]),
        st.sampled_from(["", "原因"]),
    ),
    max_size=12,
)


@pytest.mark.heavy
@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=steps)
def test_random_action_sequences_keep_the_machine_sound(
    sequence, dept, reviewer, coordinator, community1, civil_task
):
    cast = {
        "dept": dept,
        "reviewer": reviewer,
        "coordinator": coordinator,
        "community1": community1,
    }
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="说明")
    expected_status = "draft"
    for who, action, grade, note in sequence:
        before = SubmissionEvent.objects.filter(submission=sub).count()
        try:
            services.transition(
                actor=cast[who], submission_id=sub.pk, action=action, grade=grade, note=note
            )
        except (services.MaterialsError, PermissionDenied, Http404):
            assert SubmissionEvent.objects.filter(submission=sub).count() == before
            continue
        step = SUBMISSION_WORKFLOW.transition(expected_status, action)
        assert step is not None
        expected_status = step.to
        last = SubmissionEvent.objects.filter(submission=sub).latest("pk")
        assert (last.action, last.to_status) == (action, step.to)
        assert SubmissionEvent.objects.filter(submission=sub).count() == before + 1

    current = Submission.objects.get(pk=sub.pk)
    assert current.status == expected_status
    assert (current.status == "approved") == bool(current.grade)
    events = list(SubmissionEvent.objects.filter(submission=sub).order_by("pk"))
    # The events chain: each starts where the previous one ended, and the last ends at the state.
    for earlier, later in zip(events, events[1:]):
        assert later.from_status == earlier.to_status
    assert events[-1].to_status == current.status
