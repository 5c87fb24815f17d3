"""A relief case walks patrol → station care → family tracing → home, each step an event with
who and when; a minor left at a station past the limit raises the alert exactly once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from wenming.notifications.models import Message
from wenming.welfare import relief, selectors, tasks
from wenming.welfare.models import ReliefCase, ReliefEvent
from wenming.workflow import WorkflowError


def _found(actor, **extra):
    data = {"region": "340403001001", "place": "淮南火车站广场", "condition": "体弱", **extra}
    return relief.register_case(actor=actor, data=data)


def test_patrol_care_tracing_return_each_step_an_event_with_who_and_when(welfare_user):
    case = _found(welfare_user, age="45", sex="男")
    relief.act(actor=welfare_user, case_id=case.pk, action="admit", station="淮南市救助管理站")
    relief.act(actor=welfare_user, case_id=case.pk, action="trace", note="比对DNA")
    case = relief.act(
        actor=welfare_user, case_id=case.pk, action="return_home", destination="阜阳市颍州区"
    )
    assert case.state == "returned" and case.settled_at is not None
    events = list(
        ReliefEvent.objects.filter(relief_case=case).values_list("action", "to_state", "actor_name")
    )
    assert [e[:2] for e in events] == [
        ("report", "found"),
        ("admit", "in_care"),
        ("trace", "tracing"),
        ("return_home", "returned"),
    ]
    assert all(name == welfare_user.username or name for *_x, name in events)
    assert all(e.at for e in ReliefEvent.objects.filter(relief_case=case))


def test_a_step_out_of_order_is_refused_with_the_allowed_ones(welfare_user):
    case = _found(welfare_user)
    with pytest.raises(WorkflowError) as refused:
        relief.act(actor=welfare_user, case_id=case.pk, action="return_home", destination="x")
    assert refused.value.code == "state" and refused.value.allowed == ["admit"]
    with pytest.raises(WorkflowError):
        relief.act(actor=welfare_user, case_id=case.pk, action="admit")  # no station named
    assert ReliefCase.objects.get(pk=case.pk).state == "found"


def test_other_districts_and_other_roles_cannot_act(welfare_user, welfare_xjj, community1):
    case = _found(welfare_user)  # in 田家庵区
    with pytest.raises(Http404):
        relief.act(actor=welfare_xjj, case_id=case.pk, action="admit", station="x")
    with pytest.raises(WorkflowError) as refused:
        relief.act(actor=community1, case_id=case.pk, action="admit", station="x")
    assert refused.value.code == "forbidden"


def test_a_minor_left_past_the_limit_raises_the_alert_once(
    welfare_user, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.RELIEF_MINOR_ALERT_HOURS = 12
    case = _found(welfare_user, age="13")
    assert case.is_minor
    relief.act(actor=welfare_user, case_id=case.pk, action="admit", station="淮南市救助管理站")
    assert tasks.enqueue_due() == 0  # not yet past the limit
    ReliefCase.objects.filter(pk=case.pk).update(admitted_at=timezone.now() - timedelta(hours=13))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick")
        call_command("tick")
        assert relief.alert_minor(case.pk) is False  # a third attempt claims nothing
    alerts = Message.objects.filter(title__contains="未成年受助人员")
    assert alerts.count() == 1 and alerts.get().recipient == welfare_user
    assert ReliefEvent.objects.filter(relief_case=case, action="minor_alert").count() == 1


def test_relief_figures_count_cases_minors_and_settled(welfare_user):
    from wenming.periods import parse_period

    a = _found(welfare_user, age="12")
    _found(welfare_user)
    relief.act(actor=welfare_user, case_id=a.pk, action="admit", station="站")
    relief.act(actor=welfare_user, case_id=a.pk, action="escort", destination="合肥")
    year = parse_period(str(timezone.localdate().year))
    figures = selectors.relief_figures(prefix="3404", period=year)
    assert (figures.cases, figures.minors, figures.settled) == (2, 1, 1)
    assert figures.campaigns is None


def _sheet(rows) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_patrol_finds_import_from_xlsx_and_a_bad_row_saves_nothing(welfare_user):
    from wenming.sheets import SheetRejected

    header = ["发现时间", "发现地点", "区划代码", "性别", "年龄", "未成年人"]
    good = _sheet([header, ["2026-07-03 10:20", "火车站", "340403001001", "男", 45, ""]])
    assert relief.import_cases(actor=welfare_user, data=good, filename="a.xlsx").created == 1
    case = ReliefCase.objects.get()
    assert case.state == "found" and timezone.localtime(case.found_at).hour == 10
    bad = _sheet(
        [
            header,
            ["2026-07-04", "汽车站", "340403001001", "女", 12, "是"],
            ["昨天", "广场", "340403001001", "", "", ""],
            ["2026-07-05", "桥下", "999999999999", "", "二十", ""],
        ]
    )
    with pytest.raises(SheetRejected) as rejected:
        relief.import_cases(actor=welfare_user, data=bad, filename="b.xlsx")
    where = {(e.row, e.column) for e in rejected.value.errors}
    assert (3, "A") in where and (4, "C") in where
    assert ReliefCase.objects.count() == 1 and ReliefEvent.objects.count() == 1


def test_relief_import_names_every_bad_cell_of_a_row(welfare_user):
    from wenming.sheets import SheetRejected

    header = ["发现时间", "发现地点", "区划代码", "性别", "年龄"]
    bad = _sheet(
        [
            header,
            ["昨天", "", "999999999999", "不详的", "二十"],
            ["2026-07-05", "桥下", "340403001001", "男", 30],
        ]
    )
    with pytest.raises(SheetRejected) as rejected:
        relief.import_cases(actor=welfare_user, data=bad, filename="c.xlsx")
    named = {(e.row, e.column): e.message for e in rejected.value.errors}
    assert set(named) == {(2, "A"), (2, "B"), (2, "C"), (2, "D"), (2, "E")}
    assert "发现地点" in named[(2, "B")] and "999999999999" in named[(2, "C")]
    assert "性别" in named[(2, "D")]
    assert ReliefCase.objects.count() == 0
