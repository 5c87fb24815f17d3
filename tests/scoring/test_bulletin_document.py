"""A weekly bulletin from one assessment: DOCX with the ranking table and Chinese text, PDF with the text."""

import io
import subprocess

import pytest
from django.core.management import call_command

from tests.scoring.factories import small_city
from wenming.scoring.models import RANKED_KINDS, Bulletin

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(units, admin_user, inspector, tmp_path):
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    out = io.StringIO()
    call_command(
        "bulletin",
        "--kind",
        "weekly",
        "--period",
        "2026-W46",
        "--out",
        str(tmp_path),
        "--framework",
        str(fixture["framework"].pk),
        stdout=out,
    )
    return tmp_path, out.getvalue().split()


def test_weekly_bulletin_docx_has_the_rankings_table_and_chinese_text(written):
    from docx import Document

    directory, paths = written
    assert sorted(p.rsplit(".", 1)[1] for p in paths) == ["docx", "pdf"]
    document = Document(str(directory / "weekly-2026-W46.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "周通报" in text and "总体情况" in text and "下步工作要求" in text
    assert "2026年第46周" in text
    # The 红黑榜 rule is stated in words next to the lists, from the one function pages use too.
    assert "红榜：综合得分不低于80分的前3名" in text and "黑榜：综合得分低于60分" in text
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    rankings = [t for t in tables if t[0][:2] == ["名次", "单位"]]
    figures = Bulletin.objects.get().figures["rankings"]
    ordered = [figures[kind] for kind in RANKED_KINDS]  # jsonb does not keep the keys' order
    expected = [
        [[str(r["rank"]), r["name"], r["composite"]] for r in rows] for rows in ordered if rows
    ]
    assert [[row[:3] for row in table[1:]] for table in rankings] == expected
    assert len(document.inline_shapes) >= 2  # the charts


def test_weekly_bulletin_pdf_has_the_text(written):
    directory, _ = written
    text = subprocess.run(
        ["pdftotext", str(directory / "weekly-2026-W46.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\n", "")
    assert "总体情况" in text and "考核排名" in text and "红黑榜" in text
    rankings = Bulletin.objects.get().figures["rankings"]
    first = next(rankings[kind][0]["name"] for kind in RANKED_KINDS if rankings[kind])
    assert first in text


def test_the_bulletin_is_made_once_per_assessment_and_its_numbers_are_frozen(
    written, units, admin_user, tmp_path
):
    bulletin = Bulletin.objects.get()
    found = bulletin.figures["cases"]["found"]
    call_command(
        "bulletin",
        "--kind",
        "weekly",
        "--period",
        "2026-W46",
        "--out",
        str(tmp_path / "again"),
        "--framework",
        str(bulletin.assessment.framework_id),
        stdout=io.StringIO(),
    )
    assert Bulletin.objects.count() == 1
    assert Bulletin.objects.get().figures["cases"]["found"] == found


def test_exposed_cases_appear_with_their_photo(units, admin_user, inspector, tmp_path, settings):
    import io as _io

    from django.core.files.base import ContentFile
    from docx import Document
    from PIL import Image as PILImage

    from tests.scoring.factories import at, case
    from wenming.cases.models import CasePhoto

    settings.MEDIA_ROOT = str(tmp_path / "media")
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    exposed = case(
        units["guangming"].region_id,
        units["guangming"],
        created=at(11, 1),
        overdue_from=at(11, 5),
        category="占道经营",
    )
    exposed.exposed_at = at(11, 12)
    exposed.save()
    buffer = _io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG")
    photo = CasePhoto(case=exposed, kind="before")
    photo.image.save("before.jpg", ContentFile(buffer.getvalue()))
    call_command(
        "bulletin",
        "--kind",
        "weekly",
        "--period",
        "2026-W47",
        "--out",
        str(tmp_path),
        "--framework",
        str(fixture["framework"].pk),
        stdout=io.StringIO(),
    )
    figures = Bulletin.objects.get().figures
    assert [(c["case_id"], c["category"]) for c in figures["exposed"]] == [(exposed.pk, "占道经营")]
    assert figures["exposed"][0]["photos"]
    document = Document(str(tmp_path / "weekly-2026-W47.docx"))
    table = next(
        t for t in document.tables if t.rows[0].cells[0].text == "序号" and len(t.columns) == 5
    )
    assert "占道经营" in table.rows[1].cells[2].text
    assert table.rows[1].cells[4]._element.xpath(".//pic:pic")  # the photo sits in the table


def test_the_overall_sentence_states_each_rate_with_the_counts_it_divides(written):
    """总体情况 names the base of 按期整改率 and 一次复核通过率, and the printed numbers agree."""
    import re
    from decimal import ROUND_HALF_UP, Decimal

    from docx import Document

    directory, _ = written
    text = "\n".join(p.text for p in Document(str(directory / "weekly-2026-W46.docx")).paragraphs)
    cases = Bulletin.objects.get().figures["cases"]
    due = cases["closed"] + cases["overdue_open"]
    assert cases["due"] == due and due > 0
    assert f"本期应按期整改问题{due}个（本期整改完成{cases['closed']}个" in text
    found = re.search(r"其中按期整改(\d+)个，按期整改率([\d.]+)%（(\d+)÷(\d+)）", text)
    assert found, text
    on_time, rate, numerator, denominator = found.groups()
    assert on_time == numerator == str(cases["closed_on_time"]) and denominator == str(due)
    expected = (Decimal(int(on_time)) * 100 / due).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert Decimal(rate) == expected == Decimal(cases["on_time_rate"])
    first = re.search(r"整改完成的(\d+)个问题中一次复核通过(\d+)个，一次复核通过率([\d.]+)%", text)
    assert (
        first
        and first.group(1) == str(cases["closed"])
        and first.group(2) == str(cases["first_pass"])
    )
    assert Decimal(first.group(3)) == (
        Decimal(cases["first_pass"]) * 100 / cases["closed"]
    ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _publish(bulletin, admin_user):
    from wenming.scoring import services

    services.approve_bulletin(actor=admin_user, bulletin_id=bulletin.pk)
    return services.publish_bulletin(actor=admin_user, bulletin_id=bulletin.pk)


def test_a_published_bulletin_is_issue_n_of_its_series_and_downloads_with_a_chinese_name(
    written, units, admin_user, login
):
    """第N期 counts the published bulletins of the kind in the year; a draft prints 第　期."""
    from urllib.parse import quote

    from django.urls import reverse
    from docx import Document

    from wenming.scoring import services

    first = Bulletin.objects.get()
    draft_text = [
        p.text
        for p in Document(
            io.BytesIO(services.export_bulletin(actor=admin_user, bulletin=first, fmt="docx"))
        ).paragraphs
        if p.text
    ]
    assert draft_text[:2] == ["创建全国文明城市工作通报", "第　期"]
    _publish(first, admin_user)
    call_command(
        "bulletin",
        "--kind",
        "weekly",
        "--period",
        "2026-W47",
        "--out",
        str(written[0] / "w47"),
        "--framework",
        str(first.assessment.framework_id),
        stdout=io.StringIO(),
    )
    second = _publish(Bulletin.objects.exclude(pk=first.pk).get(), admin_user)
    response = login(admin_user).get(reverse("scoring:bulletin_download", args=[second.pk, "docx"]))
    assert response.status_code == 200
    year = second.published_at.astimezone().year
    name = f"创建全国文明城市工作通报 {year}年第2期 {second.title}.docx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"bulletin-{second.pk}.docx\"; filename*=UTF-8''{quote(name)}"
    )
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text]
    assert texts[:2] == ["创建全国文明城市工作通报", "第2期"]
    assert texts[2].split("\t")[0] == second.figures["issuer"]


def test_charts_name_periods_in_words_and_draw_no_empty_bars():
    from wenming.scoring.bulletins import charts

    figures = {
        "trend": [
            {"period": "2026-W46", "on_time_rate": "80.0"},
            {"period": "2026-W47", "on_time_rate": "92.5"},
        ],
        "categories": [
            {"category": "占道经营", "found": 3, "closed": 1},
            {"category": "乱贴乱画", "found": 0, "closed": 0},
        ],
        "districts": [
            {"name": "田家庵区", "found": 0, "closed": 2},
            {"name": "大通区", "found": 0, "closed": 0},
        ],
    }
    trend, by_category, by_district = charts(figures)
    assert trend.categories == ["第46周", "第47周"]
    assert by_category.categories == ["占道经营"]
    assert by_district.categories == ["田家庵区"]
