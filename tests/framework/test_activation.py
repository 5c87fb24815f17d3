"""The points check, activation, task generation and versions."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tests.framework.factories import tree_dump, xlsx
from wenming.framework import selectors, services
from wenming.framework.models import Framework, Indicator, Task

UNBALANCED = [
    ["一级指标", "二级指标", "分值", "测评方法", "牵头单位"],
    ["公共秩序（6分）", "交通秩序", 2, "实地考察", "市交警支队"],
    ["公共秩序（6分）", "市场秩序", 3, "实地考察", "市民政局"],
    ["特色指标（2分）", "特色亮点", 2, "网上申报", "市文明办"],
]


def unbalanced(title=None) -> Framework:
    return services.import_framework(
        actor=None, data=xlsx(UNBALANCED, title=title), filename="t.xlsx"
    )


def test_default_city_framework_sums_to_100_plus_a_feature_section(city_framework):
    tree = selectors.framework_tree(city_framework)
    assert tree.problems == []
    assert (tree.basic_total, tree.feature_total) == (Decimal(100), Decimal(5))
    assert city_framework.total_points == 100
    feature = [r.indicator for r in tree.rows if r.indicator.depth == 1 and r.indicator.is_feature]
    assert [f.name for f in feature] == ["特色指标"]
    leaves = [r.indicator for r in tree.rows if r.is_leaf]
    assert {leaf.method for leaf in leaves} == {"material", "inspection", "survey", "metric"}
    assert all(leaf.lead_unit is not None for leaf in leaves)


@time_machine.travel(date(2026, 3, 15))
def test_default_framework_activates_and_generates_a_task_per_leaf_unit_and_period(
    city_framework, units
):
    activation = services.activate_framework(actor=None, framework_id=city_framework.pk)
    city_framework.refresh_from_db()
    assert city_framework.status == "active" and city_framework.effective_from == date(2026, 3, 15)
    # 养老机构安全管理 is monthly: one task per month from activation to the year's end.
    monthly = Task.objects.filter(indicator__name="养老机构安全管理", unit=units["civil"]).order_by(
        "due"
    )
    assert [t.due for t in monthly][:2] == [date(2026, 3, 31), date(2026, 4, 30)]
    assert monthly.count() == 10 and monthly[0].period_start == date(2026, 3, 15)
    # 路口通行秩序: the 交警支队 leads, every district government takes part, each month.
    crossing = Task.objects.filter(indicator__name="路口通行秩序", due=date(2026, 3, 31))
    assert {(t.unit_id, t.is_lead) for t in crossing} == {
        (units["traffic"].pk, True),
        (units["tja_gov"].pk, False),
        (units["xjj_gov"].pk, False),
    }
    assert all(t.region_id == t.unit.region_id for t in crossing)
    expected = 0
    for leaf in Indicator.objects.filter(framework=city_framework, children__isnull=True):
        responsible = {
            leaf.lead_unit_id,
            *leaf.joint_lead_units.values_list("pk", flat=True),
            *leaf.co_units.values_list("pk", flat=True),
        }
        expected += len(responsible) * {"once": 1, "monthly": 10, "quarterly": 4}[leaf.cadence]
    assert activation.tasks_created == expected == Task.objects.count()
    assert services.generate_tasks(framework=city_framework) == 0  # re-running adds nothing


def test_unbalanced_framework_cannot_be_activated_and_the_page_names_node_and_difference(
    login, coordinator, units
):
    framework = unbalanced()
    with pytest.raises(services.TotalsMismatch) as mismatch:
        services.activate_framework(actor=None, framework_id=framework.pk)
    [problem] = mismatch.value.problems
    assert (problem.node.code, problem.node.name, problem.difference) == (
        "1",
        "公共秩序",
        Decimal(1),
    )
    client = login(coordinator)
    page = client.get(reverse("framework:detail", args=[framework.pk])).content.decode()
    assert "1 公共秩序：本级 6 分，下级合计 5 分，相差 1 分。" in page
    response = client.post(reverse("framework:activate", args=[framework.pk]), follow=True)
    assert "分值不平衡，不能启用" in response.content.decode()
    framework.refresh_from_db()
    assert framework.status == "draft" and Task.objects.count() == 0


def test_full_mark_in_the_title_is_checked_against_the_basic_indicators(login, coordinator, units):
    rows = [list(r) for r in UNBALANCED]
    rows[1][0] = rows[2][0] = "公共秩序"
    framework = services.import_framework(
        actor=None, data=xlsx(rows, title="某市测评体系（满分10分）"), filename="t.xlsx"
    )
    assert framework.name == "某市测评体系" and framework.total_points == 10
    [problem] = selectors.framework_tree(framework).problems
    assert problem.node is None and problem.difference == Decimal(5)
    page = login(coordinator).get(reverse("framework:detail", args=[framework.pk])).content.decode()
    assert "基础指标：满分 10 分，一级指标合计 5 分，相差 5 分。" in page


def test_balanced_tree_page_shows_totals_and_the_check(login, coordinator, city_framework):
    response = login(coordinator).get(reverse("framework:detail", args=[city_framework.pk]))
    text = response.content.decode()
    assert "分值核对无误：基础指标合计 100 分，特色指标 5 分。" in text
    assert 'data-testid="total-5">15</td>' in text


def test_a_new_version_is_a_deep_copy_and_activating_it_retires_the_old_one(city_framework, units):
    services.activate_framework(actor=None, framework_id=city_framework.pk, today=date(2026, 1, 1))
    old_tasks = set(Task.objects.values_list("pk", flat=True))
    copy = services.new_version(actor=None, framework_id=city_framework.pk)
    assert (copy.version, copy.previous, copy.status) == (2, city_framework, "draft")
    assert tree_dump(copy) == tree_dump(city_framework)
    assert not Indicator.objects.filter(framework=copy).filter(
        pk__in=Indicator.objects.filter(framework=city_framework)
    )

    activation = services.activate_framework(
        actor=None, framework_id=copy.pk, today=date(2026, 7, 1)
    )
    city_framework.refresh_from_db()
    assert activation.retired == city_framework
    assert (city_framework.status, city_framework.effective_to) == ("retired", date(2026, 7, 1))
    # The old version's tasks stay with the old version's indicators.
    assert (
        set(Task.objects.filter(indicator__framework=city_framework).values_list("pk", flat=True))
        == old_tasks
    )
    assert Task.objects.filter(indicator__framework=copy).count() == activation.tasks_created > 0
    assert Framework.objects.filter(status="active").count() == 1


def test_only_drafts_can_be_activated(city_framework):
    services.activate_framework(actor=None, framework_id=city_framework.pk)
    with pytest.raises(services.FrameworkError):
        services.activate_framework(actor=None, framework_id=city_framework.pk)


def test_drafts_are_for_the_office_active_frameworks_for_everyone(
    client, login, coordinator, dept, city_framework
):
    url = reverse("framework:detail", args=[city_framework.pk])
    assert login(dept).get(url).status_code == 404
    assert login(coordinator).get(url).status_code == 200
    services.activate_framework(actor=None, framework_id=city_framework.pk)
    assert login(dept).get(url).status_code == 200
    assert city_framework.name in login(dept).get(reverse("framework:index")).content.decode()


@pytest.mark.parametrize("action", ["activate", "new_version"])
def test_liaison_may_not_change_frameworks(login, dept, city_framework, action):
    services.activate_framework(actor=None, framework_id=city_framework.pk)
    assert (
        login(dept).post(reverse(f"framework:{action}", args=[city_framework.pk])).status_code
        == 403
    )


@time_machine.travel(date(2026, 11, 23))
def test_the_office_activates_from_a_chosen_date_on_the_page(
    login, coordinator, city_framework, units
):
    response = login(coordinator).post(
        reverse("framework:activate", args=[city_framework.pk]),
        {"effective_from": "2026-10-01"},
        follow=True,
    )
    city_framework.refresh_from_db()
    assert (city_framework.status, city_framework.effective_from) == ("active", date(2026, 10, 1))
    assert f"已启用，生成任务 {Task.objects.count()} 项。" in response.content.decode()
    monthly = Task.objects.filter(indicator__name="养老机构安全管理").order_by("due")
    assert [(t.period_start, t.due) for t in monthly] == [
        (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 31)),
    ]
    # 序时进度 on 23 November for the quarter's task: 53 of 91 days.
    quarterly = Task.objects.get(indicator__name="老年助餐服务")
    assert quarterly.expected_progress == 100 * 53 // 91
