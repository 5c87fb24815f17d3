"""志愿服务证明: numbered, DOCX + PDF, a QR code that leads to the public verification page."""

import io
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone
from PIL import Image

from tests.volunteers import factories as f
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import RecordSource, ServiceRecord
from wenming.volunteers.services import certificates


@pytest.fixture
def served(network):
    event = f.activity(network["team"], start=timezone.now() - timedelta(days=3))
    ServiceRecord.objects.create(
        activity=event,
        volunteer=network["alice"],
        team=network["team"],
        region_id=event.region_id,
        service_date=timezone.localdate(event.starts_at),
        hours=Decimal("2.5"),
        source=RecordSource.MANUAL,
    )
    return event


def qr_payloads(pdf: bytes) -> list[str]:
    import zxingcpp

    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            picture = Image.open(io.BytesIO(image.data)).convert("L")
            found += [r.text for r in zxingcpp.read_barcodes(picture)]
    return found


def test_only_the_teams_manager_certifies_its_own_records(network, served, coordinator):
    today = timezone.localdate()
    with pytest.raises(Exception) as refused:
        certificates.issue_certificate(
            actor=coordinator,
            team=network["team"],
            volunteer=network["alice"],
            period_start=today - timedelta(days=30),
            period_end=today,
        )
    assert refused.type.__name__ == "PermissionDenied"


def test_no_records_no_certificate(network, community1):
    today = timezone.localdate()
    with pytest.raises(VolunteerError):
        certificates.issue_certificate(
            actor=community1,
            team=network["team"],
            volunteer=network["bob"],
            period_start=today - timedelta(days=30),
            period_end=today,
        )


def test_certificate_pdf_qr_leads_to_its_verification_page(
    network, served, community1, login, client, settings
):
    settings.WENMING_SITE_URL = "https://wenming.example.cn"
    today = timezone.localdate()
    certificate = certificates.issue_certificate(
        actor=community1,
        team=network["team"],
        volunteer=network["alice"],
        period_start=today - timedelta(days=30),
        period_end=today,
    )
    assert certificate.number == f"淮志证〔{today.year}〕1号"
    staff = login(community1)
    pdf = staff.get(f"/volunteers/certificates/{certificate.pk}.pdf")
    docx = staff.get(f"/volunteers/certificates/{certificate.pk}.docx")
    assert pdf.status_code == docx.status_code == 200
    (url,) = qr_payloads(pdf.content)
    assert url == f"https://wenming.example.cn/public/volunteers/certificates/{certificate.code}/"
    client.logout()
    page = client.get(url.removeprefix("https://wenming.example.cn")).content.decode()
    assert certificate.number in page and "王**" in page and "2.5 小时" in page
    assert "光明社区党员志愿服务队" in page and "王小红" not in page


def test_an_unknown_number_says_so(client, db):
    response = client.get("/public/volunteers/verify/", {"number": "淮志证〔2026〕999号"})
    assert response.status_code == 404
    assert "查无此证明" in response.content.decode()
    assert client.get("/public/volunteers/certificates/nosuchcode/").status_code == 404
