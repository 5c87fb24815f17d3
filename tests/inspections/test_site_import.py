"""Importing sites from xlsx: regions by code or name, units by full or short name, all errors at once."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from wenming.accounts.models import AuditEvent
from wenming.inspections import services
from wenming.inspections.models import Site
from wenming.sheets import SheetRejected

pytestmark = pytest.mark.django_db

HEADER = ["点位名称", "点位类型", "所在区划", "责任单位", "地址", "纬度", "经度"]


def workbook(rows, *, title_rows=()):
    wb = Workbook()
    ws = wb.active
    ws.title = "点位"
    for row in title_rows:
        ws.append(row)
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = [
    [
        "光明农贸市场",
        "农贸市场",
        "340403001001",
        "光明社区",
        "田东街道光明路 8 号",
        32.6401,
        117.0102,
    ],
    [
        "向阳巷",
        "背街小巷",
        "向陽社區",
        "田家庵区田东街道向阳社区居民委员会",
        "",
        "32.6452",
        "117.0153",
    ],
    ["育才小学周边", "学校周边", "育才社区", "", "", 32.6001, 116.8602],
]


def test_good_rows_create_sites_with_region_by_code_or_name_and_unit_by_short_or_full_name(
    coordinator, units
):
    summary = services.import_sites(
        actor=coordinator,
        data=workbook(GOOD, title_rows=[["淮南市创城点位表"]]),
        filename="sites.xlsx",
    )
    assert (summary.created, summary.updated) == (3, 0)
    market = Site.objects.get(name="光明农贸市场")
    assert (
        market.unit == units["guangming"]
        and market.region_id == "340403001001"
        and str(market.latitude) == "32.640100"
    )
    alley = Site.objects.get(name="向阳巷")
    assert alley.region_id == "340403001002" and alley.unit == units["xiangyang"]
    assert Site.objects.get(name="育才小学周边").unit is None
    assert AuditEvent.objects.filter(action="import").count() == 1


def test_importing_again_updates_instead_of_duplicating(coordinator, units):
    services.import_sites(actor=coordinator, data=workbook(GOOD))
    changed = [row[:] for row in GOOD]
    changed[0][4] = "田东街道光明路 10 号"
    summary = services.import_sites(actor=coordinator, data=workbook(changed))
    assert (summary.created, summary.updated) == (0, 1)
    assert (
        Site.objects.count() == 3
        and Site.objects.get(name="光明农贸市场").address == "田东街道光明路 10 号"
    )


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_saved(coordinator, units):
    rows = [
        GOOD[0],
        ["", "菜市场", "999999999999", "不存在的单位", "", "117.01", "32.64"],
        ["光明农贸市场", "农贸市场", "340403001001", "", "", "abc", 117.0],
    ]
    with pytest.raises(SheetRejected) as rejected:
        services.import_sites(actor=coordinator, data=workbook(rows))
    where = {(e.row, e.column) for e in rejected.value.errors}
    assert {(3, "A"), (3, "B"), (3, "C"), (3, "D"), (3, "F"), (3, "G"), (4, "A"), (4, "F")} <= where
    messages = " ".join(str(e) for e in rejected.value.errors)
    assert "第 3 行" in messages and "填反" in messages and "与第 2 行重复" in messages
    assert not Site.objects.exists()


def test_an_ambiguous_region_name_asks_for_the_code(coordinator, units):
    from wenming.regions.models import Region

    Region.objects.create(
        code="340404001002", name="光明社区", level="village", parent_id="340404001000"
    )
    with pytest.raises(SheetRejected) as rejected:
        services.import_sites(
            actor=coordinator, data=workbook([["某点位", "社区", "光明社区", "", "", 32.6, 117.0]])
        )
    assert "请改填区划代码" in rejected.value.errors[0].message


def test_a_region_outside_the_importers_scope_is_refused(units, community1):
    from tests.regions.factories import person
    from wenming.inspections import permissions
    from wenming.regions.models import Role

    street_coordinator = person(
        username="street_coord", unit=units["tiandong"], role=Role.COORDINATOR
    )
    assert permissions.can(street_coordinator, permissions.MANAGE_SITES)
    with pytest.raises(SheetRejected) as rejected:
        services.import_sites(actor=street_coordinator, data=workbook([GOOD[2]]))
    assert rejected.value.errors[0].column == "C"


def test_import_page_lists_the_errors_and_liaisons_may_not_import(
    coordinator, community1, login, units
):
    client = login(coordinator)
    bad = workbook([["光明农贸市场", "农贸市场", "340403001001", "", "", "", 117.0]])
    response = client.post(
        reverse("inspections:site_import"), {"file": SimpleUploadedFile("sites.xlsx", bad)}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "未保存任何数据" in body and "<td>F</td>" in body
    good = client.post(
        reverse("inspections:site_import"),
        {"file": SimpleUploadedFile("sites.xlsx", workbook(GOOD))},
    )
    assert good.status_code == 200 and "新增点位 3 个" in good.content.decode()
    assert login(community1).get(reverse("inspections:site_import")).status_code == 403


def test_a_file_that_is_not_xlsx_is_refused_by_content(coordinator, login):
    client = login(coordinator)
    response = client.post(
        reverse("inspections:site_import"),
        {"file": SimpleUploadedFile("sites.xlsx", b"%PDF-1.4 fake")},
    )
    assert response.status_code == 422 and not Site.objects.exists()
