"""完整排名: the page states the components, weights and formula of 综合得分, folds long lists per
kind, and its xlsx export holds exactly the page's rows (formula-safe, audited)."""

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.scoring.factories import small_city
from wenming.accounts.models import AuditEvent
from wenming.periods import parse_period
from wenming.scoring import views
from wenming.scoring.services import assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(units, admin_user, inspector):
    data = small_city(units, admin=admin_user, inspector=inspector)
    return assess(
        actor=None, framework=data["framework"], period=parse_period("2026-W46")
    ).assessment


def _page_rows(html: str) -> list[list[str]]:
    rows = re.findall(r'<tr data-testid="ranking-row">(.*?)</tr>', html, re.S)
    return [
        [unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows
    ]


def test_the_page_explains_the_composite_and_the_export_matches_it(assessment, login, coordinator):
    client = login(coordinator)
    html = client.get(reverse("scoring:assessment_detail", args=[assessment.pk])).content.decode()
    assert "综合得分 = Σ（分项 × 权重）÷ Σ（有数据的分项的权重）" in html
    assert "测评得分率：权重 50" in html and "返工率：权重 5，按 100 − 值计" in html
    assert "0.00 / 0.00" not in html
    shown = _page_rows(html)
    assert len(shown) == assessment.rows.count()
    response = client.get(reverse("scoring:assessment_export", args=[assessment.pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    book = load_workbook(io.BytesIO(response.content))
    *rankings, method = book.worksheets
    exported = [
        ["" if v is None else str(v) for v in row]
        for ws in rankings
        for row in ws.iter_rows(min_row=2, values_only=True)
    ]
    assert sorted(exported) == sorted(shown)
    header = [c.value for c in rankings[0][1]]
    assert header[:4] == ["名次", "单位", "综合得分", "测评得分率"]
    assert method.title == "计算方法" and ["测评得分率", 50, "按值计"] in [
        list(r) for r in method.iter_rows(min_row=2, values_only=True)
    ]
    assert AuditEvent.objects.filter(action="export", summary__startswith="导出考核排名").exists()


def test_a_long_list_is_folded_and_one_kind_pages(assessment, login, coordinator, monkeypatch):
    monkeypatch.setattr(views, "RANKING_FOLDED", 1)
    monkeypatch.setattr(views, "RANKING_PAGE", 1)
    client = login(coordinator)
    url = reverse("scoring:assessment_detail", args=[assessment.pk])
    html = client.get(url).content.decode()
    kinds = assessment.rows.values("kind").distinct().count()
    assert len(_page_rows(html)) == kinds and 'data-testid="ranking-expand"' in html
    kind = assessment.rows.values_list("kind", flat=True).first()
    one = client.get(url, {"kind": kind, "page": 1}).content.decode()
    assert len(_page_rows(one)) == 1
    if assessment.rows.filter(kind=kind).count() > 1:
        assert 'data-testid="next-page"' in one


def test_a_community_exports_only_its_own_rows(assessment, login, community1):
    response = login(community1).get(reverse("scoring:assessment_export", args=[assessment.pk]))
    book = load_workbook(io.BytesIO(response.content))
    names = [
        row[1] for ws in book.worksheets[:-1] for row in ws.iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["光明社区"]
