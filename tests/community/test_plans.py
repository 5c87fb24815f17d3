"""一居一策: a plan behind 序时进度 gets exactly one 整改通知书 through the case loop, whether the
daily job runs once or twice, or the coordinator clicks afterwards."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from wenming.cases.models import Case, Notice, NoticeKind, State
from wenming.community import plans
from wenming.community.models import Milestone, Plan, PlanNotice, PlanState
from wenming.community.selectors import plan_progress
from wenming.community.services import CommunityError

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _plan(coordinator, community, units, *, late: bool) -> Plan:
    today = timezone.localdate()
    plan = plans.create_plan(
        actor=coordinator,
        community_id=community.pk,
        title="",
        start=today - timedelta(days=60),
        target=today + timedelta(days=60),
    )
    plans.add_measure(
        actor=coordinator, plan_id=plan.pk, kind="rent", description="租借临街商铺 120 平方米"
    )
    first = plans.add_milestone(
        actor=coordinator,
        plan_id=plan.pk,
        title="签订租借合同",
        due=today - timedelta(days=10),
        unit_id=units["tiandong"].pk,
    )
    plans.add_milestone(
        actor=coordinator,
        plan_id=plan.pk,
        title="投入使用",
        due=today + timedelta(days=30),
        unit_id=units["tja_gov"].pk,
    )
    plans.add_fund(actor=coordinator, plan_id=plan.pk, amount="50000", source="市级奖补")
    plans.act(actor=coordinator, plan_id=plan.pk, action="activate")
    if not late:
        plans.finish_milestone(actor=coordinator, milestone_id=first.pk)
    return Plan.objects.get(pk=plan.pk)


def _tick():
    call_command("tick", stdout=io.StringIO())


def test_plan_behind_schedule_gets_exactly_one_notice_when_the_job_runs_twice(
    coordinator, communities, units, immediate_tasks
):
    guangming = communities["guangming"]
    plan = _plan(coordinator, guangming, units, late=True)
    progress = plan_progress(plan)
    assert progress.behind and (progress.done, progress.due, progress.expected_percent) == (
        0,
        1,
        50,
    )

    _tick()
    _tick()

    notices = Notice.objects.filter(kind=NoticeKind.RECTIFICATION)
    assert notices.count() == 1
    notice = notices.get()
    assert notice.unit_id == guangming.unit_id and notice.number.startswith("淮创城整〔")
    case = Case.objects.get()
    assert case.state == State.DISPATCHED and case.unit_id == guangming.unit_id
    assert case.due is not None and case.reporter_name == "系统"
    assert list(notice.cases.all()) == [case]
    assert "签订租借合同" in notice.content["intro"] and "达不到序时进度" in notice.content["intro"]
    assert PlanNotice.objects.get().milestone.title == "签订租借合同"

    # The coordinator's click afterwards is refused with the notice it would duplicate.
    with pytest.raises(CommunityError, match=re.escape(notice.number)):
        plans.issue_behind_notice(actor=coordinator, plan_id=plan.pk)
    assert Notice.objects.count() == 1


def test_the_notice_renders_as_a_red_headed_pdf(coordinator, communities, units, immediate_tasks):
    from tests.documents import pdfcheck
    from wenming.cases.notices import render_notice

    _plan(coordinator, communities["guangming"], units, late=True)
    _tick()
    text = pdfcheck.text(render_notice(Notice.objects.get(), "pdf"))
    assert "关于社区创建达标推进滞后限期整改的通知" in text and "签订租借合同" in text


def test_a_plan_on_schedule_gets_none_and_a_click_says_why(
    coordinator, communities, units, immediate_tasks
):
    plan = _plan(coordinator, communities["guangming"], units, late=False)
    _tick()
    assert not Notice.objects.exists()
    with pytest.raises(CommunityError, match="未落后于序时进度"):
        plans.issue_behind_notice(actor=coordinator, plan_id=plan.pk)


def test_one_click_issues_it_and_the_page_lists_it(login, coordinator, communities, units):
    plan = _plan(coordinator, communities["guangming"], units, late=True)
    client = login(coordinator)
    page = client.get(f"/community/plans/{plan.pk}/").content.decode()
    assert "达不到序时进度" in page and 'data-testid="plan-notice"' in page
    client.post(f"/community/plans/{plan.pk}/notice/")
    client.post(f"/community/plans/{plan.pk}/notice/")
    assert Notice.objects.count() == 1
    page = client.get(f"/community/plans/{plan.pk}/").content.decode()
    assert Notice.objects.get().number in page


def test_a_later_milestone_falling_late_gets_its_own_notice(
    coordinator, communities, units, immediate_tasks
):
    plan = _plan(coordinator, communities["guangming"], units, late=True)
    _tick()
    first, second = Milestone.objects.filter(plan=plan).order_by("due")
    plans.finish_milestone(actor=coordinator, milestone_id=first.pk)
    Milestone.objects.filter(pk=second.pk).update(due=timezone.localdate() - timedelta(days=1))
    _tick()
    _tick()
    assert Notice.objects.count() == 2


def test_liaison_cannot_issue_and_plans_need_milestones(
    coordinator, community1, communities, units
):
    from django.core.exceptions import PermissionDenied

    today = timezone.localdate()
    plan = plans.create_plan(
        actor=coordinator,
        community_id=communities["guangming"].pk,
        title="",
        start=today,
        target=today + timedelta(days=90),
    )
    with pytest.raises(CommunityError, match="至少一个节点"):
        plans.act(actor=coordinator, plan_id=plan.pk, action="activate")
    with pytest.raises(PermissionDenied):
        plans.act(actor=community1, plan_id=plan.pk, action="activate")
    with pytest.raises(PermissionDenied):
        plans.issue_behind_notice(actor=community1, plan_id=plan.pk)
    with pytest.raises(CommunityError, match="已有在推进"):
        plans.create_plan(
            actor=coordinator,
            community_id=communities["guangming"].pk,
            title="",
            start=today,
            target=today + timedelta(days=9),
        )


class PlanStateMachine(TestCase):
    """Whatever the order of clicks, a plan only moves draft → active → done, done is final, and
    it is done only with every milestone finished."""

    @settings(max_examples=15, deadline=None)
    @given(st.lists(st.sampled_from(["activate", "complete", "finish", "milestone"]), max_size=8))
    def test_plan_states_follow_the_table(self, steps):
        from tests.regions.factories import UnitFactory, person
        from wenming.community import services
        from wenming.regions.models import Region, RegionLevel, Role, UnitKind

        city = Region.objects.create(code="340400000000", name="淮南市", level=RegionLevel.CITY)
        office = UnitFactory(name="市文明办全称", short_name="市文明办", kind="office", region=city)
        street_region = Region.objects.create(
            code="340403001000", name="田东街道", level=RegionLevel.TOWN, parent=city
        )
        region = Region.objects.create(
            code="340403001001", name="光明社区", level=RegionLevel.VILLAGE, parent=street_region
        )
        unit = UnitFactory(
            name="光明社区居委会", short_name="光明社区", kind=UnitKind.COMMUNITY, region=region
        )
        coordinator = person(username="c", unit=office, role=Role.COORDINATOR)
        community = services.enrol(actor=None, unit=unit)
        today = timezone.localdate()
        plan = plans.create_plan(
            actor=coordinator,
            community_id=community.pk,
            title="",
            start=today,
            target=today + timedelta(days=30),
        )
        for step in steps:
            before = Plan.objects.get(pk=plan.pk).state
            try:
                if step == "milestone":
                    plans.add_milestone(
                        actor=coordinator,
                        plan_id=plan.pk,
                        title="节点",
                        due=today,
                        unit_id=office.pk,
                    )
                elif step == "finish":
                    open_one = Milestone.objects.filter(plan=plan, done_on=None).first()
                    if open_one:
                        plans.finish_milestone(actor=coordinator, milestone_id=open_one.pk)
                else:
                    plans.act(actor=coordinator, plan_id=plan.pk, action=step)
            except CommunityError:
                assert Plan.objects.get(pk=plan.pk).state == before
            after = Plan.objects.get(pk=plan.pk).state
            assert (before, after) in {
                (PlanState.DRAFT, PlanState.DRAFT),
                (PlanState.DRAFT, PlanState.ACTIVE),
                (PlanState.ACTIVE, PlanState.ACTIVE),
                (PlanState.ACTIVE, PlanState.DONE),
                (PlanState.DONE, PlanState.DONE),
            }
            if after == PlanState.DONE:
                assert not Milestone.objects.filter(plan=plan, done_on=None).exists()
