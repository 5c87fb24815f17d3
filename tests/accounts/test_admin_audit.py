"""Every admin change to domain data is audited, and history (events, answers) cannot be deleted."""

import pytest
from django.contrib import admin
from django.db.models import ProtectedError
from django.test import RequestFactory

from tests.materials.factories import task
from tests.surveys.factories import GUANGMING, open_survey
from wenming.accounts.admin import AuditedAdminMixin
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.documents.models import DocumentSequence
from wenming.materials import services as materials
from wenming.materials.models import Submission, SubmissionEvent
from wenming.surveys import services as surveys
from wenming.surveys.models import Question
from wenming.surveys.respondents import issue_token

pytestmark = pytest.mark.django_db


def test_every_domain_model_admin_is_audited_or_read_only(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("wenming."):
            continue
        writable = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        if writable and not isinstance(model_admin, AuditedAdminMixin):
            unaudited.append(model._meta.label)
    assert unaudited == []


def test_editing_and_deleting_a_survey_question_in_admin_is_audited(login, admin_user, coordinator):
    survey, q = open_survey(coordinator)
    client = login(admin_user)
    question = q["text"]
    url = f"/admin/surveys/question/{question.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "survey": survey.pk,
            "text": "您对创城工作还有哪些建议？",
            "options-TOTAL_FORMS": "0",
            "options-INITIAL_FORMS": "0",
        }
    )
    assert client.post(url, data).status_code == 302, client.post(url, data).content[:2000]
    changed = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="surveys.question")
    assert changed.object_id == str(question.pk) and changed.username == "admin"
    response = client.post(f"/admin/surveys/question/{question.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETE, object_type="surveys.question", object_id=str(question.pk)
    ).exists()


def test_a_question_or_survey_with_answers_cannot_be_deleted_in_admin(
    login, admin_user, coordinator
):
    survey, q = open_survey(coordinator)
    surveys.submit_response(
        survey_id=survey.pk,
        answers={q["aware"].pk: 1, q["satisfied"].pk: 80},
        respondent_token=issue_token(),
        region_code=GUANGMING,
    )
    client = login(admin_user)
    question = q["aware"]
    assert client.get(f"/admin/surveys/question/{question.pk}/delete/").status_code == 403
    assert (
        client.post(f"/admin/surveys/survey/{survey.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Question.objects.filter(pk=question.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_a_material_with_events_cannot_be_deleted_in_admin_or_by_accident(
    login, admin_user, dept, units, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    submission = materials.create_submission(
        actor=dept, task_id=task(units["civil"]).pk, text="四点半课堂台账"
    )
    events = SubmissionEvent.objects.filter(submission=submission).count()
    assert events >= 1
    client = login(admin_user)
    url = f"/admin/materials/submission/{submission.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    bulk = client.post(
        "/admin/materials/submission/",
        {"action": "delete_selected", "_selected_action": [submission.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert SubmissionEvent.objects.filter(submission=submission).count() == events
    with pytest.raises(ProtectedError):
        submission.delete()


def test_changing_a_document_number_sequence_is_audited(login, admin_user):
    sequence = DocumentSequence.objects.create(prefix="淮创城整", year=2026, last_number=14)
    client = login(admin_user)
    response = client.post(
        f"/admin/documents/documentsequence/{sequence.pk}/change/",
        {"prefix": "淮创城整", "year": 2026, "last_number": 3},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="documents.documentsequence")
    assert event.action == AuditAction.UPDATE and event.changes == {"last_number": "3"}
