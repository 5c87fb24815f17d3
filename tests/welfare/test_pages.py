"""The 民生台账 pages as each role meets them: scoped lists, masked personal data, the report
page offering the same document as the command line."""

import io
import re

import docx
import pytest
from openpyxl import load_workbook

from tests.welfare.factories import meal_points
from wenming.regions.models import Region
from wenming.welfare import retrofits


@pytest.fixture
def household(welfare_user):
    return retrofits.save_retrofit(
        actor=welfare_user,
        data={
            "region": "340404001201",
            "householder": "赵桂英",
            "address": "王岗村3组18号",
            "work": "卫生间加装扶手",
            "completed_on": "2026-05-06",
            "cost": "3200",
        },
    )


def test_retrofit_page_and_export_never_show_the_name_or_house_number(
    client, household, welfare_user
):
    client.force_login(welfare_user)
    page = client.get("/welfare/retrofits/").content.decode()
    assert "卫生间加装扶手" in page
    assert "赵桂英" not in page and "18号" not in page and "赵**" in page
    data = client.get("/welfare/export/retrofits/").content
    cells = " ".join(
        str(c.value) for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row
    )
    assert "赵桂英" not in cells and "18号" not in cells and "王岗村****" in cells


def test_meal_point_pages_are_scoped_and_outsiders_get_404(client, welfare_xjj, community1):
    mine = meal_points(Region.objects.get(code="340404001201"), 1, prefix="谢家集")[0]
    other = meal_points(Region.objects.get(code="340403001001"), 1, prefix="田家庵")[0]
    client.force_login(welfare_xjj)
    listing = client.get("/welfare/meal-points/").content.decode()
    assert "谢家集0" in listing and "田家庵0" not in listing
    assert client.get(f"/welfare/meal-points/{mine.pk}/").status_code == 200
    assert client.get(f"/welfare/meal-points/{other.pk}/").status_code == 404
    client.force_login(community1)
    assert client.get(f"/welfare/meal-points/{mine.pk}/").status_code == 404


def test_registering_a_meal_point_on_the_page_derives_urban_or_rural(client, welfare_user):
    client.force_login(welfare_user)
    response = client.post(
        "/welfare/meal-points/new/",
        {"name": "王岗村助餐点", "region": "340404001201", "status": "operating", "capacity": "20"},
    )
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert re.search(r'data-testid="area">农村', detail)
    bad = client.post(
        "/welfare/meal-points/new/", {"name": "x", "region": "999", "status": "operating"}
    )
    assert bad.status_code == 422 and "不存在或不在您的管理范围内" in bad.content.decode()


def test_the_report_page_opens_edits_and_downloads_the_unit_report(client, dept, units):
    meal_points(Region.objects.get(code="340403001001"), 2)
    client.force_login(dept)
    response = client.post("/reports/", {"period": "2026"})
    assert response.status_code == 302
    edit = response.url
    page = client.get(edit).content.decode()
    assert "淮南市民政局关于2026年创建全国文明城市工作落实情况的报告" in page
    assert "民生台账·老年食堂（助餐点）" in page  # the sources beside the prose
    docx_response = client.get(edit + "download/docx/")
    assert docx_response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_response.content)).paragraphs)
    assert "全市共建成老年食堂(助餐点)2家,其中,城市老年食堂2家,农村老年食堂0家" in text
    assert client.get(edit + "download/pdf/").content.startswith(b"%PDF")


def test_a_unit_cannot_open_another_units_report_but_the_coordinator_can_open_the_citys(
    client, dept, community1, coordinator
):
    client.force_login(dept)
    own = client.post("/reports/", {"period": "2026"}).url
    client.force_login(community1)
    assert client.get(own).status_code == 404
    refused = client.post("/reports/", {"unit": "市民政局", "period": "2026"})
    assert refused.status_code == 404
    client.force_login(coordinator)
    city = client.post("/reports/", {"city": "on", "period": "2026-Q4"})
    assert city.status_code == 302
    assert "淮南市关于2026年第四季度" in client.get(city.url).content.decode()


@pytest.mark.django_db
def test_the_overview_states_meal_points_in_家(client, welfare_user):
    meal_points(Region.objects.get(code="340403001001"), 2, prefix="光明")
    client.force_login(welfare_user)
    page = client.get("/welfare/").content.decode()
    assert re.search(r'data-testid="meal-total">2</span> <small class="fs-6">家</small>', page)
