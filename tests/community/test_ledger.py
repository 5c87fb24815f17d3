"""The 创建工作台账: a community worker records an activity with a photo; it shows in the ledger,
counts toward 活动开展, and can be handed in as material without typing it twice."""

import pytest
from django.utils import timezone

from tests.community.conftest import jpeg
from wenming.community.models import LedgerEntry, LedgerFile
from wenming.materials.models import Submission, SubmissionStatus
from wenming.materials.services import transition

pytestmark = pytest.mark.django_db


def _post_entry(client, community, **extra):
    data = {
        "category": "after_school",
        "title": "四点半课堂·作业辅导",
        "held_on": timezone.localdate().isoformat(),
        "attendance": "18",
        "place": "光明社区党群服务中心",
        "summary": "志愿者辅导小学生完成作业。",
        "files": [jpeg(1)],
        **extra,
    }
    return client.post(f"/community/{community.pk}/ledger/new/", data)


def test_worker_records_a_session_with_a_photo_and_it_counts_toward_activities(
    login, community1, communities
):
    client = login(community1)
    guangming = communities["guangming"]
    response = _post_entry(client, guangming)
    entry = LedgerEntry.objects.get()
    assert response.status_code == 302 and response.url == f"/community/ledger/{entry.pk}/"
    assert entry.indicator.name == "活动开展达标"  # mapped by category
    photo = LedgerFile.objects.get(entry=entry)
    assert photo.is_image and photo.kind == "jpg"

    ledger = client.get(f"/community/{guangming.pk}/ledger/").content.decode()
    assert "四点半课堂·作业辅导" in ledger
    detail = client.get(f"/community/{guangming.pk}/").content.decode()
    assert "已开展活动 1 次，要求每月不少于 4 次" in detail
    assert client.get(f"/community/ledger/files/{photo.pk}/").status_code == 200


def test_a_bad_file_or_a_future_date_saves_nothing(login, community1, communities):
    client = login(community1)
    from django.core.files.base import ContentFile

    bad = ContentFile(b"MZ\x90\x00" + b"\x00" * 200, name="病毒.jpg")
    response = _post_entry(client, communities["guangming"], files=[bad])
    assert response.status_code == 422 and "不允许上传此类文件" in response.content.decode()
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = _post_entry(client, communities["guangming"], held_on=tomorrow.isoformat())
    assert response.status_code == 422 and "活动日期不能晚于今天" in response.content.decode()
    response = _post_entry(client, communities["guangming"], attendance="abc")
    assert response.status_code == 422
    assert not LedgerEntry.objects.exists() and not LedgerFile.objects.exists()


def test_another_communitys_worker_and_an_outsider_get_404(
    login, community2, outsider, communities
):
    guangming = communities["guangming"]
    for user in (community2, outsider):
        client = login(user)
        assert client.get(f"/community/{guangming.pk}/").status_code == 404
        assert client.get(f"/community/{guangming.pk}/ledger/new/").status_code in (403, 404)
        assert _post_entry(client, guangming).status_code in (403, 404)
    assert not LedgerEntry.objects.exists()


def test_handing_in_an_entry_makes_the_tasks_material_with_its_photo(
    login, community1, reviewer, communities
):
    client = login(community1)
    _post_entry(client, communities["guangming"])
    entry = LedgerEntry.objects.get()
    response = client.post(f"/community/ledger/{entry.pk}/hand-in/", {"submit": "1"})
    submission = Submission.objects.get()
    assert response.status_code == 302 and response.url == f"/materials/{submission.pk}/"
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.task.indicator.name == "活动开展达标"
    assert submission.task.unit_id == communities["guangming"].unit_id
    assert "四点半课堂·作业辅导" in submission.text and "参加人数：18 人" in submission.text
    assert [f.kind for f in submission.files.all()] == ["jpg"]
    entry.refresh_from_db()
    assert entry.submission_id == submission.pk

    # Returned by a reviewer, the next entry goes into the same material, not a second one.
    transition(actor=reviewer, submission_id=submission.pk, action="return", note="请补充签到表")
    _post_entry(client, communities["guangming"], title="四点半课堂·阅读")
    second = LedgerEntry.objects.exclude(pk=entry.pk).get()
    client.post(f"/community/ledger/{second.pk}/hand-in/")
    submission.refresh_from_db()
    assert Submission.objects.count() == 1
    assert "四点半课堂·阅读" in submission.text and submission.files.count() == 2


def test_an_empty_month_names_the_month_and_tells_the_worker_how_to_record(
    login, community1, communities
):
    guangming = communities["guangming"]
    page = login(community1).get(f"/community/{guangming.pk}/ledger/?month=2026-10").content
    empty = page.decode().split('data-testid="ledger-empty">', 1)[1].split("</div>", 1)[0]
    assert empty.startswith("2026年10月还没有台账记录。") and "点“记台账”" in empty
