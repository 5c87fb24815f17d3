"""A volunteer signs in and out of an activity by QR on a 390 px phone; the hours appear on their
record; the organiser corrects them with a reason; the certificate PDF's QR code leads to its
public verification page."""

import io
from datetime import timedelta

import pypdf
import pytest
import time_machine
from django.utils import timezone
from PIL import Image

from tests.volunteers import factories as f
from wenming.volunteers.models import Certificate, HoursCorrection, ServiceRecord

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PLACE = {"latitude": 32.6253, "longitude": 117.0125, "accuracy": 10}


def qr_urls(pdf: bytes) -> list[str]:
    import zxingcpp

    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            picture = Image.open(io.BytesIO(image.data)).convert("L")
            found += [r.text for r in zxingcpp.read_barcodes(picture)]
    return found


def test_qr_sign_in_and_out_hours_correction_and_certificate(
    browser_page, live_server, login_as, city, units, community1, settings
):
    settings.WENMING_SITE_URL = live_server.url
    team = f.team("光明社区党员志愿服务队", managers=[community1])
    alice = f.volunteer(1, name="王小红", teams=[team])
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=10)
    event = f.activity(team, start=start, hours=3, title="敬老院助老服务")

    phone = browser_page("phone")
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation(PLACE)
    with time_machine.travel(timezone.now(), tick=True) as clock:
        # The volunteer scans the poster's QR code: the activity page asks them to log in first.
        phone.goto(f"{live_server.url}/public/volunteers/a/{event.qr_token}/")
        phone.get_by_test_id("scan-login").click()
        phone.get_by_test_id("input-phone").fill(alice.phone)
        phone.get_by_test_id("input-id_tail").fill(alice.id_number[-6:])
        phone.get_by_test_id("volunteer-login-submit").click()
        phone.get_by_test_id("scan-in").click()
        assert "签到成功" in phone.get_by_test_id("scan-message").inner_text()

        clock.shift(timedelta(hours=2, minutes=5))
        with phone.expect_navigation():  # the page before already shows 签到成功
            phone.get_by_test_id("scan-out").click()
        assert "本次服务时长 2.00 小时" in phone.get_by_test_id("scan-message").inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.get_by_test_id("my-record-link").click()
        assert phone.get_by_test_id("my-record-hours").inner_text() == "2"

        # The organiser (the team's manager) corrects the hours with a reason.
        organiser = browser_page("phone")
        login_as(organiser, live_server, community1)
        organiser.goto(f"{live_server.url}/volunteers/activities/{event.pk}/")
        organiser.get_by_test_id("correct-hours").fill("2.5")
        organiser.get_by_test_id("correct-reason").fill("提前到场布置场地")
        organiser.get_by_test_id("correct-submit").click()
        assert "2 → 2.5（提前到场布置场地）" in organiser.get_by_test_id("correction").inner_text()
        record = ServiceRecord.objects.get(volunteer=alice)
        assert record.hours == 2.5
        assert HoursCorrection.objects.get(record=record).actor == community1

        phone.reload()
        assert phone.get_by_test_id("my-record-hours").inner_text() == "2.5"

        # The certificate: issued by the team, its PDF's QR code opens the verification page.
        organiser.goto(f"{live_server.url}/volunteers/people/{alice.pk}/")
        organiser.get_by_test_id("issue-certificate").click()
        with organiser.expect_download() as download:
            organiser.get_by_test_id("certificate-pdf").click()
        pdf = open(download.value.path(), "rb").read()
    certificate = Certificate.objects.get()
    (url,) = qr_urls(pdf)
    assert url == f"{live_server.url}/public/volunteers/certificates/{certificate.code}/"
    phone.goto(url)
    assert phone.get_by_test_id("certificate-number").inner_text() == certificate.number
    assert phone.get_by_test_id("certificate-name").inner_text() == "王**"
    assert phone.get_by_test_id("certificate-hours").inner_text() == "2.5 小时"
    assert phone.get_by_test_id("certificate-team").inner_text() == team.name
