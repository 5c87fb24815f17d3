"""xlsx import of units and people: every error named by row and column, nothing saved on any."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from wenming.accounts.models import AuditAction, AuditEvent
from wenming.regions.models import Membership, Unit
from wenming.regions.services import export_organisation, import_organisation
from wenming.sheets import SheetRejected

UNIT_HEADER = [
    "单位全称",
    "简称",
    "单位类型",
    "区划代码",
    "上级单位",
    "负责人",
    "负责人电话",
    "联络员",
    "联络员电话",
]
PEOPLE_HEADER = ["账号", "姓名", "单位", "角色", "手机号", "初始密码"]


def workbook(units=(), people=(), *, title=None):
    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows in (("单位", UNIT_HEADER, units), ("人员", PEOPLE_HEADER, people)):
        if not rows:
            continue
        ws = wb.create_sheet(name)
        if title:
            ws.append([title])
            ws.append([])
        ws.append(header)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD_UNITS = [
    [
        "淮南市城市管理局",
        "市城管局",
        "职能部门",
        "340400000000",
        "",
        "张局长",
        "13805540001",
        "刘联络",
        "13805540002",
    ],
    [
        "淮南市城市管理局环境卫生管理处",
        "市环卫处",
        "部门",
        "340400000000",
        "市城管局",
        "",
        "",
        "",
        "",
    ],
]
GOOD_PEOPLE = [
    ["cgj", "刘联络", "市城管局", "联络员", "13805540002", "Chengguan#2026"],
    ["huanwei", "陈环卫", "淮南市城市管理局环境卫生管理处", "负责人", "", ""],
]


@pytest.mark.django_db
def test_import_creates_units_and_people_below_a_title_row(admin_user):
    summary = import_organisation(
        actor=admin_user, data=workbook(GOOD_UNITS, GOOD_PEOPLE, title="淮南市创城责任单位名单")
    )
    assert (summary.units_created, summary.people_created) == (2, 2)
    sub = Unit.objects.get(short_name="市环卫处")
    assert sub.parent.short_name == "市城管局" and sub.kind == "department"
    assert Membership.objects.get(user__username="cgj").role == "liaison"
    # A new account without a password gets a generated one, shown once.
    assert set(summary.initial_passwords) == {"huanwei"}
    user = get_user_model().objects.get(username="huanwei")
    assert user.check_password(summary.initial_passwords["huanwei"])
    assert user.security.must_change_password  # the admin saw it: changed at first login
    assert get_user_model().objects.get(username="cgj").check_password("Chengguan#2026")


@pytest.mark.django_db
def test_import_twice_updates_instead_of_duplicating(admin_user):
    import_organisation(actor=admin_user, data=workbook(GOOD_UNITS, GOOD_PEOPLE))
    changed = [row[:] for row in GOOD_UNITS]
    changed[0][5] = "王局长"
    summary = import_organisation(actor=admin_user, data=workbook(changed, GOOD_PEOPLE))
    assert (summary.units_created, summary.units_updated, summary.people_created) == (0, 1, 0)
    assert Unit.objects.get(short_name="市城管局").leader_name == "王局长"
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, summary__contains="市城市管理局"
    ).exists()


@pytest.mark.django_db
def test_traditional_and_full_width_input_is_normalised(admin_user, units):
    rows = [
        [
            "淮南市城市管理局",
            "市城管局",
            "職能部門",
            "３４０４００００００００",
            "",
            "",
            "１３８０５５４０００１",
            "",
            "",
        ]
    ]
    people = [
        ["cgj", "劉聯絡", "市城管局", "聯絡員", "", "Chengguan#2026"],
        ["mz", "馬民政", "市民政局", "審核員", "", "Minzheng#2026"],
    ]
    import_organisation(actor=admin_user, data=workbook(rows, people))
    unit = Unit.objects.get(name="淮南市城市管理局")
    assert (unit.kind, unit.region_id, unit.leader_phone) == (
        "department",
        "340400000000",
        "13805540001",
    )
    assert get_user_model().objects.get(username="cgj").first_name == "刘联络"
    assert Membership.objects.get(user__username="mz").unit == units["civil"]


@pytest.mark.django_db
def test_every_bad_row_is_reported_and_nothing_is_saved(admin_user, units):
    rows = [
        GOOD_UNITS[0],
        ["", "无名", "职能部门", "340400000000", "", "", "", "", ""],
        ["淮南市某某局", "某局", "神秘部门", "3404", "", "", "12345", "", ""],
        ["淮南市另一局", "另局", "职能部门", "340499000000", "不存在的单位", "", "", "", ""],
    ]
    people = [
        ["bad user!", "", "查无此单位", "皇帝", "", "short"],
    ]
    with pytest.raises(SheetRejected) as rejected:
        import_organisation(actor=admin_user, data=workbook(rows, people))
    found = {(e.sheet, e.row, e.column) for e in rejected.value.errors}
    assert {
        ("单位", 3, "A"),  # empty name
        ("单位", 4, "C"),  # unknown kind
        ("单位", 4, "D"),  # code not 12 digits
        ("单位", 4, "G"),  # bad phone
        ("单位", 5, "D"),  # region does not exist
        ("单位", 5, "E"),  # unknown parent
        ("人员", 2, "A"),
        ("人员", 2, "B"),
        ("人员", 2, "C"),
        ("人员", 2, "D"),
        ("人员", 2, "F"),
    } <= found
    messages = [str(e) for e in rejected.value.errors]
    assert any("第 4 行" in m and "C 列" in m and "神秘部门" in m for m in messages)
    assert not Unit.objects.filter(
        name="淮南市城市管理局"
    ).exists()  # the good row was not saved either
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


@pytest.mark.django_db
def test_missing_header_is_reported(admin_user):
    wb = Workbook()
    wb.active.title = "单位"
    wb.active.append(["名称", "类别"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(SheetRejected) as rejected:
        import_organisation(actor=admin_user, data=buffer.getvalue())
    assert "找不到表头" in str(rejected.value.errors[0])


@pytest.mark.django_db
def test_a_file_that_is_not_xlsx_is_refused(admin_user):
    with pytest.raises(SheetRejected) as rejected:
        import_organisation(actor=admin_user, data=b"MZ\x90\x00 this is an exe")
    assert "不是有效的 Excel" in str(rejected.value.errors[0])


@pytest.mark.django_db
def test_only_admins_may_import(coordinator):
    with pytest.raises(PermissionDenied):
        import_organisation(actor=coordinator, data=workbook(GOOD_UNITS))


@pytest.mark.django_db
def test_export_masks_phones_is_formula_safe_and_audited(admin_user, units):
    Unit.objects.filter(pk=units["civil"].pk).update(
        leader_phone="13805541234", leader_name='=HYPERLINK("x")'
    )
    data = export_organisation(
        actor=admin_user, units=Unit.objects.all(), people=Membership.objects.all()
    )
    ws = load_workbook(io.BytesIO(data))["单位"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "淮南市民政局")
    assert row[6] == "138****1234"
    assert row[5].startswith("'=")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=admin_user).count() == 1


@pytest.mark.django_db
def test_export_then_import_changes_nothing(admin_user, units, community1):
    data = export_organisation(
        actor=admin_user, units=Unit.objects.all(), people=Membership.objects.all()
    )
    summary = import_organisation(actor=admin_user, data=data)
    assert (
        summary.units_created,
        summary.units_updated,
        summary.people_created,
        summary.people_updated,
    ) == (0, 0, 0, 0)


@pytest.mark.django_db
def test_changes_in_the_admin_pages_are_audited(client, admin_user, units):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    unit = units["civil"]
    response = client.post(
        f"/admin/regions/unit/{unit.pk}/change/",
        {
            "name": unit.name,
            "short_name": "民政局",
            "kind": unit.kind,
            "region": unit.region_id,
            "parent": "",
            "leader_name": "孙局长",
            "leader_phone": "",
            "liaison_name": "",
            "liaison_phone": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(unit.pk))
    assert event.actor == admin_user and event.changes == {
        "short_name": "民政局",
        "leader_name": "孙局长",
    }


@pytest.mark.django_db
def test_an_imported_administrator_can_maintain_units_but_not_read_the_audit_log(
    client, admin_user
):
    import_organisation(
        actor=admin_user,
        data=workbook(people=[["wmb2", "钱管理", "市文明办", "管理员", "", "Guanli#2026x"]]),
    )
    user = get_user_model().objects.get(username="wmb2")
    assert user.is_staff and not user.is_superuser
    client.force_login(user)
    assert client.get("/admin/regions/unit/").status_code == 200
    assert (
        client.get("/admin/accounts/auditevent/").status_code == 403
    )  # 三权分立: the audit log is the audit admin's


@pytest.mark.django_db
def test_a_liaison_made_staff_by_mistake_still_gets_no_admin_rights(client, community1):
    community1.is_staff = True
    community1.save()
    client.force_login(community1)
    assert client.get("/admin/regions/unit/").status_code == 403


@pytest.mark.django_db
def test_a_short_name_two_units_share_must_be_written_in_full(admin_user, units):
    Unit.objects.filter(pk=units["yucai"].pk).update(short_name="光明社区")  # now two 光明社区
    people = [["gm", "郭明", "光明社区", "联络员", "", "Guangming#2026"]]
    with pytest.raises(SheetRejected) as rejected:
        import_organisation(actor=admin_user, data=workbook(people=people))
    assert "对应多个单位，请填写全称" in str(rejected.value.errors[0])
    people[0][2] = "田家庵区田东街道光明社区居民委员会"
    import_organisation(actor=admin_user, data=workbook(people=people))
    assert Membership.objects.get(user__username="gm").unit == units["guangming"]
