"""A material goes draft → submitted → returned → resubmitted → approved, and the task shows the grade."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.materials.factories import PDF
from wenming.accounts.models import AuditEvent
from wenming.materials import selectors, services
from wenming.materials.models import SubmissionStatus

pytestmark = pytest.mark.django_db


def test_full_cycle_ends_approved_with_grade_b_visible_on_the_task(dept, reviewer, civil_task):
    draft = services.create_submission(
        actor=dept, task_id=civil_task.pk, text="已建成社区综合服务设施 12 处。"
    )
    services.add_file(
        actor=dept, submission_id=draft.pk, upload=SimpleUploadedFile("台账.pdf", PDF)
    )
    services.transition(actor=dept, submission_id=draft.pk, action="submit")
    services.transition(
        actor=reviewer, submission_id=draft.pk, action="return", note="缺少照片佐证"
    )
    services.transition(actor=dept, submission_id=draft.pk, action="resubmit")
    done = services.transition(
        actor=reviewer, submission_id=draft.pk, action="approve", grade="B", note="材料齐全"
    )

    assert done.status == SubmissionStatus.APPROVED and done.grade == "B"
    steps = [(e.action, e.from_status, e.to_status) for e in selectors.events_of(done)]
    assert steps == [
        ("create", "", "draft"),
        ("upload", "draft", "draft"),
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("resubmit", "returned", "resubmitted"),
        ("approve", "resubmitted", "approved"),
    ]
    assert selectors.events_of(done).get(action="return").note == "缺少照片佐证"

    grade = selectors.latest_grade_for_tasks([civil_task.pk])[civil_task.pk]
    assert (grade.grade, grade.percent, grade.points) == ("B", 80, Decimal("8.00"))
    assert (
        AuditEvent.objects.filter(
            object_type="materials.submission", object_id=str(done.pk)
        ).count()
        == 6
    )


def test_return_needs_a_reason_and_approve_needs_a_grade(dept, reviewer, civil_task):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="说明")
    services.transition(actor=dept, submission_id=sub.pk, action="submit")
    with pytest.raises(services.SubmissionInputError) as err:
        services.transition(actor=reviewer, submission_id=sub.pk, action="return", note="  ")
    assert err.value.field == "note" and "退回原因" in err.value.message
    with pytest.raises(services.SubmissionInputError) as err:
        services.transition(actor=reviewer, submission_id=sub.pk, action="approve", grade="E")
    assert err.value.field == "grade"


def test_empty_draft_cannot_be_submitted(dept, civil_task):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk)
    with pytest.raises(services.SubmissionInputError) as err:
        services.transition(actor=dept, submission_id=sub.pk, action="submit")
    assert "申报说明" in err.value.message


def test_wrong_step_names_the_actions_allowed(dept, reviewer, civil_task):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="说明")
    with pytest.raises(services.SubmissionTransitionError) as err:
        services.transition(actor=reviewer, submission_id=sub.pk, action="approve", grade="A")
    assert err.value.status == "draft" and err.value.allowed == []
    with pytest.raises(services.SubmissionTransitionError) as err:
        services.transition(actor=dept, submission_id=sub.pk, action="resubmit")
    assert err.value.allowed == ["submit"]


def test_stale_form_gets_a_conflict_message(dept, reviewer, civil_task):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="说明")
    sub = services.transition(actor=dept, submission_id=sub.pk, action="submit")
    seen_version = sub.version
    services.transition(
        actor=reviewer,
        submission_id=sub.pk,
        action="approve",
        grade="A",
        expected_version=seen_version,
    )
    with pytest.raises(services.SubmissionConflict) as err:
        services.transition(
            actor=reviewer,
            submission_id=sub.pk,
            action="return",
            note="x",
            expected_version=seen_version,
        )
    assert "已被他人更新" in err.value.message and "已通过" in err.value.message


def test_text_and_files_are_locked_once_submitted(dept, civil_task):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="说明")
    services.transition(actor=dept, submission_id=sub.pk, action="submit")
    with pytest.raises(services.SubmissionTransitionError):
        services.update_submission(actor=dept, submission_id=sub.pk, text="改")
    with pytest.raises(services.SubmissionTransitionError):
        services.add_file(actor=dept, submission_id=sub.pk, upload=SimpleUploadedFile("a.pdf", PDF))


def test_latest_approval_wins_for_the_task(dept, reviewer, civil_task):
    for grade in ("C", "A"):
        sub = services.create_submission(actor=dept, task_id=civil_task.pk, text=grade)
        services.transition(actor=dept, submission_id=sub.pk, action="submit")
        services.transition(actor=reviewer, submission_id=sub.pk, action="approve", grade=grade)
    assert selectors.latest_grade_for_tasks([civil_task.pk])[civil_task.pk].grade == "A"
    assert selectors.latest_grade_for_tasks([]) == {}
