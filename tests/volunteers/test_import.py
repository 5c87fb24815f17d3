"""xlsx import in the national volunteer system's layout: every bad row named, nothing saved."""

import io

import pytest
from openpyxl import Workbook

from tests.volunteers import factories as f
from wenming.sheets import SheetRejected
from wenming.volunteers.identity import id_key, id_keys
from wenming.volunteers.models import TeamMember, Volunteer
from wenming.volunteers.services import roster


def workbook(rows, *, header=None, title_rows=1, traditional=False) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者名单"
    for _ in range(title_rows):
        ws.append(["全国志愿服务信息系统 志愿者导出（淮南市）"])
    if header is None:
        header = [
            "序号",
            "姓名",
            "性别",
            "证件类型",
            "证件号码",
            "手机号码",
            "所属组织",
            "注册时间",
        ]
        if traditional:
            header = [
                "序號",
                "姓名",
                "性別",
                "證件類型",
                "證件號碼",
                "手機號碼",
                "所屬組織",
                "註冊時間",
            ]
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def team(city, community1):
    return f.team("光明社区党员志愿服务队", managers=[community1])


def test_thousand_rows_with_three_bad_check_digits_and_one_known_volunteer(community1, team):
    existing = f.volunteer(999, name="老队员", teams=[team])
    rows = [
        [i + 1, f"志愿者{i}", "", "居民身份证", f.id_number(i), f.phone(i), team.name, "2026-03-01"]
        for i in range(999)
    ]
    rows.append([1000, "重复者", "", "居民身份证", existing.id_number, "", team.name, ""])
    for index in (10, 500, 998):  # data rows 12, 502, 1000 in the sheet (title + header above)
        rows[index][4] = f.bad_check(rows[index][4])
    with pytest.raises(SheetRejected) as rejected:
        roster.import_volunteers(
            actor=community1, data=workbook(rows), filename="名单.xlsx", consent=True
        )
    errors = rejected.value.errors
    assert [(e.row, e.column) for e in errors] == [(13, "E"), (503, "E"), (1001, "E"), (1002, "E")]
    assert all("校验位" in e.message for e in errors[:3])
    assert "已登记为志愿者" in errors[3].message and existing.id_number not in errors[3].message
    assert Volunteer.objects.count() == 1  # nothing saved

    for index in (10, 500, 998):
        rows[index][4] = f.id_number(index)
    rows.pop()  # the duplicate row removed
    summary = roster.import_volunteers(
        actor=community1, data=workbook(rows), filename="名单.xlsx", consent=True
    )
    assert summary.created == 999 and summary.joined == 999
    assert Volunteer.objects.count() == 1000
    assert TeamMember.objects.filter(team=team).count() == 1000
    imported = Volunteer.objects.get(id_number=f.id_number(5))
    assert imported.birth_date.isoformat() == "1990-05-17" and imported.consent_at is not None


def test_a_number_twice_in_the_file_names_the_earlier_row(community1, team):
    rows = [
        [1, "甲", "", "", f.id_number(1), "", team.name, ""],
        [2, "乙", "", "", f.id_number(1).lower(), "", team.name, ""],
    ]
    with pytest.raises(SheetRejected) as rejected:
        roster.import_volunteers(actor=community1, data=workbook(rows), consent=True)
    (error,) = rejected.value.errors
    assert error.row == 4 and "第 3 行重复" in error.message


def test_an_export_split_over_sheets_names_a_number_repeated_on_another_sheet(community1, team):
    """Sheets without the header (a cover note) are skipped; a row with another error still
    counts as the earlier row of a repeated number; the hash of a batch is the one-by-one hash."""
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本文件由全国志愿服务信息系统导出"])
    header = ["姓名", "证件号码", "手机号码", "所属组织"]
    first, second = wb.create_sheet("名单1"), wb.create_sheet("名单2")
    first.append(header)
    first.append(["甲", f.id_number(1), "12345", team.name])  # bad phone
    first.append(["乙", f.id_number(2), "", team.name])
    first.append(["丙", f.id_number(1), "", team.name])
    second.append(header)
    second.append(["丁", f.id_number(2), "", team.name])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(SheetRejected) as rejected:
        roster.import_volunteers(actor=community1, data=buffer.getvalue(), consent=True)
    found = [(e.sheet, e.row, e.column, e.message) for e in rejected.value.errors]
    assert [where[:3] for where in found] == [
        ("名单1", 2, "C"),
        ("名单1", 4, "B"),
        ("名单2", 2, "B"),
    ]
    assert "第 2 行重复" in found[1][3] and "工作表“名单1”第 3 行重复" in found[2][3]
    assert not Volunteer.objects.exists()
    numbers = [f.id_number(n) for n in range(3)]
    assert id_keys(numbers) == [id_key(n) for n in numbers]


def test_traditional_headers_and_full_width_digits_are_read(community1, team):
    number = f.id_number(7)
    wide = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    rows = [
        [1, "陳誌強", "男", "居民身份證", wide, "１３９０００００００７", team.name, "2026/03/01"]
    ]
    roster.import_volunteers(
        actor=community1, data=workbook(rows, traditional=True, title_rows=2), consent=True
    )
    volunteer = Volunteer.objects.get()
    assert volunteer.id_number == number and volunteer.phone == "13900000007"
    assert volunteer.name == "陈志强"


def test_import_without_consent_is_refused(community1, team):
    rows = [[1, "甲", "", "", f.id_number(1), "", team.name, ""]]
    with pytest.raises(SheetRejected) as rejected:
        roster.import_volunteers(actor=community1, data=workbook(rows))
    assert "隐私声明" in rejected.value.errors[0].message
    assert not Volunteer.objects.exists()


def test_the_page_lists_the_bad_rows_with_their_column(community1, team, login):
    rows = [[1, "甲", "", "", f.bad_check(f.id_number(1)), "12345", team.name, ""]]
    response = login(community1).post(
        "/volunteers/people/import/",
        {"file": io.BytesIO(workbook(rows)), "consent": "on"},
        format="multipart",
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "校验位" in page and "手机号码应为11位" in page
    assert not Volunteer.objects.exists()
