"""Export then import gives the same framework; the commands do the same from the shell."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.framework.factories import tree_dump, xlsx
from wenming.accounts.models import AuditEvent
from wenming.framework import services
from wenming.framework.models import Framework, Indicator


def reimport(framework) -> Framework:
    _framework, data = services.export_framework(actor=None, framework_id=framework.pk)
    return services.import_framework(actor=None, data=data, filename="export.xlsx")


def test_export_then_import_gives_the_same_default_framework(city_framework):
    again = reimport(city_framework)
    assert tree_dump(again) == tree_dump(city_framework)
    assert (again.name, again.total_points) == (city_framework.name, city_framework.total_points)


def test_export_then_import_keeps_items_codes_and_joint_leads(units):
    rows = [
        [
            "一级指标",
            "测评项目",
            "测评内容",
            "测评方法",
            "分值",
            "计分规则",
            "任务周期",
            "目标值",
            "牵头单位",
            "责任单位",
        ],
        [
            "3 公共秩序（5分）",
            "3.2 交通秩序",
            "礼让行人。",
            "实地考察",
            2,
            "扣分制",
            "每月",
            None,
            "市交警支队、市公安局",
            "各区政府",
        ],
        [None, "3.2 交通秩序", "有序停放", "实地考察", 1.5, "扣分", "季度", None, "市交警支队", ""],
        [
            None,
            "3.4 路名牌",
            "设置规范",
            "数据指标",
            1.5,
            "",
            "",
            0.95,
            "市民政局",
            "光明社区 育才社区",
        ],
    ]
    framework = services.import_framework(
        actor=None, data=xlsx(rows, merges=["A2:A4"]), filename="t.xlsx"
    )
    dump = tree_dump(framework)
    assert [row[:3] for row in dump] == [
        ("3", "公共秩序", 1),
        ("3.2", "交通秩序", 2),
        ("3.2.1", "礼让行人", 3),
        ("3.2.2", "有序停放", 3),
        ("3.4", "路名牌", 2),
    ]
    crossing = Indicator.objects.get(framework=framework, code="3.2.1")
    assert crossing.lead_unit == units["traffic"] and list(crossing.joint_lead_units.all()) == [
        units["police"]
    ]
    assert (crossing.rule, crossing.cadence) == ("deduct", "monthly")
    assert tree_dump(reimport(framework)) == dump


def test_exported_workbook_merges_hierarchy_cells_below_a_title(city_framework):
    _framework, data = services.export_framework(actor=None, framework_id=city_framework.pk)
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "全国文明城市测评体系（本市任务分解）（满分100分）"
    assert [c.value for c in ws[2]][:6] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "测评内容",
        "测评方法",
        "分值",
    ]
    assert ws["A3"].value == "1 思想道德建设（15分）"
    assert "A3:A8" in {str(r) for r in ws.merged_cells.ranges}


def test_export_neutralises_formulas(units):
    rows = [
        ["一级指标", "测评内容", "分值", "牵头单位"],
        ["公共文明", "+86 热线号码公示", 1, "市民政局"],
    ]
    framework = services.import_framework(actor=None, data=xlsx(rows), filename="t.xlsx")
    _framework, data = services.export_framework(actor=None, framework_id=framework.pk)
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["B3"].value == "'+86 热线号码公示"
    assert tree_dump(reimport(framework)) == tree_dump(framework)


def test_export_page_downloads_and_is_audited(login, coordinator, city_framework):
    response = login(coordinator).get(reverse("framework:export", args=[city_framework.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(
        action="export", actor=coordinator, object_id=str(city_framework.pk)
    ).exists()


def test_liaison_may_not_export(login, dept, city_framework):
    assert login(dept).get(reverse("framework:export", args=[city_framework.pk])).status_code == 403


def test_import_command_prints_id_and_indicator_count(tmp_path, city_framework, capsys):
    path = tmp_path / "city.xlsx"
    call_command("export-framework", str(city_framework.pk), str(path))
    out = io.StringIO()
    call_command("import-framework", str(path), "--name", "第二版", stdout=out)
    framework = Framework.objects.get(name="第二版")
    count = Indicator.objects.filter(framework=framework).count()
    assert f"framework_id={framework.pk} indicators={count}" in out.getvalue()
    assert framework.version == 2 and framework.previous == city_framework


def test_import_command_fails_with_the_row_errors_on_stderr(tmp_path, units):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["一级指标", "分值", "牵头单位"],
                ["公共文明", "x", "市民政局"],
                ["环境", 1, "市无此局"],
            ]
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import-framework", str(path), stderr=err)
    assert failed.value.returncode == 1
    assert "第 2 行，B 列" in err.getvalue() and "市无此局" in err.getvalue()
    assert Framework.objects.count() == 0


def test_export_command_refuses_an_unknown_id(tmp_path, db):
    with pytest.raises(CommandError):
        call_command("export-framework", "999", str(tmp_path / "x.xlsx"))
