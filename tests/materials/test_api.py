"""Materials through the API: create, upload, submit; 409 lists allowed actions; 4xx name the field."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.materials.factories import EXE, PDF, png_bytes
from wenming.accounts.tokens import issue_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def _for(user):
        token, _ = issue_token(user=user)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

        class Caller:
            def get(self, path):
                return client.get(f"/api/v1{path}", **auth)

            def post(self, path, body=None, **kw):
                if "files" in kw:
                    return client.post(f"/api/v1{path}", data=kw["files"], **auth)
                return client.post(
                    f"/api/v1{path}",
                    data=json.dumps(body or {}),
                    content_type="application/json",
                    **auth,
                )

            def patch(self, path, body):
                return client.patch(
                    f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **auth
                )

        return Caller()

    return _for


def test_liaison_creates_uploads_and_submits_then_reviewer_approves(
    api, dept, reviewer, civil_task
):
    me = api(dept)
    created = me.post("/materials/submissions/", {"task_id": civil_task.pk, "text": "已完成"})
    assert created.status_code == 201, created.content
    sub = created.json()
    assert (sub["status"], sub["allowed_actions"]) == ("draft", ["submit"])
    uploaded = me.post(
        f"/materials/submissions/{sub['id']}/files",
        files={"file": SimpleUploadedFile("照片.png", png_bytes())},
    )
    assert uploaded.status_code == 201 and uploaded.json()["kind"] == "png"
    submitted = me.post(f"/materials/submissions/{sub['id']}/submit")
    assert submitted.json()["status"] == "submitted" and submitted.json()["allowed_actions"] == []

    review = api(reviewer)
    assert review.get(f"/materials/submissions/{sub['id']}").json()["allowed_actions"] == [
        "approve",
        "return",
    ]
    approved = review.post(
        f"/materials/submissions/{sub['id']}/actions", {"action": "approve", "grade": "B"}
    )
    assert approved.status_code == 200
    body = approved.json()
    assert (body["status"], body["grade"], body["grade_percent"]) == ("approved", "B", 80)
    assert [e["action"] for e in body["events"]] == ["create", "upload", "submit", "approve"]
    assert me.get("/materials/submissions/?mine=true").json()["count"] == 1


def test_wrong_step_is_409_listing_the_allowed_actions(api, dept, reviewer, civil_task):
    me = api(dept)
    sub = me.post("/materials/submissions/", {"task_id": civil_task.pk, "text": "x"}).json()
    response = api(reviewer).post(
        f"/materials/submissions/{sub['id']}/actions", {"action": "approve", "grade": "A"}
    )
    assert response.status_code == 409
    assert response.json()["status"] == "draft" and response.json()["allowed_actions"] == []
    me.post(f"/materials/submissions/{sub['id']}/submit")
    again = me.post(f"/materials/submissions/{sub['id']}/submit")
    assert again.status_code == 409 and again.json()["allowed_actions"] == []


def test_exe_renamed_pdf_is_422_naming_the_file(api, dept, civil_task):
    me = api(dept)
    sub = me.post("/materials/submissions/", {"task_id": civil_task.pk}).json()
    response = me.post(
        f"/materials/submissions/{sub['id']}/files",
        files={"file": SimpleUploadedFile("总结.pdf", EXE)},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "file" and "可执行程序" in response.json()["detail"]
    ok = me.post(
        f"/materials/submissions/{sub['id']}/files",
        files={"file": SimpleUploadedFile("总结.pdf", PDF)},
    )
    assert ok.status_code == 201


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "task_id"),
        ({"task_id": "abc"}, "task_id"),
        ({"task_id": 1, "text": ["x"]}, "text"),
    ],
)
def test_bad_create_input_names_the_field(api, dept, civil_task, body, field):
    response = api(dept).post("/materials/submissions/", body)
    assert response.status_code == 422
    assert field in json.dumps(response.json())


def test_review_input_errors_name_the_field(api, dept, reviewer, civil_task):
    me = api(dept)
    sub = me.post("/materials/submissions/", {"task_id": civil_task.pk, "text": "x"}).json()
    me.post(f"/materials/submissions/{sub['id']}/submit")
    review = api(reviewer)
    assert (
        review.post(f"/materials/submissions/{sub['id']}/actions", {"action": "return"}).json()[
            "field"
        ]
        == "note"
    )
    # Grades and actions are enums in the document; a value outside them is refused by the
    # schema, in Chinese, naming the field and the values allowed.
    bad_grade = review.post(
        f"/materials/submissions/{sub['id']}/actions", {"action": "approve", "grade": "Q"}
    )
    assert bad_grade.status_code == 422
    [problem] = bad_grade.json()["detail"]
    assert problem["loc"][-1] == "grade" and problem["msg"].startswith(
        "请求体 grade：必须是以下之一"
    )
    unknown = review.post(f"/materials/submissions/{sub['id']}/actions", {"action": "delete"})
    [problem] = unknown.json()["detail"]
    assert unknown.status_code == 422 and problem["loc"][-1] == "action"
    assert "'submit'" in problem["msg"] and "'approve'" in problem["msg"]


def test_outsider_and_other_units_get_404(
    api, dept, outsider, community2, police_liaison, civil_task
):
    sub = api(dept).post("/materials/submissions/", {"task_id": civil_task.pk, "text": "x"}).json()
    for user in (outsider, community2, police_liaison):
        caller = api(user)
        assert caller.get(f"/materials/submissions/{sub['id']}").status_code == 404
        assert caller.post(f"/materials/submissions/{sub['id']}/submit").status_code == 404
        assert caller.get("/materials/submissions/").json()["count"] == 0
    assert api(outsider).post(
        "/materials/submissions/", {"task_id": civil_task.pk}
    ).status_code in (403, 404)


def test_stats_for_reviewers_only(api, dept, reviewer, civil_task):
    assert api(dept).get("/materials/stats").status_code == 403
    body = api(reviewer).get("/materials/stats").json()
    assert body["total"]["total"] == 1 and body["by_unit"][0]["name"] == "淮南市民政局"
