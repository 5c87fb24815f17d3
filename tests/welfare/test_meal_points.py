"""Meal points: registered by hand or from xlsx (every bad cell named, nothing saved), urban or
rural from the region code, exported masked and formula-safe, scoped like everything else."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from tests.welfare.factories import meal_points
from wenming.accounts.models import AuditEvent
from wenming.periods import parse_period
from wenming.regions.models import Region
from wenming.sheets import SheetRejected
from wenming.welfare import meals, selectors
from wenming.welfare.models import MealCount, MealPoint


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["淮南市老年食堂（助餐点）登记表"])  # a title row above the header
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


HEADER = ["名称", "运营主体", "区划代码", "就餐座位", "开办日期", "状态"]


def test_import_saves_every_row_and_urban_rural_comes_from_the_region(welfare_user):
    data = _xlsx(
        [
            HEADER,
            ["光明社区老年食堂", "光明社区居委会", "340403001001", 40, "2025-03-01", "运营中"],
            ["王岗村老年助餐点", "村集体", "340404001201", "30", "2024/6/1", ""],
        ]
    )
    result = meals.import_meal_points(actor=welfare_user, data=data, filename="a.xlsx")
    assert (result.created, result.updated) == (2, 0)
    areas = {p.name: p.area_label for p in MealPoint.objects.select_related("region")}
    assert areas == {"光明社区老年食堂": "城市", "王岗村老年助餐点": "农村"}
    again = meals.import_meal_points(actor=welfare_user, data=data, filename="a.xlsx")
    assert (again.created, again.updated) == (0, 2)


def test_import_with_bad_cells_names_row_and_column_and_saves_nothing(welfare_user):
    data = _xlsx(
        [
            HEADER,
            ["光明社区老年食堂", "", "340403001001", 40, "2025-03-01", "运营中"],
            ["坏座位", "", "340403001001", "四十", "2025-03-01", ""],
            ["坏区划", "", "999999999999", 10, "", ""],
            ["坏日期", "", "340403001001", 10, "明年", "营业"],
        ]
    )
    with pytest.raises(SheetRejected) as rejected:
        meals.import_meal_points(actor=welfare_user, data=data, filename="a.xlsx")
    where = {(e.row, e.column) for e in rejected.value.errors}
    assert (4, "D") in where  # 第4行 D列: 就餐座位 not a number
    assert (5, "C") in where  # 第5行 C列: no such region
    assert {(6, "E"), (6, "F")} <= where  # both bad cells of one row are named
    assert "第 4 行" in str(rejected.value.errors[0])
    assert MealPoint.objects.count() == 0


def test_counts_and_elderly_served_feed_the_period_figures(welfare_user):
    region = Region.objects.get(code="340403001001")
    point = meal_points(region, 1)[0]
    meals.record_meal_count(
        actor=welfare_user,
        meal_point_id=point.pk,
        kind="month",
        day="2026-11-15",
        diners=900,
        elderly_served=120,
    )
    meals.record_meal_count(
        actor=welfare_user,
        meal_point_id=point.pk,
        kind="day",
        day="2026-10-03",
        diners=30,
    )
    assert MealCount.objects.get(kind="month").day == date(2026, 11, 1)
    figures = selectors.meal_figures(prefix="3404", period=parse_period("2026"))
    assert (figures.total, figures.urban, figures.rural) == (1, 1, 0)
    assert figures.diners == 930 and figures.elderly_served == 120
    empty = selectors.meal_figures(prefix="3404", period=parse_period("2025-06"))
    assert empty.diners is None and empty.elderly_served is None  # no data, not 0


def test_counts_import_names_an_unknown_meal_point(welfare_user):
    data = _xlsx(
        [["助餐点", "区划代码", "月份", "就餐人次"], ["不存在", "340403001001", "2026-11", 5]]
    )
    with pytest.raises(SheetRejected) as rejected:
        meals.import_meal_counts(actor=welfare_user, data=data, filename="c.xlsx")
    assert rejected.value.errors[0].row == 3 and rejected.value.errors[0].column == "A"


def test_counts_import_names_every_bad_cell_of_a_row(welfare_user):
    data = _xlsx(
        [["助餐点", "区划代码", "月份", "就餐人次"], ["不存在", "340403001001", "下个月", "五"]]
    )
    with pytest.raises(SheetRejected) as rejected:
        meals.import_meal_counts(actor=welfare_user, data=data, filename="c.xlsx")
    assert {(e.row, e.column) for e in rejected.value.errors} == {(3, "A"), (3, "C"), (3, "D")}


def test_export_is_formula_safe_and_audited(welfare_user):
    region = Region.objects.get(code="340403001001")
    MealPoint.objects.create(name="=HYPERLINK(1)", operator="+cmd", region=region)
    data = meals.export_meal_points(actor=welfare_user)
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A2"].value == "'=HYPERLINK(1)" and ws["B2"].value == "'+cmd"
    assert ws["E2"].value == "城市"
    assert AuditEvent.objects.filter(action="export", summary__contains="助餐点").exists()


def test_a_district_worker_sees_only_the_district_and_a_community_only_its_own(
    welfare_xjj, community1
):
    meal_points(Region.objects.get(code="340403001001"), 2, prefix="田家庵")
    meal_points(Region.objects.get(code="340404001201"), 3, prefix="谢家集")
    assert selectors.meal_points_visible_to(welfare_xjj).count() == 3
    assert selectors.meal_points_visible_to(community1).count() == 2
    other = MealPoint.objects.filter(name__startswith="田家庵").first()
    with pytest.raises(Exception) as missing:
        selectors.get_meal_point_for(welfare_xjj, other.pk)
    assert missing.typename == "Http404"


def test_coverage_by_town_counts_every_meal_point_and_the_covered_communities(welfare_user):
    meal_points(Region.objects.get(code="340403001001"), 3, prefix="光明")
    towns = {t.name: t for t in selectors.coverage_by_town(welfare_user, on=date(2026, 11, 30))}
    tiandong = towns["田东街道"]
    assert (tiandong.communities, tiandong.covered, tiandong.points) == (2, 1, 3)
    assert tiandong.rate == 50
    assert towns["谢家集街道"].points == 0
