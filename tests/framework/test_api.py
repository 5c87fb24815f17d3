"""GET /api/v1/frameworks/, /frameworks/{id}, /tasks/mine — scoped like the pages; bad input is a 4xx naming the field."""

from datetime import date

import pytest

from tests.framework.factories import TaskFactory
from wenming.framework import services
from wenming.framework.models import Task


@pytest.fixture
def active_city(city_framework):
    services.activate_framework(actor=None, framework_id=city_framework.pk, today=date(2026, 1, 1))
    return city_framework


def test_frameworks_list_and_tree_with_each_nodes_total(api_client, dept, active_city):
    client = api_client(dept)
    listed = client.get("/api/v1/frameworks/").json()
    assert [(f["id"], f["status"], f["total_points"]) for f in listed] == [
        (active_city.pk, "active", 100.0)
    ]
    detail = client.get(f"/api/v1/frameworks/{active_city.pk}").json()
    assert detail["totals_ok"] is True and (detail["basic_total"], detail["feature_total"]) == (
        100.0,
        5.0,
    )
    first = detail["tree"][0]
    assert (first["code"], first["name"], first["points"], first["total"], first["method"]) == (
        "1",
        "思想道德建设",
        15.0,
        15.0,
        "",
    )
    leaf = first["children"][0]["children"][0]
    assert (leaf["code"], leaf["name"], leaf["method"], leaf["points"], leaf["total"]) == (
        "1.1.1",
        "公益广告刊播",
        "inspection",
        3.0,
        3.0,
    )
    assert leaf["lead_units"][0]["short_name"] == "市文明办" and leaf["children"] == []
    assert sum(node["total"] for node in detail["tree"] if not node["is_feature"]) == 100.0


def test_unbalanced_framework_reports_the_node_and_difference(api_client, coordinator, units):
    from tests.framework.factories import xlsx

    rows = [
        ["一级指标", "二级指标", "分值", "牵头单位"],
        ["公共秩序（6分）", "交通", 2, "市公安局"],
        ["公共秩序（6分）", "市场", 3, "市民政局"],
    ]
    framework = services.import_framework(actor=None, data=xlsx(rows), filename="t.xlsx")
    detail = api_client(coordinator).get(f"/api/v1/frameworks/{framework.pk}").json()
    assert detail["totals_ok"] is False
    assert detail["problems"] == [
        {"code": "1", "name": "公共秩序", "points": 6.0, "children_sum": 5.0, "difference": 1.0}
    ]
    assert detail["tree"][0]["total"] == 5.0


def test_my_tasks_are_only_the_callers_units(api_client, dept, units, active_city):
    body = api_client(dept).get("/api/v1/tasks/mine", {"page": 1}).json()
    civil = Task.objects.filter(unit=units["civil"])
    assert body["count"] == civil.count() > 0
    assert {item["unit"]["id"] for item in body["items"]} == {units["civil"].pk}
    first = body["items"][0]
    assert {
        "expected_progress",
        "is_lagging",
        "due",
        "status",
        "children",
        "indicator_code",
    } <= set(first)


def test_my_tasks_filter_by_status(api_client, dept, units):
    TaskFactory(unit=units["civil"], progress=100, status="done")
    TaskFactory(unit=units["civil"])
    body = api_client(dept).get("/api/v1/tasks/mine", {"status": "done"}).json()
    assert [item["status"] for item in body["items"]] == ["done"]


def test_another_units_task_is_404_in_the_api(api_client, dept, units):
    police_task = TaskFactory(unit=units["police"])
    own = TaskFactory(unit=units["civil"])
    client = api_client(dept)
    assert client.get(f"/api/v1/tasks/{police_task.pk}").status_code == 404
    assert (
        client.post(
            f"/api/v1/tasks/{police_task.pk}/progress",
            {"progress": 10},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/tasks/{own.pk}").json()["unit"]["short_name"] == "市民政局"


def test_progress_through_the_api(api_client, dept, units):
    task = TaskFactory(unit=units["civil"])
    response = api_client(dept).post(
        f"/api/v1/tasks/{task.pk}/progress", {"progress": 35}, content_type="application/json"
    )
    assert (
        response.status_code == 200
        and response.json()["progress"] == 35
        and response.json()["status"] == "in_progress"
    )


def test_progress_of_a_decomposed_task_is_a_409(api_client, units, coordinator):
    task = TaskFactory(unit=units["police"])
    services.decompose_task(actor=None, task_id=task.pk, unit_id=units["traffic"].pk, due=task.due)
    response = api_client(coordinator).post(
        f"/api/v1/tasks/{task.pk}/progress", {"progress": 35}, content_type="application/json"
    )
    assert response.status_code == 409 and "下级任务汇总" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("get", "/api/v1/frameworks/abc", None, "framework_id"),
        ("get", "/api/v1/tasks/mine?status=late", None, "status"),
        ("get", "/api/v1/tasks/x1", None, "task_id"),
        ("post", "/api/v1/tasks/1/progress", {"progress": 101}, "progress"),
        ("post", "/api/v1/tasks/1/progress", {"progres": 5}, "progress"),
    ],
)
def test_wrong_input_is_a_4xx_json_naming_the_field(api_client, dept, method, url, body, field):
    client = api_client(dept)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert field in str(response.json()["detail"])


def test_outsider_and_anonymous(api_client, client, outsider, active_city):
    assert client.get("/api/v1/frameworks/").status_code == 401
    outsider_client = api_client(outsider)
    assert outsider_client.get("/api/v1/frameworks/").json() == []
    assert outsider_client.get(f"/api/v1/frameworks/{active_city.pk}").status_code == 404
    assert outsider_client.get("/api/v1/tasks/mine").json()["count"] == 0
