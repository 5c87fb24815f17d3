"""Children's records are sensitive (个人信息保护法 art. 28): only civil-affairs staff of the
child's region see one — every other role gets 404 — and every view is audited; exports and
lists are masked."""

import io

import pytest
from openpyxl import load_workbook

from wenming.accounts.models import AuditEvent
from wenming.privacy import FULL_MOBILE_PATTERN
from wenming.welfare import children


@pytest.fixture
def child(welfare_user):
    return children.register_child(
        actor=welfare_user,
        data={
            "kind": "农村留守儿童",
            "name": "王小明",
            "sex": "男",
            "birth_date": "2016-05-01",
            "region": "340404001201",
            "address": "王岗村3组15号",
            "guardian_name": "王大山",
            "guardian_phone": "13800138000",
        },
    )


def test_non_civil_affairs_roles_get_404_on_a_childs_record(
    client, child, coordinator, admin_user, dept, community2, welfare_user, welfare_xjj
):
    url = f"/welfare/children/{child.pk}/"
    for user in (coordinator, admin_user, dept, community2):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    assert not AuditEvent.objects.filter(action="view").exists()


def test_every_view_by_an_allowed_role_is_audited(client, child, welfare_user, welfare_xjj):
    for user in (welfare_user, welfare_xjj, welfare_xjj):
        client.force_login(user)
        response = client.get(f"/welfare/children/{child.pk}/")
        assert response.status_code == 200
        assert "王小明" in response.content.decode()
    views = AuditEvent.objects.filter(action="view", object_id=str(child.pk))
    assert sorted(v.username for v in views) == ["welfare", "welfare_xjj", "welfare_xjj"]


def test_a_worker_of_another_district_gets_404(child, units):
    from tests.regions.factories import person
    from wenming.regions.models import Role

    tja = person(username="welfare_tja", unit=units["tja_gov"], role=Role.WELFARE)
    with pytest.raises(Exception) as missing:
        children.view_child(actor=tja, pk=child.pk)
    assert missing.typename == "Http404"


def test_export_and_list_are_masked(client, child, welfare_user):
    data = children.export_children(actor=welfare_user)
    values = [
        str(c.value) for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row
    ]
    text = " ".join(values)
    assert "王小明" not in text and "王*" in text
    assert not FULL_MOBILE_PATTERN.search(text) and "138****8000" in text
    assert "15号" not in text
    client.force_login(welfare_user)
    page = client.get("/welfare/children/").content.decode()
    assert "王小明" not in page and not FULL_MOBILE_PATTERN.search(page)


def test_children_import_names_every_bad_cell_of_a_row(welfare_user):
    from openpyxl import Workbook

    from wenming.sheets import SheetRejected
    from wenming.welfare.models import Child

    wb = Workbook()
    wb.active.append(["类别", "姓名", "出生日期", "区划代码", "监护人电话"])
    wb.active.append(["外星儿童", "", "2016-05-01", "340404001201", "12345"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(SheetRejected) as rejected:
        children.import_children(actor=welfare_user, data=buffer.getvalue(), filename="c.xlsx")
    named = {(e.row, e.column) for e in rejected.value.errors}
    assert named == {(2, "A"), (2, "B"), (2, "E")}
    assert not Child.objects.exists()
