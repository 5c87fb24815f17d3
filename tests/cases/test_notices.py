"""整改通知书 and 督办单: numbered per year, frozen content, DOCX and PDF with Chinese text and a QR code."""

import io
import logging

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from PIL import Image

from tests.cases.factories import report
from tests.documents import pdfcheck
from wenming.accounts.models import AuditEvent
from wenming.cases import notices
from wenming.cases.errors import CaseInputError
from wenming.cases.events import PhotoIn
from wenming.cases.models import NoticeKind
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db
GUANGMING = "340403001001"


def photo():
    data = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 60, 40)).save(data, "JPEG")
    data.seek(0)
    data.name = "before.jpg"
    return data


@pytest.fixture
def open_cases(inspector, units):
    region = Region.objects.get(code=GUANGMING)
    from django.core.files.base import ContentFile

    first = report(
        inspector,
        region=region,
        unit=units["guangming"],
        description="光明路菜市场门口占道经营",
        photos=[PhotoIn(file=ContentFile(photo().read(), name="before.jpg"))],
    )
    second = report(
        inspector,
        region=region,
        unit=units["guangming"],
        category="乱贴乱画",
        description="楼道小广告",
    )
    return [first, second]


def test_rectification_notice_lists_the_units_open_cases_and_is_numbered(
    coordinator, units, open_cases
):
    notice = notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)
    year = timezone.localdate().year
    assert notice.number == f"淮创城整〔{year}〕1号"
    assert notice.kind == NoticeKind.RECTIFICATION and notice.unit == units["guangming"]
    assert [c["id"] for c in notice.content["cases"]] == sorted(c.pk for c in open_cases)
    assert notice.content["qr_url"].endswith(f"/cases/todo/?unit={units['guangming'].pk}")
    second = notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)
    assert second.number == f"淮创城整〔{year}〕2号"


def test_notice_pdf_renders_chinese_text_with_no_missing_glyph(
    coordinator, units, open_cases, caplog
):
    notice = notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)
    with caplog.at_level(logging.WARNING):
        pdf = notices.render_notice(notice, "pdf")
    assert [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()] == []
    text = pdfcheck.text(pdf)
    for expected in (
        "关于限期整改创建全国文明城市问题的通知",
        "光明路菜市场门口占道经营",
        "楼道小广告",
        notice.number,
        "田家庵区田东街道光明社区居民委员会",
    ):
        assert expected in text, expected
    assert all(pdfcheck.fonts(pdf).values())  # every font embedded
    assert pdfcheck.image_count(pdf) >= 2  # the case photo and the QR code


def test_notice_docx_carries_the_same_content(coordinator, units, open_cases):
    notice = notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)
    document = docx.Document(io.BytesIO(notices.render_notice(notice, "docx")))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert notice.number in text and "楼道小广告" in text


def test_only_the_office_issues_notices_and_a_unit_without_open_cases_gets_none(
    community1, coordinator, units, open_cases
):
    with pytest.raises(PermissionDenied):
        notices.issue_rectification_notice(actor=community1, unit_id=units["guangming"].pk)
    with pytest.raises(CaseInputError):
        notices.issue_rectification_notice(actor=coordinator, unit_id=units["xiangyang"].pk)


def test_units_download_their_own_notices_only_and_downloads_are_audited(
    login, coordinator, community1, community2, units, open_cases
):
    notice = notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)
    client = login(community1)
    page = client.get("/cases/notices/").content.decode()
    assert notice.number in page
    response = client.get(f"/cases/notices/{notice.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="export", object_id=str(notice.pk)).count() == 1
    with pytest.raises(Http404):
        notices.export_notice(actor=community2, notice_id=notice.pk, fmt="pdf")


def test_issuing_from_the_page(login, coordinator, units, open_cases):
    response = login(coordinator).post(
        "/cases/notices/issue/", {"unit": units["guangming"].pk}, follow=True
    )
    assert "已下发整改通知书 淮创城整〔" in response.content.decode()


def test_a_notice_leaves_out_a_problem_past_its_deadline_and_says_so(
    coordinator, units, open_cases
):
    """A 整改通知书 sets deadlines: one already past would be a deadline nobody can meet."""
    late = open_cases[0]
    late.due = timezone.now() - timezone.timedelta(days=1)
    late.save(update_fields=["due"])
    notice = notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)
    assert [c["id"] for c in notice.content["cases"]] == [open_cases[1].pk]
    text = "".join(pdfcheck.text(notices.render_notice(notice, "pdf")).split())
    assert "光明路菜市场门口占道经营" not in text
    assert f"另有1个问题（第{late.pk}号）已超过整改期限" in text


def test_a_unit_whose_problems_are_all_late_is_told_to_use_the_supervision_notice(
    coordinator, units, open_cases
):
    for case in open_cases:
        case.due = timezone.now() - timezone.timedelta(days=1)
        case.save(update_fields=["due"])
    with pytest.raises(CaseInputError, match="均已超过整改期限"):
        notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)


def test_a_notice_has_the_red_head_and_downloads_with_a_chinese_file_name(
    login, coordinator, community1, units, open_cases
):
    from urllib.parse import quote

    from docx.oxml.ns import qn

    notice = notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)
    response = login(community1).get(f"/cases/notices/{notice.pk}.docx")
    assert response.status_code == 200
    name = f"整改通知书 {notice.number} {units['guangming'].name}.docx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"notice-{notice.pk}.docx\"; filename*=UTF-8''{quote(name)}"
    )
    paragraphs = docx.Document(io.BytesIO(response.content)).paragraphs
    head = next(p for p in paragraphs if p.text == notice.content["issuer"])
    assert head.runs[0]._r.rPr.find(qn("w:color")).get(qn("w:val")) == "E60012"
    texts = [p.text for p in paragraphs if p.text]
    assert texts.index(head.text) + 1 == texts.index(notice.number)  # 文号 under the 红头
    assert notice.number.startswith("淮创城整〔") and notice.number.endswith("号")


def test_a_missing_font_refuses_the_pdf_with_a_chinese_message_instead_of_boxes(
    login, coordinator, units, open_cases, monkeypatch
):
    """On a machine without the CJK fonts a PDF would print □ for every character."""
    from wenming.documents import fonts

    real = fonts.font_file

    def without_kai(family):
        if family == fonts.KAI.family:
            raise fonts.FontMissing(family)
        return real(family)

    monkeypatch.setattr(fonts, "font_file", without_kai)
    notice = notices.issue_rectification_notice(actor=coordinator, unit_id=units["guangming"].pk)
    with pytest.raises(fonts.FontMissing, match="缺少字体“AR PL UKai CN”"):
        notices.render_notice(notice, "pdf")
    client = login(coordinator)
    response = client.get(f"/cases/notices/{notice.pk}.pdf", follow=True)
    assert response.redirect_chain[-1][0] == "/cases/notices/"
    assert "缺少字体" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export", object_id=str(notice.pk)).exists()
    assert client.get(f"/cases/notices/{notice.pk}.docx").status_code == 200
