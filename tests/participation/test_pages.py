"""The 随手拍 pages over HTTP: report on a phone form, track with the code, rate once."""

import re

import pytest

from tests.cases.factories import after_photo
from tests.participation.conftest import BEIJING, TJA
from tests.participation.factories import citizen_report, upload
from wenming.cases import services as case_services
from wenming.cases.events import PhotoIn
from wenming.cases.models import Case, State
from wenming.participation.models import CitizenReport, Rating, Review

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "service": "street-vending",
        "description": "早点摊占用人行道",
        "latitude": str(TJA[0]),
        "longitude": str(TJA[1]),
        "phone": "13800138000",
        "consent": "1",
    }
    data.update(overrides)
    return data


def test_the_form_lists_categories_in_citizens_words(client, citizens):
    page = client.get("/public/report/").content.decode()
    assert "路边摆摊、店外经营" in page and 'data-testid="service-street-vending"' in page
    assert "个人信息保护法" in page


def test_report_with_photo_gives_a_code_qr_and_tracking_page(client, citizens):
    response = client.post("/public/report/", {**_form(), "photos": [upload()]})
    assert response.status_code == 302
    report = CitizenReport.objects.get()
    assert response["Location"] == f"/public/track/{report.tracking_code}/?new=1"
    page = client.get(response["Location"]).content.decode()
    assert report.tracking_code in page and "提交成功" in page
    assert 'data-status="submitted"' in page
    assert "13800138000" not in page and "138****8000" not in page
    qr = client.get(f"/public/track/{report.tracking_code}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    photo = report.case.photos.get()
    assert client.get(f"/public/track/{report.tracking_code}/photos/{photo.pk}/").status_code == 200


def test_lowercase_code_with_blanks_finds_the_report_and_a_wrong_one_is_404(client, citizens):
    report = citizen_report()
    typed = report.tracking_code.lower()[:4] + " " + report.tracking_code.lower()[4:]
    assert client.get("/public/track/", {"code": typed})["Location"].endswith(
        f"/track/{report.tracking_code}/"
    )
    assert client.get("/public/track/", {"code": "0000"}).status_code == 422
    assert client.get("/public/track/ABCDEFGH/").status_code == 404


def test_refusals_are_clear_and_save_nothing(client, citizens):
    outside = client.post(
        "/public/report/", _form(latitude=str(BEIJING[0]), longitude=str(BEIJING[1]))
    )
    assert outside.status_code == 422 and "管辖范围" in outside.content.decode()
    empty = client.post("/public/report/", _form(description=""))
    assert empty.status_code == 422 and "请描述问题或上传照片" in empty.content.decode()
    garbage = client.post("/public/report/", _form(latitude="北纬", longitude="1e999"))
    assert garbage.status_code == 422
    not_image = client.post("/public/report/", {**_form(), "photos": [upload(name="x.jpg")] * 4})
    assert not_image.status_code == 422 and "最多上传 3 张照片" in not_image.content.decode()
    assert not Case.objects.exists()


def test_honeypot_and_flood_and_oversize(client, citizens, settings):
    assert client.post("/public/report/", _form(website="http://spam")).status_code == 400
    settings.PARTICIPATION_REPORTS_PER_IP_HOUR = 1
    assert client.post("/public/report/", _form(phone="")).status_code == 302
    flood = client.post("/public/report/", _form(phone=""))
    assert flood.status_code == 429 and "提交过于频繁" in flood.content.decode()
    settings.PARTICIPATION_REQUEST_MAX_BYTES = 1000
    big = client.post("/public/report/", {**_form(), "photos": [upload()]})
    assert big.status_code == 413 and "请少选几张照片" in big.content.decode()
    assert Case.objects.count() == 1


def test_nearby_json_offers_open_citizen_reports_of_the_same_kind(client, citizens):
    first = citizen_report()
    found = client.get(
        "/public/report/nearby.json",
        {"service": "street-vending", "lat": str(TJA[0]), "lon": str(TJA[1])},
    ).json()["cases"]
    assert [c["id"] for c in found] == [first.case_id] and found[0]["distance"] == 0
    assert "phone" not in str(found) and "13800138000" not in str(found)
    other = client.get(
        "/public/report/nearby.json", {"service": "litter", "lat": str(TJA[0]), "lon": "x"}
    ).json()
    assert other == {"cases": []}
    response = client.post("/public/report/", _form(follow=str(first.case_id), description=""))
    assert response.status_code == 302
    assert Case.objects.count() == 1 and CitizenReport.objects.filter(is_follower=True).count() == 1


def _close(case, coordinator, community1, inspector, photos=None):
    photos = [after_photo()] if photos is None else photos
    case_services.transition(actor=coordinator, case_id=case.pk, action="accept")
    case_services.transition(actor=community1, case_id=case.pk, action="sign")
    case_services.transition(
        actor=community1, case_id=case.pk, action="submit", note="已劝离摊贩", photos=photos
    )
    return case_services.transition(actor=inspector, case_id=case.pk, action="pass")


def test_tracking_page_follows_the_case_in_citizens_words(
    client, citizens, coordinator, community1, inspector
):
    report = citizen_report()
    url = f"/public/track/{report.tracking_code}/"
    case_services.transition(actor=coordinator, case_id=report.case_id, action="accept")
    page = client.get(url).content.decode()
    assert 'data-status="dispatched"' in page and "光明社区" in page
    assert 'data-testid="track-due"' in page
    case_services.transition(actor=community1, case_id=report.case_id, action="sign")
    assert 'data-status="working"' in client.get(url).content.decode()
    case_services.transition(
        actor=community1,
        case_id=report.case_id,
        action="submit",
        note="已劝离摊贩",
        photos=[PhotoIn(file=upload("after.jpg"))],
    )
    page = client.get(url).content.decode()
    assert 'data-testid="after-photo"' not in page  # not before the verifier passes it
    after = report.case.photos.get(kind="after")
    assert client.get(f"{url}photos/{after.pk}/").status_code == 404
    case_services.transition(actor=inspector, case_id=report.case_id, action="pass")
    page = client.get(url).content.decode()
    assert 'data-status="done"' in page and "已劝离摊贩" in page
    assert 'data-testid="after-photo"' in page and 'data-testid="rating-form"' in page
    assert client.get(f"{url}photos/{after.pk}/").status_code == 200


def test_rejected_report_shows_the_reason(client, citizens, coordinator):
    report = citizen_report()
    case_services.transition(
        actor=coordinator, case_id=report.case_id, action="reject", note="现场未发现摊贩"
    )
    page = client.get(f"/public/track/{report.tracking_code}/").content.decode()
    assert 'data-status="rejected"' in page and "不予受理" in page and "现场未发现摊贩" in page


def test_rating_once_and_unsatisfied_goes_back_to_the_office(
    client, citizens, coordinator, community1, inspector
):
    report = citizen_report()
    rate_url = f"/public/track/{report.tracking_code}/rate/"
    assert client.post(rate_url, {"score": "satisfied"}).status_code == 409  # not closed yet
    _close(report.case, coordinator, community1, inspector)
    assert client.post(rate_url, {"score": "meh"}).status_code == 422
    assert (
        client.post(rate_url, {"score": "unsatisfied", "comment": "摊贩又回来了"}).status_code
        == 302
    )
    again = client.post(rate_url, {"score": "satisfied"})
    assert again.status_code == 409 and "只能评价一次" in again.content.decode()
    rating = Rating.objects.get()
    assert (rating.score, rating.review) == ("unsatisfied", Review.PENDING)
    page = client.get(f"/public/track/{report.tracking_code}/").content.decode()
    assert "已转市文明办复查" in page


def test_lookups_are_rate_limited(client, citizens, settings):
    report = citizen_report()
    settings.PARTICIPATION_LOOKUPS_PER_IP_MINUTE = 2
    url = f"/public/track/{report.tracking_code}/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_no_public_page_carries_the_reporters_phone(client, citizens):
    report = citizen_report(phone="13912345678")
    for url in (
        "/public/report/",
        f"/public/track/{report.tracking_code}/",
        "/public/track/",
    ):
        body = client.get(url).content.decode()
        assert "13912345678" not in body and not re.search(r"139\*+5678", body), url
    assert Case.objects.get().state == State.REPORTED


def test_a_report_refused_at_intake_names_no_unit(client, citizens, coordinator):
    report = citizen_report()
    assert report.case.unit_id  # the dispatch rules already know who would get it
    case_services.transition(
        actor=coordinator, case_id=report.case_id, action="reject", note="不属实"
    )
    page = client.get(f"/public/track/{report.tracking_code}/").content.decode()
    assert "光明社区" not in page
    listed = client.get(f"/open311/v2/requests/{report.case_id}.json").json()
    assert listed[0]["agency_responsible"] == ""


def test_a_merged_report_says_where_the_case_it_joined_stands(client, citizens, coordinator):
    first = citizen_report()
    second = citizen_report(service="litter", description="同一处垃圾")
    case_services.transition(actor=coordinator, case_id=first.case_id, action="accept")
    case_services.transition(
        actor=coordinator,
        case_id=second.case_id,
        action="merge",
        duplicate_of=first.case_id,
        note="与 #1 为同一问题",
    )
    page = client.get(f"/public/track/{second.tracking_code}/").content.decode()
    assert 'data-status="merged"' in page and "与 #1 为同一问题" in page
    assert "合并后的问题：已受理，已交办" in page
