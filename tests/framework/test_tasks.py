"""The task list: who sees which tasks, decomposition (再细化再分解) and progress roll-up."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from tests.framework.factories import IndicatorFactory, TaskFactory
from tests.regions.factories import UnitFactory, person
from wenming.framework import selectors, services
from wenming.framework.models import Task
from wenming.regions.models import Role, UnitKind


@pytest.fixture
def active_city(city_framework):
    services.activate_framework(actor=None, framework_id=city_framework.pk, today=date(2026, 1, 1))
    return city_framework


@pytest.fixture
def street_task(units):
    """A task of 田东街道, whose sub-units are 光明社区 and 向阳社区."""
    return TaskFactory(unit=units["tiandong"], period_start=date(2026, 1, 1), due=date(2026, 6, 30))


@pytest.fixture
def street_liaison(units):
    return person(username="tiandong", unit=units["tiandong"], role=Role.LIAISON)


def test_dept_sees_only_the_civil_affairs_bureaus_tasks(login, dept, units, active_city):
    assert Task.objects.exclude(unit=units["civil"]).exists()
    civil = Task.objects.filter(unit=units["civil"])
    assert set(selectors.my_tasks(dept)) == set(civil)
    assert set(selectors.tasks_visible_to(dept)) == set(civil)
    client = login(dept)
    mine = client.get(reverse("framework:my_tasks")).content.decode()
    assert f"本单位共 {civil.count()} 项任务" in mine
    listed = client.get(reverse("framework:task_list")).content.decode()
    assert f"共 {civil.count()} 项" in listed


def test_dept_gets_404_for_another_units_task_on_the_page(login, dept, units, active_city):
    police_task = Task.objects.filter(unit=units["police"]).first()
    own = Task.objects.filter(unit=units["civil"]).first()
    client = login(dept)
    assert client.get(reverse("framework:task_detail", args=[police_task.pk])).status_code == 404
    assert (
        client.post(
            reverse("framework:task_progress", args=[police_task.pk]), {"progress": 50}
        ).status_code
        == 404
    )
    assert client.get(reverse("framework:task_detail", args=[own.pk])).status_code == 200


def test_the_office_sees_every_task_and_filters_by_unit_region_indicator_and_status(
    coordinator, units, active_city
):
    everything = selectors.tasks_visible_to(coordinator)
    assert everything.count() == Task.objects.count()
    by_unit = selectors.tasks_visible_to(coordinator, unit=units["traffic"].pk)
    assert {t.unit for t in by_unit} == {units["traffic"]}
    by_region = selectors.tasks_visible_to(coordinator, region="340404000000")
    assert {t.unit for t in by_region} == {units["xjj_gov"]}
    leaf = Task.objects.filter(unit=units["traffic"]).first().indicator
    assert {t.indicator for t in selectors.tasks_visible_to(coordinator, indicator=leaf.pk)} == {
        leaf
    }
    with time_machine.travel(date(2026, 2, 10)):
        overdue = selectors.tasks_visible_to(coordinator, status="overdue")
        assert overdue.exists() and all(t.due < date(2026, 2, 10) for t in overdue)
        assert not selectors.tasks_visible_to(coordinator, status="done").exists()


def test_task_list_page_filters_and_its_queries_do_not_grow_with_rows(
    login, coordinator, units, django_assert_max_num_queries
):
    indicator = IndicatorFactory()
    for month in range(1, 13):
        for unit in ("civil", "police", "traffic", "tja_gov", "guangming"):
            TaskFactory(
                indicator=indicator,
                unit=units[unit],
                period_start=date(2026, month, 1),
                due=date(2026, month, 28),
            )
    client = login(coordinator)
    client.get(reverse("framework:task_list"))  # warm the session and scope caches
    # 15: the page's own reads plus the shell's (session, user, scope, the navbar's unread count).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("framework:task_list"))
    assert response.content.decode().count('data-testid="task-row"') == 50
    response = client.get(
        reverse("framework:task_list"), {"unit": units["police"].pk, "status": "pending"}
    )
    assert response.content.decode().count('data-testid="task-row"') == 12
    with django_assert_max_num_queries(15):
        client.get(reverse("framework:task_list"), {"region": "340403000000", "page": 2})


def test_my_tasks_page_queries_do_not_grow_with_rows(
    login, dept, units, django_assert_max_num_queries
):
    indicator = IndicatorFactory()
    for month in range(1, 13):
        TaskFactory(
            indicator=indicator,
            unit=units["civil"],
            period_start=date(2026, month, 1),
            due=date(2026, month, 28),
        )
    client = login(dept)
    client.get(reverse("framework:my_tasks"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("framework:my_tasks"))
    assert response.content.decode().count('data-testid="my-task"') == 12


def test_decomposition_hands_a_part_to_a_sub_unit_and_the_parents_progress_follows(
    street_liaison, street_task, units
):
    part = services.decompose_task(
        actor=street_liaison,
        task_id=street_task.pk,
        unit_id=units["guangming"].pk,
        due=date(2026, 5, 31),
    )
    assert (part.parent, part.unit, part.region_id, part.indicator_id) == (
        street_task,
        units["guangming"],
        units["guangming"].region_id,
        street_task.indicator_id,
    )
    other = services.decompose_task(
        actor=street_liaison,
        task_id=street_task.pk,
        unit_id=units["xiangyang"].pk,
        due=date(2026, 6, 30),
    )
    community1 = person(username="gm", unit=units["guangming"], role=Role.LIAISON)
    services.report_progress(actor=community1, task_id=part.pk, progress=60)
    street_task.refresh_from_db()
    assert (street_task.progress, street_task.status) == (30, "in_progress")
    community_xiangyang = person(username="xy", unit=units["xiangyang"], role=Role.LIAISON)
    services.report_progress(actor=community_xiangyang, task_id=other.pk, progress=100)
    services.report_progress(actor=community1, task_id=part.pk, progress=100)
    street_task.refresh_from_db()
    assert (street_task.progress, street_task.status) == (100, "done")


def test_decomposing_again_reaches_the_grandparent(units, street_liaison):
    gov_task = TaskFactory(unit=units["tja_gov"])
    gov_liaison = person(username="tja", unit=units["tja_gov"], role=Role.LIAISON)
    street_part = services.decompose_task(
        actor=gov_liaison, task_id=gov_task.pk, unit_id=units["tiandong"].pk, due=date(2026, 10, 31)
    )
    community_part = services.decompose_task(
        actor=street_liaison,
        task_id=street_part.pk,
        unit_id=units["guangming"].pk,
        due=date(2026, 9, 30),
    )
    services.report_progress(actor=None, task_id=community_part.pk, progress=50)
    gov_task.refresh_from_db()
    assert gov_task.progress == 50


def test_a_sub_tasks_due_date_cannot_be_after_its_parents(street_liaison, street_task, units):
    with pytest.raises(services.TaskError) as refused:
        services.decompose_task(
            actor=street_liaison,
            task_id=street_task.pk,
            unit_id=units["guangming"].pk,
            due=date(2026, 7, 1),
        )
    assert "不能晚于本任务的截止日期（2026-06-30）" in str(refused.value)
    assert not Task.objects.filter(parent=street_task).exists()


def test_only_sub_units_receive_parts_and_only_once(street_liaison, street_task, units):
    with pytest.raises(services.TaskError):
        services.decompose_task(
            actor=street_liaison,
            task_id=street_task.pk,
            unit_id=units["yucai"].pk,
            due=date(2026, 6, 1),
        )
    services.decompose_task(
        actor=street_liaison,
        task_id=street_task.pk,
        unit_id=units["guangming"].pk,
        due=date(2026, 6, 1),
    )
    with pytest.raises(services.TaskError):
        services.decompose_task(
            actor=street_liaison,
            task_id=street_task.pk,
            unit_id=units["guangming"].pk,
            due=date(2026, 6, 1),
        )


def test_a_decomposed_tasks_progress_is_not_typed_in(street_liaison, street_task, units):
    services.decompose_task(
        actor=street_liaison,
        task_id=street_task.pk,
        unit_id=units["guangming"].pk,
        due=date(2026, 6, 1),
    )
    with pytest.raises(services.TaskError):
        services.report_progress(actor=street_liaison, task_id=street_task.pk, progress=80)


def test_who_may_act_on_a_task(street_task, community1, inspector, coordinator, dept, units):
    with pytest.raises(Http404):  # 光明社区 cannot see its street's task
        services.report_progress(actor=community1, task_id=street_task.pk, progress=10)
    with pytest.raises(Http404):  # 民政局 neither
        services.report_progress(actor=dept, task_id=street_task.pk, progress=10)
    with pytest.raises(PermissionDenied):  # the inspector sees it but does not run it
        services.report_progress(actor=inspector, task_id=street_task.pk, progress=10)
    assert (
        services.report_progress(actor=coordinator, task_id=street_task.pk, progress=10).progress
        == 10
    )


def test_dept_decomposes_to_its_own_sub_unit_through_the_page(login, dept, units, city):
    station = UnitFactory(
        name="淮南市救助管理站",
        short_name="市救助站",
        kind=UnitKind.OTHER,
        region=city,
        parent=units["civil"],
    )
    task = TaskFactory(unit=units["civil"], period_start=date(2026, 1, 1), due=date(2026, 12, 31))
    client = login(dept)
    page = client.get(reverse("framework:task_detail", args=[task.pk])).content.decode()
    assert "淮南市救助管理站" in page and 'data-testid="decompose-form"' in page
    late = client.post(
        reverse("framework:task_decompose", args=[task.pk]),
        {"unit": station.pk, "due": "2027-01-05"},
    )
    assert late.status_code == 422 and "不能晚于本任务的截止日期" in late.content.decode()
    response = client.post(
        reverse("framework:task_decompose", args=[task.pk]),
        {"unit": station.pk, "due": "2026-11-30", "title": "街面巡查"},
        follow=True,
    )
    assert "已分解给 淮南市救助管理站" in response.content.decode()
    part = Task.objects.get(parent=task)
    assert (part.unit, part.title, part.due) == (station, "街面巡查", date(2026, 11, 30))
    # The bureau does not type in its station's progress; the station does.
    assert (
        client.post(
            reverse("framework:task_progress", args=[part.pk]), {"progress": 40}
        ).status_code
        == 403
    )
    station_liaison = person(username="station", unit=station, role=Role.LIAISON)
    login(station_liaison).post(
        reverse("framework:task_progress", args=[part.pk]), {"progress": 40}
    )
    task.refresh_from_db()
    assert task.progress == 40  # its only part is 40 % done
    mine = login(dept).get(reverse("framework:my_tasks")).content.decode()
    assert "市救助站 · 截止 2026-11-30 · 40%" in mine


def test_progress_form_refuses_values_outside_0_to_100(login, dept, units):
    task = TaskFactory(unit=units["civil"])
    response = login(dept).post(
        reverse("framework:task_progress", args=[task.pk]), {"progress": 140}
    )
    assert response.status_code == 422
    task.refresh_from_db()
    assert task.progress == 0
