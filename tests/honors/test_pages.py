"""The nomination pages: a citizen nominates on the public page, reviewers act on the
nomination page, the 公示 page shows candidates and takes objections; contacts stay masked."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from wenming.honors import services
from wenming.honors.models import Nomination, NominationFile, Objection, State


def _photo(name="好人.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _form(**overrides):
    data = {
        "name": "王秀英",
        "region": "340403001001",
        "building": "",
        "phone": "13912345678",
        "category": "helpful",
        "deeds": "照顾邻居孤寡老人十年。",
        "channel": "family",
        "nominator_name": "李明",
        "nominator_phone": "13800138000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_citizen_nominates_with_a_photo_without_login(client, units):
    response = client.post(
        reverse("public:honors_nominate"), {**_form(), "files": [_photo()]}, follow=True
    )
    assert response.status_code == 200
    assert "推荐已提交" in response.content.decode()
    nomination = Nomination.objects.get()
    assert nomination.level == "community" and nomination.level_region_id == "340403001001"
    assert nomination.nominated_by is None and nomination.channel == "family"
    assert NominationFile.objects.filter(nomination=nomination, is_image=True).count() == 1


@pytest.mark.django_db
def test_bad_nomination_names_every_field_and_saves_nothing(client, units):
    response = client.post(
        reverse("public:honors_nominate"),
        _form(name="", region="999999999999", nominator_phone="12345", category="x"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "请填写被推荐人姓名" in page or "这个字段是必填项" in page
    assert "error-region" in page and "error-nominator_phone" in page and "error-category" in page
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused(client, units):
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = client.post(reverse("public:honors_nominate"), {**_form(), "files": [fake]})
    assert response.status_code == 422
    assert "不允许上传此类文件" in response.content.decode()
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_public_nominations_are_rate_limited(client, units, settings):
    settings.HONORS_PUBLIC_LIMIT_PER_HOUR = 2
    for n in range(2):
        client.post(reverse("public:honors_nominate"), _form(name=f"好人{n}"))
    response = client.post(reverse("public:honors_nominate"), _form(name="好人9"))
    assert response.status_code == 429
    assert Nomination.objects.count() == 2


@pytest.mark.django_db
def test_reviewer_passes_and_publicity_page_shows_candidate_without_contacts(
    client, reviewers, nominate
):
    nomination = nominate(building="")
    client.force_login(reviewers["community"])
    page = client.get(reverse("honors:detail", args=[nomination.pk])).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    assert "138****8000" in page and "13800138000" not in page
    response = client.post(
        reverse("honors:act", args=[nomination.pk, "review"]), {"approve": "yes", "note": "属实"}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == State.PUBLICITY
    client.logout()
    listing = client.get(reverse("public:honors_publicity")).content.decode()
    assert "王秀英" in listing and "光明社区" in listing
    assert "1391234" not in listing and "1380013" not in listing
    detail = client.get(reverse("public:honors_candidate", args=[nomination.pk]))
    assert "照顾" in detail.content.decode() or "孤寡" in detail.content.decode()
    sent = client.post(
        reverse("public:honors_candidate", args=[nomination.pk]),
        {"text": "情况不实", "contact_phone": "13700001111"},
    )
    assert sent.status_code == 200 and "异议已收到" in sent.content.decode()
    assert Objection.objects.filter(nomination=nomination, status="open").count() == 1


@pytest.mark.django_db
def test_candidates_not_on_publicity_are_not_public(client, reviewers, nominate):
    nomination = nominate()
    assert client.get(reverse("public:honors_candidate", args=[nomination.pk])).status_code == 404
    assert "王秀英" not in client.get(reverse("public:honors_publicity")).content.decode()


@pytest.mark.django_db
def test_outsider_and_other_district_get_404(client, reviewers, nominate, outsider, community2):
    nomination = nominate()
    for user in (outsider, community2):
        client.force_login(user)
        response = client.get(reverse("honors:detail", args=[nomination.pk]))
        assert response.status_code in (403, 404)
    client.force_login(community2)
    assert client.get(reverse("honors:detail", args=[nomination.pk])).status_code == 404
    response = client.post(
        reverse("honors:act", args=[nomination.pk, "review"]), {"approve": "yes"}
    )
    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.reviews.count() == 0


@pytest.mark.django_db
def test_unit_nominates_logged_in_and_index_lists_waiting(client, reviewers, dept):
    client.force_login(dept)
    response = client.post(reverse("honors:nominate"), _form(channel="staff"))
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominating_unit.short_name == "市民政局"
    client.force_login(reviewers["community"])
    page = client.get(reverse("honors:index")).content.decode()
    assert 'data-testid="waiting-item"' in page and "王秀英" in page
    services.review_nomination(
        actor=reviewers["community"], nomination_id=nomination.pk, approve=True
    )
    page = client.get(reverse("honors:index")).content.decode()
    assert 'data-testid="waiting-item"' not in page
