"""Lists a user sends on download as xlsx: the cases board (its filter), the task list, with
Chinese file names, formula-safe cells, an audit row, and nothing outside the user's scope."""

import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from tests.cases.factories import report
from tests.scoring.factories import small_framework, task
from wenming.accounts.models import AuditEvent
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


def _rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def cases(inspector, units):
    guangming = Region.objects.get(code="340403001001")
    return [
        report(inspector, region=guangming, unit=units["guangming"], description="=HYPERLINK(1)"),
        report(
            inspector,
            region=guangming,
            unit=units["guangming"],
            category="乱贴乱画",
            description="楼道小广告",
        ),
        report(inspector, region=units["yucai"].region, unit=units["yucai"], description="育才路"),
    ]


def test_the_case_board_exports_exactly_its_filtered_list(login, coordinator, cases):
    response = login(coordinator).get("/cases/export/", {"category": "乱贴乱画"})
    assert response.status_code == 200
    assert "filename*=UTF-8''" + quote("问题清单-") in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:3] == ["编号", "状态", "类别"]
    assert [row[0] for row in rows[1:]] == [cases[1].pk]
    everything = _rows(login(coordinator).get("/cases/export/"))
    assert sorted(row[0] for row in everything[1:]) == sorted(c.pk for c in cases)
    formula = next(row for row in everything[1:] if row[0] == cases[0].pk)
    assert formula[5] == "'=HYPERLINK(1)"  # shown as text, never evaluated
    assert (
        AuditEvent.objects.filter(action="export", summary__startswith="导出问题清单").count() == 2
    )


def test_the_board_offers_the_export_with_its_filter_and_units_may_not_export(
    login, coordinator, community1, cases
):
    page = login(coordinator).get("/cases/", {"category": "乱贴乱画"}).content.decode()
    assert 'href="/cases/export/?category=' in page
    assert login(community1).get("/cases/export/").status_code == 403


def test_the_task_list_exports_its_filtered_rows(login, coordinator, community1, units):
    tree = small_framework()
    mine = task(tree["A1"], units["guangming"])
    task(tree["A1"], units["yucai"])
    response = login(coordinator).get("/framework/tasks/export/", {"unit": mine.unit_id})
    assert response.status_code == 200
    assert "filename*=UTF-8''" + quote("任务清单-") in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:4] == ["指标编号", "指标", "任务", "责任单位"]
    assert [row[3] for row in rows[1:]] == [units["guangming"].name]
    page = login(coordinator).get("/framework/tasks/", {"unit": mine.unit_id}).content.decode()
    assert f'href="/framework/tasks/export/?unit={mine.unit_id}"' in page
    assert login(community1).get("/framework/tasks/export/").status_code == 403
