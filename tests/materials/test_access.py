"""Who may see and act: own-unit review refused, other units and outsiders get 404."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from tests.materials.factories import EXE, task
from tests.regions.factories import person
from wenming.materials import selectors, services
from wenming.materials.models import Submission
from wenming.regions.models import Role
from wenming.uploads import UploadRejected

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(dept, civil_task):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="说明")
    return services.transition(actor=dept, submission_id=sub.pk, action="submit")


def test_reviewer_of_the_same_unit_is_refused(units, submitted):
    civil_reviewer = person(username="civil-reviewer", unit=units["civil"], role=Role.REVIEWER)
    with pytest.raises(services.OwnUnitReview) as err:
        services.transition(
            actor=civil_reviewer, submission_id=submitted.pk, action="approve", grade="A"
        )
    assert "本单位" in str(err.value)
    assert submitted not in selectors.review_queue(civil_reviewer)
    assert Submission.objects.get(pk=submitted.pk).status == "submitted"


def test_coordinator_may_not_review_the_office_own_material(units, coordinator):
    office_task = task(units["office"])
    office_liaison = person(username="office-liaison", unit=units["office"], role=Role.LIAISON)
    sub = services.create_submission(actor=office_liaison, task_id=office_task.pk, text="说明")
    services.transition(actor=office_liaison, submission_id=sub.pk, action="submit")
    with pytest.raises(services.OwnUnitReview):
        services.transition(actor=coordinator, submission_id=sub.pk, action="approve", grade="A")


def test_liaison_cannot_approve_their_own_material(dept, submitted):
    with pytest.raises(PermissionDenied):
        services.transition(actor=dept, submission_id=submitted.pk, action="approve", grade="A")


@pytest.mark.parametrize("who", ["outsider", "community1", "community2", "police_liaison"])
def test_others_see_nothing_and_get_404(request, who, submitted):
    user = request.getfixturevalue(who)
    assert not selectors.submissions_visible_to(user).exists()
    with pytest.raises(Http404):
        selectors.get_submission_for(user, submitted.pk)
    with pytest.raises((Http404, PermissionDenied)):
        services.transition(actor=user, submission_id=submitted.pk, action="return", note="x")


def test_community_cannot_see_the_other_community(units, community1, community2):
    sub = services.create_submission(
        actor=community1, task_id=task(units["guangming"]).pk, text="光明社区台账"
    )
    assert selectors.get_submission_for(community1, sub.pk) == sub
    with pytest.raises(Http404):
        selectors.get_submission_for(community2, sub.pk)
    # The street above the community sees it (属地).
    street = person(username="street", unit=units["tiandong"], role=Role.LIAISON)
    assert selectors.get_submission_for(street, sub.pk) == sub


def test_liaison_cannot_submit_for_another_units_task(dept, units):
    with pytest.raises(Http404):
        services.create_submission(actor=dept, task_id=task(units["police"]).pk, text="x")


def test_exe_renamed_pdf_is_refused_and_nothing_is_saved(dept, civil_task):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="说明")
    with pytest.raises(UploadRejected) as err:
        services.add_file(
            actor=dept, submission_id=sub.pk, upload=SimpleUploadedFile("总结.pdf", EXE)
        )
    assert "Windows 可执行程序" in err.value.messages[0]
    assert not sub.files.exists()
    assert Submission.objects.get(pk=sub.pk).version == sub.version
