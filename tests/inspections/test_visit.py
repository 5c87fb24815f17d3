"""Recording a visit: results per item, a finding and a case per failed item or problem, photos."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.inspections.factories import SiteFactory, answers_for, gps_exif, jpeg_bytes, make_round
from wenming.cases.models import Case, CasePhoto, State
from wenming.inspections import services
from wenming.inspections.models import (
    ChecklistResult,
    Finding,
    Inspection,
    Outcome,
    Photo,
    Severity,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(units):
    return SiteFactory(name="光明农贸市场", unit=units["guangming"])


@pytest.fixture
def round(coordinator, inspector, site):
    return make_round(coordinator, sites=[site], inspectors=[inspector])


def _photo(name="fail.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def test_one_failed_item_makes_one_finding_and_one_case_for_the_sites_unit(
    inspector, round, site, units
):
    inspection = services.record_inspection(
        actor=inspector,
        round=round,
        site=site,
        answers=answers_for(site, fail={2}, na={3}),
        position=services.Position(Decimal("32.640100"), Decimal("117.010200"), 12),
    )
    items = list(site.site_type.items.order_by("position"))
    assert ChecklistResult.objects.filter(inspection=inspection).count() == len(items)
    assert (
        ChecklistResult.objects.get(inspection=inspection, item=items[2]).outcome
        == Outcome.NOT_APPLICABLE
    )
    finding = Finding.objects.get()
    assert finding.item == items[1] and finding.category == items[1].category
    assert finding.points == items[1].points and finding.unit == units["guangming"]
    assert (finding.latitude, finding.longitude) == (Decimal("32.640100"), Decimal("117.010200"))
    case = Case.objects.get()
    assert finding.case == case
    assert (
        case.unit == units["guangming"] and case.state == State.DISPATCHED and case.due is not None
    )
    assert case.category == items[1].category and case.points_at_risk == items[1].points
    assert "光明农贸市场" in case.description


def test_a_visit_with_everything_passed_makes_no_finding(inspector, round, site):
    services.record_inspection(actor=inspector, round=round, site=site, answers=answers_for(site))
    assert (
        Inspection.objects.count() == 1
        and not Finding.objects.exists()
        and not Case.objects.exists()
    )


def test_a_free_form_problem_becomes_a_finding_and_a_case(inspector, round, site):
    problem = services.Problem(
        description="市场东门外有流动摊贩", category="占道经营", severity=Severity.MAJOR
    )
    services.record_inspection(
        actor=inspector, round=round, site=site, answers=answers_for(site), problems=[problem]
    )
    finding = Finding.objects.get()
    assert finding.is_free_form and finding.severity == Severity.MAJOR
    assert Case.objects.get().category == "占道经营"


def test_unanswered_items_are_all_named_and_nothing_is_saved(inspector, round, site):
    answers = answers_for(site)[2:]
    with pytest.raises(services.VisitRejected) as rejected:
        services.record_inspection(actor=inspector, round=round, site=site, answers=answers)
    assert len([e for e in rejected.value.errors if "尚未选择结果" in e]) == 2
    assert not Inspection.objects.exists()


def test_photo_is_re_encoded_without_exif_but_keeps_its_position_and_goes_to_the_case(
    inspector, round, site
):
    upload = _photo(exif=gps_exif(32.641, 117.012))
    services.record_inspection(
        actor=inspector,
        round=round,
        site=site,
        answers=answers_for(site, fail={1}, photos={1: [upload]}),
    )
    photo = Photo.objects.get()
    assert photo.finding == Finding.objects.get()
    assert (
        abs(float(photo.latitude) - 32.641) < 1e-4 and abs(float(photo.longitude) - 117.012) < 1e-4
    )
    with photo.file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert stored.format == "JPEG" and 0x0110 not in stored.getexif()
    assert CasePhoto.objects.get(case=Case.objects.get()).image.name == photo.file.name


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(inspector, round, site):
    fake = SimpleUploadedFile(
        "photo.jpg", b"MZ\x90\x00 not a photo at all", content_type="image/jpeg"
    )
    with pytest.raises(services.VisitRejected) as rejected:
        services.record_inspection(
            actor=inspector,
            round=round,
            site=site,
            answers=answers_for(site, fail={1}, photos={1: [fake]}),
        )
    assert "photo.jpg" in rejected.value.errors[0]
    assert not Inspection.objects.exists() and not Photo.objects.exists()


def test_a_finished_round_takes_no_more_visits(coordinator, inspector, round, site):
    services.finish_round(actor=coordinator, round=round)
    round.refresh_from_db()
    with pytest.raises(services.RoundNotOpen):
        services.record_inspection(
            actor=inspector, round=round, site=site, answers=answers_for(site)
        )


def test_an_inspector_not_assigned_to_the_round_may_not_record(coordinator, site, inspector):
    round = make_round(coordinator, sites=[site], inspectors=[])
    with pytest.raises(PermissionDenied):
        services.record_inspection(
            actor=inspector, round=round, site=site, answers=answers_for(site)
        )


def test_a_site_outside_the_round_is_refused(inspector, round, units):
    other = SiteFactory(name="别处", unit=units["guangming"])
    with pytest.raises(services.SiteNotInRound):
        services.record_inspection(
            actor=inspector, round=round, site=other, answers=answers_for(other)
        )


def test_phone_form_post_records_the_visit_and_shows_it(inspector, round, site, login):
    client = login(inspector)
    url = reverse("inspections:visit_form", args=[round.pk, site.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'capture="environment"' in body and 'accept="image/*"' in body and "<script>" not in body
    items = list(site.site_type.items.order_by("position"))
    data = {f"item-{item.pk}": "pass" for item in items}
    data[f"item-{items[0].pk}"] = "fail"
    data[f"note-{items[0].pk}"] = "东侧两个摊位占道"
    data[f"photos-{items[0].pk}"] = _photo()
    data.update(
        {
            "latitude": "32.640300",
            "longitude": "117.010100",
            "accuracy": "9",
            "problem-0-description": "",
            "problem-0-category": "",
            "problem-0-severity": "general",
        }
    )
    response = client.post(url, data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspections:inspection_detail", args=[inspection.pk]
    )
    assert inspection.accuracy == 9 and inspection.latitude == Decimal("32.640300")
    assert Finding.objects.get().description.endswith("东侧两个摊位占道")
    shown = client.get(response["Location"]).content.decode()
    assert (
        "东侧两个摊位占道" in shown
        and reverse("inspections:photo", args=[Photo.objects.get().pk]) in shown
    )


def test_phone_form_with_a_missing_answer_explains_and_keeps_the_choices(
    inspector, round, site, login
):
    client = login(inspector)
    items = list(site.site_type.items.order_by("position"))
    data = {f"item-{item.pk}": "pass" for item in items[1:]}
    response = client.post(reverse("inspections:visit_form", args=[round.pk, site.pk]), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "第 1 项" in body and "尚未选择结果" in body
    assert f'value="pass" autocomplete="off" checked data-testid="item-{items[1].pk}-pass"' in body
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("accuracy", ["1e999", "-5", "abc"])
def test_phone_form_with_an_impossible_accuracy_explains_and_saves_nothing(
    inspector, round, site, login, accuracy
):
    client = login(inspector)
    data = {f"item-{item.pk}": "pass" for item in site.site_type.items.all()}
    data.update({"latitude": "32.640300", "longitude": "117.010100", "accuracy": accuracy})
    response = client.post(reverse("inspections:visit_form", args=[round.pk, site.pk]), data)
    assert response.status_code == 422
    assert "定位精度" in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_position_outside_the_globe_is_refused_by_the_service(inspector, round, site):
    with pytest.raises(services.VisitRejected, match="纬度"):
        services.record_inspection(
            actor=inspector,
            round=round,
            site=site,
            answers=answers_for(site),
            position=services.Position(Decimal("1e308"), Decimal("117"), 5),
        )
    assert not Inspection.objects.exists()


def test_an_empty_save_says_in_words_what_is_missing(inspector, round, site, login):
    client = login(inspector)
    url = reverse("inspections:visit_form", args=[round.pk, site.pk])
    response = client.post(url, {"problem-0-severity": "general"})
    assert response.status_code == 422
    count = site.site_type.items.count()
    assert f"还没有填写任何检查结果：本点位共 {count} 个检查项" in response.content.decode()
    assert not Inspection.objects.exists()


def test_after_saving_the_next_site_is_one_tap_away(coordinator, inspector, units, login):
    first = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    second = SiteFactory(name="向阳背街小巷", unit=units["xiangyang"], site_type=first.site_type)
    two = make_round(coordinator, sites=[first, second], inspectors=[inspector])
    client = login(inspector)
    done = services.record_inspection(
        actor=inspector, round=two, site=first, answers=answers_for(first)
    )
    page = client.get(reverse("inspections:inspection_detail", args=[done.pk])).content.decode()
    assert "下一个点位：向阳背街小巷" in page
    assert reverse("inspections:visit_form", args=[two.pk, second.pk]) in page
    last = services.record_inspection(
        actor=inspector, round=two, site=second, answers=answers_for(second)
    )
    page = client.get(reverse("inspections:inspection_detail", args=[last.pk])).content.decode()
    assert "本轮督查的点位都已检查" in page and "下一个点位" not in page
