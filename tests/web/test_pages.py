"""The web shell: login required, dashboard counts, scoped pages, organisation import page."""

import io

import pytest
from openpyxl import Workbook

from wenming.accounts.models import AuditAction, AuditEvent
from wenming.regions.models import Unit


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/regions/", "/units/", "/organisation/import/", "/documents/"]
)
def test_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    text = client.get("/login/").content.decode()
    assert "文明创建管理平台" in text and "账号" in text and "密码" in text


@pytest.mark.django_db
def test_navigation_lists_the_built_areas_of_the_campaign(login, coordinator):
    text = login(coordinator).get("/").content.decode()
    for area in [
        "测评体系",
        "督查检查",
        "问题整改",
        "网上申报",
        "问卷调查",
        "考核通报",
        "公文文书",
        "社区达标",
        "民生台账",
        "工作报告",
        "志愿服务",
    ]:
        assert area in text


@pytest.mark.django_db
def test_community_worker_gets_404_on_another_communitys_pages(login, community1, units):
    client = login(community1)
    assert client.get("/regions/340404001001/").status_code == 404
    assert client.get(f"/units/{units['yucai'].pk}/").status_code == 404
    assert client.get("/regions/340403001001/").status_code == 200
    assert client.get(f"/units/{units['guangming'].pk}/").status_code == 200


@pytest.mark.django_db
def test_outsider_gets_404_everywhere(login, outsider, units):
    client = login(outsider)
    assert client.get("/regions/340400000000/").status_code == 404
    assert client.get(f"/units/{units['civil'].pk}/").status_code == 404
    assert client.get("/organisation/import/").status_code == 403
    assert client.get("/organisation/export/").status_code == 403


@pytest.mark.django_db
def test_unit_page_masks_phone_numbers(login, coordinator, units):
    Unit.objects.filter(pk=units["civil"].pk).update(
        leader_name="孙局长", leader_phone="13905541234"
    )
    text = login(coordinator).get(f"/units/{units['civil'].pk}/").content.decode()
    assert "139****1234" in text and "13905541234" not in text


@pytest.mark.django_db
def test_unit_list_search_and_pagination_keep_filters(login, coordinator):
    text = login(coordinator).get("/units/", {"q": "社區", "kind": "community"}).content.decode()
    assert "光明社区" in text and "淮南市民政局" not in text


@pytest.mark.django_db
def test_import_page_reports_errors_by_row_and_column(login, admin_user):
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位全称", "简称", "单位类型", "区划代码"])
    ws.append(["淮南市城市管理局", "市城管局", "外星部门", "340400000000"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "units.xlsx"
    response = login(admin_user).post("/organisation/import/", {"file": buffer})
    assert response.status_code == 422
    text = response.content.decode()
    assert "发现 1 处错误，未保存任何数据" in text and "外星部门" in text
    assert not Unit.objects.filter(name="淮南市城市管理局").exists()


@pytest.mark.django_db
def test_import_page_refuses_a_renamed_program_by_its_content(login, admin_user):
    upload = io.BytesIO(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64)
    upload.name = "units.xlsx"
    text = login(admin_user).post("/organisation/import/", {"file": upload}).content.decode()
    assert "不允许上传此类文件" in text and "Excel" in text


@pytest.mark.django_db
def test_export_downloads_xlsx_and_is_audited(login, coordinator):
    response = login(coordinator).get("/organisation/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=coordinator).exists()


@pytest.mark.django_db
def test_liaison_may_not_export(login, community1):
    assert login(community1).get("/organisation/export/").status_code == 403
