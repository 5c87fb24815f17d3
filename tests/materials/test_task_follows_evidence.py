"""A task's status and progress follow its materials: handed in → 推进中, returned → 推进中 with
the material marked 已退回, approved → 已完成 at 100 % with the grade; the task page offers 申报材料."""

import pytest
from django.urls import reverse

from wenming.framework.models import TaskStatus
from wenming.materials import services

pytestmark = pytest.mark.django_db


def _status(task):
    task.refresh_from_db()
    return task.status, task.progress, task.evidence, task.evidence_grade


def test_an_approved_material_completes_its_task_with_the_grade(dept, reviewer, civil_task):
    # Before: a material graded "B 级" left its task 未开始, 0 %, 滞后于序时进度.
    material = services.create_submission(actor=dept, task_id=civil_task.pk, text="台账齐全")
    assert _status(civil_task) == (TaskStatus.PENDING, 0, "", "")
    services.transition(actor=dept, submission_id=material.pk, action="submit")
    assert _status(civil_task) == (TaskStatus.IN_PROGRESS, 0, "submitted", "")
    services.transition(actor=reviewer, submission_id=material.pk, action="return", note="缺照片")
    assert _status(civil_task) == (TaskStatus.IN_PROGRESS, 0, "returned", "")
    services.transition(actor=dept, submission_id=material.pk, action="resubmit")
    services.transition(actor=reviewer, submission_id=material.pk, action="approve", grade="B")
    assert _status(civil_task) == (TaskStatus.DONE, 100, "approved", "B")
    assert not civil_task.is_lagging and not civil_task.is_overdue


def test_the_task_page_shows_the_grade_and_offers_the_material_form(
    login, dept, reviewer, civil_task
):
    page = login(dept).get(reverse("framework:task_detail", args=[civil_task.pk])).content
    page = page.decode()
    assert f"{reverse('materials:new')}?task={civil_task.pk}" in page
    assert "本单位填报的完成进度（%）" in page and 'class="input-group-text">%<' in page
    material = services.create_submission(actor=dept, task_id=civil_task.pk, text="台账齐全")
    services.transition(actor=dept, submission_id=material.pk, action="submit")
    services.transition(actor=reviewer, submission_id=material.pk, action="approve", grade="B")
    page = login(dept).get(reverse("framework:task_detail", args=[civil_task.pk])).content
    page = page.decode()
    assert "已完成" in page and "材料已通过 · B 级" in page and "100%" in page
    assert "滞后于序时进度" not in page
    my_tasks = login(dept).get(reverse("framework:my_tasks")).content.decode()
    assert "材料已通过 · B 级" in my_tasks and "逾期" not in my_tasks
