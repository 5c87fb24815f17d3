"""The liaison's, reviewer's and coordinator's pages."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.materials.factories import EXE, PDF, indicator, task
from tests.regions.factories import person
from wenming.accounts.models import AuditEvent
from wenming.materials import services
from wenming.materials.models import Submission
from wenming.regions.models import Role

pytestmark = pytest.mark.django_db


def test_liaison_submits_with_files_from_the_task_list(client, dept, civil_task):
    client.force_login(dept)
    assert civil_task.title in client.get("/materials/").content.decode()
    response = client.post(
        "/materials/new/",
        {
            "task": civil_task.pk,
            "text": "已完成",
            "then": "submit",
            "files": [SimpleUploadedFile("台账.pdf", PDF), SimpleUploadedFile("汇总.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    sub = Submission.objects.get()
    assert sub.status == "submitted" and sub.files.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "已提交" in page and "台账.pdf" in page
    download = client.get(f"/materials/files/{sub.files.first().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_exe_renamed_pdf_is_refused_on_the_page_and_nothing_saved(client, dept, civil_task):
    client.force_login(dept)
    response = client.post(
        "/materials/new/",
        {"task": civil_task.pk, "text": "x", "files": [SimpleUploadedFile("a.pdf", EXE)]},
    )
    assert response.status_code == 422
    assert "Windows 可执行程序" in response.content.decode()
    assert not Submission.objects.exists()


def test_an_empty_form_creates_nothing_and_says_what_is_missing(client, dept, civil_task):
    client.force_login(dept)
    response = client.post("/materials/new/", {"task": civil_task.pk, "text": "", "then": "submit"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "申报材料是空的：请填写申报说明，或上传至少一个附件。" in page
    assert not Submission.objects.exists()


def test_a_file_over_the_limit_is_named_with_the_limit(client, dept, civil_task, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(dept)
    big = SimpleUploadedFile("全年台账.pdf", PDF + b"0" * (1024 * 1024))
    response = client.post("/materials/new/", {"task": civil_task.pk, "text": "x", "files": [big]})
    assert response.status_code == 422
    page = response.content.decode()
    assert "文件“全年台账.pdf”超过大小限制：每个文件不超过 1 MB。" in page
    assert 'class="alert alert-danger' in page and "每个文件不超过 1 MB；" in page
    assert not Submission.objects.exists()


def test_reviewer_returns_then_approves_and_the_task_shows_the_grade(
    client, dept, reviewer, civil_task
):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="x")
    sub = services.transition(actor=dept, submission_id=sub.pk, action="submit")
    client.force_login(reviewer)
    assert f"queue-item-{sub.pk}" in client.get("/materials/review/").content.decode()
    no_reason = client.post(
        f"/materials/{sub.pk}/act/", {"action": "return", "version": sub.version}
    )
    assert no_reason.status_code == 422 and "退回原因" in no_reason.content.decode()
    client.post(
        f"/materials/{sub.pk}/act/", {"action": "return", "note": "缺照片", "version": sub.version}
    )

    client.force_login(dept)
    page = client.get(f"/materials/{sub.pk}/").content.decode()
    assert "缺照片" in page and "material-resubmit" in page
    sub.refresh_from_db()
    client.post(
        f"/materials/{sub.pk}/edit/", {"text": "已补充", "version": sub.version, "then": "resubmit"}
    )
    sub.refresh_from_db()
    assert sub.status == "resubmitted"

    client.force_login(reviewer)
    stale = client.post(
        f"/materials/{sub.pk}/act/", {"action": "approve", "grade": "B", "version": sub.version - 1}
    )
    assert stale.status_code == 409 and "已被他人更新" in stale.content.decode()
    client.post(
        f"/materials/{sub.pk}/act/", {"action": "approve", "grade": "B", "version": sub.version}
    )
    page = client.get(f"/materials/{sub.pk}/").content.decode()
    assert "B 级（80%，得 8.00 分）" in page


def test_reviewer_of_the_same_unit_sees_no_review_buttons(client, dept, units, civil_task):
    sub = services.create_submission(actor=dept, task_id=civil_task.pk, text="x")
    services.transition(actor=dept, submission_id=sub.pk, action="submit")
    own = person(username="civil-reviewer", unit=units["civil"], role=Role.REVIEWER)
    client.force_login(own)
    page = client.get(f"/materials/{sub.pk}/").content.decode()
    assert "review-approve" not in page and "本单位的材料由其他单位的审核员审核" in page
    refused = client.post(f"/materials/{sub.pk}/act/", {"action": "approve", "grade": "A"})
    assert refused.status_code == 403


@pytest.mark.parametrize("who", ["outsider", "community1", "community2"])
def test_outsiders_get_404(client, request, who, dept, civil_task):
    sub = services.create_submission(
        actor=dept, task_id=civil_task.pk, text="x", uploads=[SimpleUploadedFile("a.pdf", PDF)]
    )
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/materials/{sub.pk}/").status_code == 404
    assert client.get(f"/materials/files/{sub.files.get().pk}/").status_code == 404
    assert client.post(f"/materials/{sub.pk}/act/", {"action": "submit"}).status_code == 404
    assert client.get(f"/materials/new/?task={civil_task.pk}").status_code == 404


def test_coordinator_stats_count_in_the_db_and_export_is_audited(
    client, coordinator, dept, reviewer, units, django_assert_max_num_queries
):
    task(
        units["civil"],
        ind=indicator(code="5.1.1", name="养老服务"),
        due=datetime.date(2020, 1, 31),
        start=datetime.date(2020, 1, 1),
    )
    handed = task(units["civil"], ind=indicator(code="5.1.2", name="救助管理"))
    task(units["police"], ind=indicator(code="6.1.1", name="交通秩序"))
    task(
        units["police"], ind=indicator(code="6.1.2", name="治安巡逻", method="inspection")
    )  # not a material task
    for t, grade in ((handed, "A"),):
        sub = services.create_submission(actor=dept, task_id=t.pk, text="x")
        services.transition(actor=dept, submission_id=sub.pk, action="submit")
        services.transition(actor=reviewer, submission_id=sub.pk, action="approve", grade=grade)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        page = client.get("/materials/stats/").content.decode()
    assert 'data-testid="stat-total">3<' in page
    assert (
        'data-testid="stat-completion">33.3%<' in page
        and 'data-testid="stat-approval">100.0%<' in page
    )
    assert 'data-testid="stat-overdue">1<' in page
    book = openpyxl.load_workbook(io.BytesIO(client.get("/materials/stats/export/").content))
    rows = {r[0]: r for r in book["按单位"].iter_rows(min_row=2, values_only=True)}
    assert rows["淮南市民政局"][1:] == (2, 1, 1, 1, "50.0%", "100.0%")
    assert rows["淮南市公安局"][1:] == (1, 0, 0, 0, "0.0%", None)
    assert (
        AuditEvent.objects.filter(action="export", summary__startswith="导出网上申报统计").count()
        == 1
    )


def test_liaison_cannot_open_stats_or_export(client, dept):
    client.force_login(dept)
    assert client.get("/materials/stats/").status_code == 403
    assert client.get("/materials/stats/export/").status_code == 403


def test_a_task_named_as_activation_names_it_shows_its_code_once(client, dept, reviewer, units):
    """Activation titles a task "2.3 活动开展达标（2026年11月）"; the task list, 最近申报 and the
    review queue print that title — not the code a second time before it ("2.3 2.3 …")."""
    generated = task(units["civil"], ind=indicator(code="2.3", name="活动开展达标"))
    generated.title = "2.3 活动开展达标（2026年11月）"
    generated.save(update_fields=["title"])
    Submission.objects.create(
        task=generated,
        unit=generated.unit,
        region=generated.region,
        text="台账",
        status="submitted",
        created_by=dept,
    )
    client.force_login(dept)
    page = client.get("/materials/").content.decode()
    assert page.count("2.3 活动开展达标（2026年11月）") == 2 and "2.3 2.3" not in page
    client.force_login(reviewer)
    queue = client.get("/materials/review/").content.decode()
    assert "2.3 活动开展达标（2026年11月）" in queue and "2.3 2.3" not in queue
