"""Safety checks: each hazard found opens a case (source 安全检查) through the cases service;
a schedule whose check is missed is overdue; talks, drills and notices are counted."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from wenming.cases.models import Case
from wenming.periods import parse_period
from wenming.welfare import safety, selectors, services
from wenming.welfare.models import SafetyCheck


def test_each_hazard_opens_a_case_of_source_safety_check(dept, units):
    check = safety.record_safety_check(
        actor=dept,
        checked_on=timezone.localdate(),
        checker="王民政",
        place="市社会福利院",
        hazards=["消防通道堆放杂物", "灭火器过期", " "],
    )
    cases = Case.objects.filter(source="safety_check").order_by("pk")
    assert [c.description for c in cases] == [
        "市社会福利院：消防通道堆放杂物",
        "市社会福利院：灭火器过期",
    ]
    assert all(c.unit == units["civil"] for c in cases)
    assert [h.case for h in check.hazards.order_by("pk")] == list(cases)


def test_a_check_cannot_be_recorded_for_another_unit(dept, units):
    with pytest.raises(services.WelfareError):
        safety.record_safety_check(
            actor=dept,
            unit_id=units["police"].pk,
            checked_on=timezone.localdate(),
            checker="x",
            place="y",
        )
    assert SafetyCheck.objects.count() == 0


def test_missed_weekly_check_is_overdue_and_a_check_clears_it(dept):
    today = timezone.localdate()
    safety.install_default_schedule(actor=dept, starts_on=today - timedelta(days=40))
    overdue = selectors.overdue_checks_for(dept, today=today)
    assert sorted(d.schedule.duty for d in overdue) == [
        "主要领导",
        "分管安全工作负责人",
        "班子成员",
    ]
    weekly = next(d.schedule for d in overdue if d.schedule.frequency == "weekly")
    safety.record_safety_check(
        actor=dept, checked_on=today, checker="李安全", place="市救助管理站", schedule_id=weekly.pk
    )
    still = {d.schedule.duty for d in selectors.overdue_checks_for(dept, today=today)}
    assert still == {"主要领导", "班子成员"}


def test_talks_drills_notices_are_counted_and_an_empty_period_has_no_data(dept):
    for kind in ("talk", "drill", "drill", "notice"):
        safety.record_safety_activity(actor=dept, kind=kind, held_on="2026-05-04", title="演练")
    figures = selectors.safety_figures(prefix="3404", period=parse_period("2026"))
    assert (figures.talks, figures.drills, figures.notices) == (1, 2, 1)
    assert figures.checks is None
    assert selectors.safety_figures(prefix="3404", period=parse_period("2025")).talks is None


def test_future_check_dates_are_refused(dept):
    with pytest.raises(services.WelfareError, match="不能晚于今天"):
        safety.record_safety_check(
            actor=dept, checked_on=date.today() + timedelta(days=3), checker="x", place="y"
        )


def _sheet(rows) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


SAFETY_HEADER = ["类型", "日期", "主题", "检查人", "隐患", "参加人数"]


def test_safety_import_records_checks_and_activities(dept):
    data = _sheet(
        [
            SAFETY_HEADER,
            ["检查", "2026-05-04", "市社会福利院", "王民政", "消防通道堆放杂物\n灭火器过期", ""],
            ["应急演练", "2026-05-06", "消防疏散演练", "", "", 40],
        ]
    )
    result = safety.import_safety_records(actor=dept, data=data, filename="s.xlsx")
    assert result.created == 2
    check = SafetyCheck.objects.get()
    assert check.checker == "王民政" and check.hazards.count() == 2
    assert Case.objects.filter(source="safety_check").count() == 2
    assert selectors.activities_visible_to(dept).get().participants == 40


def test_safety_import_names_every_bad_cell_of_a_row(dept):
    from wenming.sheets import SheetRejected

    data = _sheet(
        [
            SAFETY_HEADER,
            ["检查", "明天", "市社会福利院", "", "", ""],
            ["联欢", "2026-05-06", "", "", "", "很多"],
        ]
    )
    with pytest.raises(SheetRejected) as rejected:
        safety.import_safety_records(actor=dept, data=data, filename="s.xlsx")
    named = {(e.row, e.column) for e in rejected.value.errors}
    assert named == {(2, "B"), (2, "D"), (3, "A"), (3, "C"), (3, "F")}
    assert not SafetyCheck.objects.exists() and not Case.objects.exists()
