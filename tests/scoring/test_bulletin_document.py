"""A weekly bulletin from one assessment: DOCX with the ranking table and Chinese text, PDF with the text."""

import io
import subprocess

import pytest

from tests.conftest import build_city, build_units
from tests.documents import pdfcheck
from tests.module_db import module_rows
from tests.regions.factories import person
from tests.scoring.factories import small_city, write_weekly_bulletin
from wenming.documents.render import LINE_PT, MARGIN_BOTTOM_MM, PAGE_HEIGHT_MM
from wenming.regions.models import Role
from wenming.scoring.models import RANKED_KINDS, Bulletin

# One xdist worker takes the whole module (scripts/run-tests.sh: --dist loadgroup), so the world
# below is built once, not once per worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("bulletin-document")]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small city and its 2026-W46 bulletin, written once for the module (rendering the DOCX
    and PDF is the slow part); each test's changes are rolled back after it."""
    directory = tmp_path_factory.mktemp("bulletin")
    with module_rows(django_db_blocker, tmp_path_factory.mktemp("media")):
        with django_db_blocker.unblock():
            units = build_units(build_city())
            admin = person(username="admin", unit=units["office"], role=Role.ADMIN, is_staff=True)
            inspector = person(username="inspector", unit=units["office"], role=Role.INSPECTOR)
            fixture = small_city(units, admin=admin, inspector=inspector)
            paths = write_weekly_bulletin("2026-W46", directory, fixture["framework"].pk)
        yield {"written": (directory, paths), "admin": admin}


@pytest.fixture
def written(world):
    return world["written"]


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


def test_weekly_bulletin_pdf_closes_its_last_page_with_the_colophon(written):
    """The 版记 (印发机关 and 印发日期 between rules) stands at the foot of the last page,
    however much room the 下步工作要求 leave above it (GB/T 9704 §10)."""
    directory, _ = written
    *earlier, last = pdfcheck.page_words((directory / "weekly-2026-W46.pdf").read_bytes())
    printed = [w for w in last if w.text.endswith("印发")]
    text_bottom = (PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM) / 25.4 * 72
    assert printed and text_bottom - LINE_PT / 2 < printed[-1].bottom <= text_bottom + 1
    assert not [w for page in earlier for w in page if w.text.endswith("印发")]


def test_the_bulletin_is_made_once_per_assessment_and_its_numbers_are_frozen(written, tmp_path):
    bulletin = Bulletin.objects.get()
    found = bulletin.figures["cases"]["found"]
    write_weekly_bulletin("2026-W46", tmp_path / "again", bulletin.assessment.framework_id)
    assert Bulletin.objects.count() == 1
    assert Bulletin.objects.get().figures["cases"]["found"] == found


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
    world, written, login
):
    """第N期 counts the published bulletins of the kind in the year; a draft prints 第　期."""
    from urllib.parse import quote

    from django.urls import reverse
    from docx import Document

    from wenming.scoring import services

    admin_user = world["admin"]
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
    write_weekly_bulletin("2026-W47", written[0] / "w47", first.assessment.framework_id)
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


def test_a_long_title_breaks_after_the_period_and_a_single_period_draws_no_trend():
    from wenming.scoring.bulletins import charts, document_title, title_for

    week = {"kind": "weekly", "period_label": "2026年第47周（11月16日—11月22日）"}
    assert document_title(week) == (
        "关于2026年第47周（11月16日—11月22日）\n创建全国文明城市工作情况的周通报"
    )
    assert title_for(week) == document_title(week).replace("\n", "")  # the stored title: one line
    short = {"kind": "weekly", "period_label": "第47周", "framework_purpose": "community"}
    assert "\n" not in document_title(short)
    one_week = {"trend": [{"period": "2026-W47", "on_time_rate": "92.5"}]}
    assert charts({**one_week, "categories": [], "districts": []}) == []
