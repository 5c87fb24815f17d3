"""Importing a framework from the tables offices actually make."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.framework.factories import tree_dump, xlsx
from wenming.accounts.models import AuditEvent
from wenming.framework import services
from wenming.framework.models import Framework, Indicator
from wenming.sheets import SheetRejected

HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "测评内容",
    "测评方法",
    "分值",
    "牵头单位",
    "责任单位",
]
SIMPLIFIED = [
    HEADER,
    [
        "公共秩序（6分）",
        "交通秩序（4分）",
        "路口通行",
        "机动车礼让行人。",
        "实地考察",
        2,
        "市交警支队",
        "各区人民政府",
    ],
    [
        "公共秩序（6分）",
        "交通秩序（4分）",
        "车辆停放",
        "车辆有序停放。",
        "实地考察",
        2,
        "市公安局",
        "田东街道、光明社区",
    ],
    [
        "公共秩序（6分）",
        "市场秩序（2分）",
        "农贸市场",
        "划行归市，环境整洁。",
        "实地考察",
        2,
        "淮南市民政局",
        "各社区",
    ],
    ["民生服务（4分）", "养老服务", "老年助餐", "助餐点覆盖城乡。", "数据指标", 4, "市民政局", ""],
]
# The same table as another office would send it: a title and a spacer row above the header,
# traditional characters, header aliases, merged hierarchy cells, full-width digits and commas,
# a blank spacer row between the data rows.
TRADITIONAL = [
    ["一級指標", "二級指標", "測評項目", "測評標準", "測評方式", "分數", "牽頭單位", "配合單位"],
    [
        "公共秩序（６分）",
        "交通秩序（４分）",
        "路口通行",
        "機動車禮讓行人。",
        "實地考察",
        "２",
        "市交警支隊",
        "各區人民政府",
    ],
    [
        None,
        None,
        "車輛停放",
        "車輛有序停放。",
        "實地考察",
        "２分",
        "淮南市公安局",
        "田東街道，光明社區",
    ],
    [],
    [
        None,
        "市場秩序（２分）",
        "農貿市場",
        "劃行歸市，環境整潔。",
        "實地考察",
        "2",
        "市民政局",
        "各社區",
    ],
    [
        "民生服務（4分）",
        "養老服務",
        "老年助餐",
        "助餐點覆蓋城鄉。",
        "數據指標",
        "４",
        "市民政局",
        "",
    ],
]


def import_rows(rows, **kwargs) -> Framework:
    return services.import_framework(actor=None, data=xlsx(rows, **kwargs), filename="table.xlsx")


def test_simplified_table_imports_into_the_tree_it_describes(units):
    framework = import_rows(SIMPLIFIED, title="淮南市创建全国文明城市测评体系任务分解表")
    assert framework.name == "淮南市创建全国文明城市测评体系任务分解表"
    tree = {i.code: i for i in Indicator.objects.filter(framework=framework)}
    assert [(c, tree[c].name, tree[c].points) for c in sorted(tree)] == [
        ("1", "公共秩序", Decimal(6)),
        ("1.1", "交通秩序", Decimal(4)),
        ("1.1.1", "路口通行", Decimal(2)),
        ("1.1.2", "车辆停放", Decimal(2)),
        ("1.2", "市场秩序", Decimal(2)),
        ("1.2.1", "农贸市场", Decimal(2)),
        ("2", "民生服务", Decimal(4)),
        ("2.1", "养老服务", Decimal(4)),
        ("2.1.1", "老年助餐", Decimal(4)),
    ]
    crossing = tree["1.1.1"]
    assert crossing.method == "inspection" and crossing.lead_unit == units["traffic"]
    # 各区人民政府 expands to every district government.
    assert set(crossing.co_units.all()) == {units["tja_gov"], units["xjj_gov"]}
    assert set(tree["1.1.2"].co_units.all()) == {units["tiandong"], units["guangming"]}
    assert set(tree["1.2.1"].co_units.all()) == {
        units["guangming"],
        units["xiangyang"],
        units["yucai"],
    }
    assert tree["2.1.1"].method == "metric" and tree["2.1.1"].lead_unit == units["civil"]


def test_traditional_merged_full_width_table_imports_into_the_same_tree_as_its_simplified_twin(
    units,
):
    simplified = import_rows(SIMPLIFIED)
    traditional = import_rows(
        TRADITIONAL,
        title="淮南市創建全國文明城市測評體系任務分解表",
        blank_rows_after_title=1,
        merges=["A4:A7", "B4:B5"],
    )
    assert tree_dump(traditional) == tree_dump(simplified)
    assert traditional.name == "淮南市创建全国文明城市测评体系任务分解表"


def test_one_bad_row_saves_nothing_and_names_the_row(units):
    rows = [list(r) for r in SIMPLIFIED]
    rows[3][5] = "两分"
    with pytest.raises(SheetRejected) as rejected:
        import_rows(rows, title="标题")
    assert Framework.objects.count() == 0 and Indicator.objects.count() == 0
    [error] = rejected.value.errors
    assert (error.sheet, error.row, error.column) == ("测评体系", 5, "F")
    assert "两分" in error.message
    assert str(error).startswith("工作表“测评体系”，第 5 行，F 列：")


def test_every_bad_row_is_listed_at_once(units):
    rows = [list(r) for r in SIMPLIFIED]
    rows[1][4] = "看一看"  # unknown method
    rows[2][6] = "市宣传部"  # unknown unit
    rows[3][7] = "各社区、市不存在局、市也没有局"  # two unknown names in one cell
    rows[4][5] = ""  # points missing
    with pytest.raises(SheetRejected) as rejected:
        import_rows(rows)
    found = {(e.row, e.column) for e in rejected.value.errors}
    assert found == {(2, "E"), (3, "G"), (4, "H"), (5, "F")}
    unknown = next(e for e in rejected.value.errors if e.row == 4)
    assert "市不存在局、市也没有局" in unknown.message
    assert Framework.objects.count() == 0


def test_a_short_name_two_units_share_must_be_written_in_full(units):
    from tests.regions.factories import UnitFactory

    UnitFactory(
        name="谢家集区谢家集街道光明社区居民委员会",
        short_name="光明社区",
        kind="community",
        region=units["yucai"].region,
    )
    rows = [["一级指标", "分值", "牵头单位"], ["社区服务", 1, "光明社区"]]
    with pytest.raises(SheetRejected) as rejected:
        import_rows(rows)
    assert "简称对应多个单位，请写全称：光明社区" in rejected.value.errors[0].message
    rows[1][2] = "田家庵区田东街道光明社区居民委员会"
    framework = import_rows(rows)
    assert Indicator.objects.get(framework=framework).lead_unit == units["guangming"]


def test_several_rows_under_one_indicator_become_its_items_named_by_content(units):
    rows = [
        ["测评项目", "测评内容", "测评方法", "分值", "牵头单位"],
        ["1.1 未成年人活动场所", "社区建有活动场所。有人管理。", "实地考察", 2, "市民政局"],
        [None, "每周开放不少于三次", "网上申报", 1, "市民政局"],
        ["1.2 校园周边", "无无证摊点", "实地考察", 1, "市公安局"],
    ]
    framework = import_rows(rows, merges=["A2:A3"])
    tree = [
        (i.code, i.name, i.points, i.method) for i in Indicator.objects.filter(framework=framework)
    ]
    assert tree == [
        ("1", "未成年人活动场所", Decimal(3), ""),
        ("1.1", "社区建有活动场所", Decimal(2), "inspection"),
        ("1.2", "每周开放不少于三次", Decimal(1), "material"),
        ("2", "校园周边", Decimal(1), "inspection"),
    ]


def test_codes_in_cells_are_kept_and_numbering_is_dropped(units):
    rows = [
        ["一级指标", "二级指标", "分值", "牵头单位"],
        ["一、公共文明", "2.3 交通秩序", 2, "市交警支队"],
        ["一、公共文明", "2.5 市容", 3, "市公安局"],
    ]
    framework = import_rows(rows)
    assert [(i.code, i.name) for i in Indicator.objects.filter(framework=framework)] == [
        ("1", "公共文明"),
        ("1.1", "交通秩序"),
        ("1.2", "市容"),
    ]
    rows[1][0] = rows[2][0] = "2 公共文明"
    framework = import_rows(rows)
    assert [(i.code, i.name) for i in Indicator.objects.filter(framework=framework)] == [
        ("2", "公共文明"),
        ("2.3", "交通秩序"),
        ("2.5", "市容"),
    ]


def test_a_header_missing_points_is_reported(units):
    with pytest.raises(SheetRejected) as rejected:
        import_rows([["一级指标", "牵头单位"], ["公共文明", "市民政局"]])
    assert "分值" in rejected.value.errors[0].message


def test_a_file_that_is_not_a_workbook_is_refused(units):
    with pytest.raises(SheetRejected):
        services.import_framework(
            actor=None, data=b"MZ\x90\x00 not a spreadsheet", filename="x.xlsx"
        )


def test_name_comes_from_the_argument_then_the_title_then_the_file(units):
    data = xlsx(SIMPLIFIED)
    assert (
        services.import_framework(actor=None, data=data, filename="二〇二六年任务表.xlsx").name
        == "二〇二六年任务表"
    )
    assert (
        services.import_framework(actor=None, data=data, filename="a.xlsx", name="自定义").name
        == "自定义"
    )


def test_import_page_shows_every_error_and_saves_nothing(login, coordinator, units):
    rows = [list(r) for r in SIMPLIFIED]
    rows[2][6] = "市宣传部"
    rows[3][5] = "-1"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("任务表.xlsx", xlsx(rows), content_type="application/octet-stream")
    response = login(coordinator).post(
        reverse("framework:import"), {"file": upload, "purpose": "city"}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "发现 2 处错误，未保存任何数据" in text and "市宣传部" in text
    assert Framework.objects.count() == 0


def test_import_page_creates_a_draft_and_audits_it(login, coordinator, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("任务表.xlsx", xlsx(SIMPLIFIED, title="某市测评体系"))
    response = login(coordinator).post(
        reverse("framework:import"), {"file": upload, "purpose": "city"}, follow=True
    )
    framework = Framework.objects.get()
    assert response.redirect_chain[-1][0] == reverse("framework:detail", args=[framework.pk])
    assert "导入完成：9 个指标" in response.content.decode()
    assert framework.status == "draft" and framework.name == "某市测评体系"
    assert AuditEvent.objects.filter(
        action="import", object_id=str(framework.pk), actor=coordinator
    ).exists()


@pytest.mark.parametrize("who", ["dept", "inspector", "outsider"])
def test_only_the_office_may_import(request, login, who, units):
    response = login(request.getfixturevalue(who)).get(reverse("framework:import"))
    assert response.status_code == 403
