"""一居一策: a weak community's plan (measures, milestones with responsible units, funds), its
序时进度, and the 整改通知书 a plan behind schedule gets — through the case loop and its notices
(cases.services.report_case + cases.notices.create_notice), not a second notice system.

Plan states (one table, wenming.workflow):

    draft ──activate──▶ active ──complete──▶ done
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import services as case_services
from wenming.cases.models import NoticeKind, Severity, Source
from wenming.cases.notices import case_summary, create_notice
from wenming.community import permissions, selectors
from wenming.community.models import (
    Fund,
    Measure,
    MeasureKind,
    Milestone,
    Plan,
    PlanEvent,
    PlanNotice,
    PlanState,
)
from wenming.community.services import CommunityError, clean_text
from wenming.numbers import clean_number
from wenming.regions.models import Role, Unit
from wenming.regions.permissions import role_of
from wenming.workflow import Transition, Workflow, WorkflowError

CATEGORY = "社区达标进度滞后"
RUNNERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.WELFARE})


def _role(actor) -> str | None:
    if actor is not None and getattr(actor, "is_superuser", False):
        return Role.ADMIN
    return role_of(actor)


def _write_event(plan, *, actor, action, from_state, transition, data, note):
    PlanEvent.objects.create(
        plan=plan,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=plan.state,
        note=note,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        summary=f"{transition.label}：{plan}",
        changes={"state": [from_state, plan.state]},
    )


PLAN_FLOW = Workflow(
    "community_plan",
    {
        PlanState.DRAFT: {
            "activate": Transition(PlanState.ACTIVE, RUNNERS, "any", gettext_lazy("启动实施")),
        },
        PlanState.ACTIVE: {
            "complete": Transition(
                PlanState.DONE, RUNNERS, "any", gettext_lazy("确认达标"), style="success"
            ),
        },
        PlanState.DONE: {},
    },
    role_of=_role,
    on_transition=_write_event,
)


@PLAN_FLOW.handler("activate")
def _activate(plan, **_data):
    if not plan.milestones.exists():
        raise WorkflowError(_("请先为计划添加至少一个节点。"), code=WorkflowError.INPUT)


@PLAN_FLOW.handler("complete")
def _complete(plan, **_data):
    if plan.milestones.filter(done_on__isnull=True).exists():
        raise WorkflowError(_("还有未完成的节点，不能确认达标。"), code=WorkflowError.INPUT)


EVENT_LABELS = {
    "create": gettext_lazy("制订计划"),
    "milestone": gettext_lazy("节点完成"),
    "notice": gettext_lazy("下发整改通知书"),
    **PLAN_FLOW.labels,
}


def events_of(plan: Plan) -> list[PlanEvent]:
    events = list(plan.events.select_related("actor"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
    return events


def _ensure_runner(actor) -> None:
    if not permissions.can(actor, permissions.MANAGE):
        raise PermissionDenied


def create_plan(*, actor, community_id: int, title: str, start: date, target: date) -> Plan:
    _ensure_runner(actor)
    community = selectors.get_community_for(actor, community_id)
    if start is None or target is None:
        raise CommunityError(_("请填写开始日期和计划达标日期。"), field="target")
    if target < start:
        raise CommunityError(_("计划达标日期不能早于开始日期。"), field="target")
    title = clean_text(title, 200) or _("%(c)s达标推进计划") % {"c": community}
    with transaction.atomic():
        if Plan.objects.filter(community=community).exclude(state=PlanState.DONE).exists():
            raise CommunityError(_("%(c)s已有在推进的一居一策计划。") % {"c": community})
        plan = Plan.objects.create(
            community=community,
            region_id=community.region_id,
            title=title,
            start=start,
            target=target,
            created_by=actor,
        )
        PlanEvent.objects.create(plan=plan, actor=actor, action="create", to_state=plan.state)
        record(actor=actor, action=AuditAction.CREATE, obj=plan, summary=f"制订一居一策：{plan}")
    return plan


def _plan_to_change(actor, plan_id: int) -> Plan:
    _ensure_runner(actor)
    plan = selectors.get_plan_for(actor, plan_id)
    if plan.state == PlanState.DONE:
        raise CommunityError(_("计划已达标结束，不能再修改。"))
    return plan


def add_measure(*, actor, plan_id: int, kind: str, description: str) -> Measure:
    plan = _plan_to_change(actor, plan_id)
    if kind not in MeasureKind.values:
        raise CommunityError(
            _("请选择措施类型（新建、改建、购买、租借、服务提升）。"), field="kind"
        )
    description = clean_text(description, 300)
    if not description:
        raise CommunityError(_("请填写措施内容。"), field="description")
    with transaction.atomic():
        measure = Measure.objects.create(plan=plan, kind=kind, description=description)
        record(actor=actor, action=AuditAction.CREATE, obj=measure, summary=f"{plan}：{measure}")
    return measure


def add_milestone(*, actor, plan_id: int, title: str, due: date, unit_id: int) -> Milestone:
    plan = _plan_to_change(actor, plan_id)
    title = clean_text(title, 200)
    if not title:
        raise CommunityError(_("请填写节点内容。"), field="title")
    if due is None:
        raise CommunityError(_("请填写完成时限。"), field="due")
    if due < plan.start or due > plan.target:
        raise CommunityError(
            _("节点时限应在计划期内（%(s)s 至 %(t)s）。")
            % {"s": plan.start.isoformat(), "t": plan.target.isoformat()},
            field="due",
        )
    unit = Unit.objects.filter(pk=unit_id, is_active=True).first() if unit_id else None
    if unit is None:
        raise CommunityError(_("请选择责任单位。"), field="unit")
    with transaction.atomic():
        milestone = Milestone.objects.create(plan=plan, title=title, due=due, unit=unit)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=milestone,
            summary=f"{plan}：节点 {title}（{due}，{unit.short_name or unit.name}）",
        )
    return milestone


def finish_milestone(*, actor, milestone_id: int, done_on: date | None = None) -> Milestone:
    """A milestone is done: the plan's runners, or the milestone's responsible unit, say so."""
    milestone = Milestone.objects.filter(pk=milestone_id).select_related("plan").first()
    if milestone is None:
        raise CommunityError(_("节点不存在。"))
    plan = selectors.get_plan_for(actor, milestone.plan_id)
    own = permissions.can(actor, permissions.RECORD) and permissions.is_own_unit(
        actor, milestone.unit_id
    )
    if not (permissions.can(actor, permissions.MANAGE) or own):
        raise PermissionDenied
    if plan.state != PlanState.ACTIVE:
        raise CommunityError(_("计划启动实施后才能登记节点完成。"))
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise CommunityError(_("完成日期不能晚于今天。"), field="done_on")
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is not None:
            return milestone
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        PlanEvent.objects.create(
            plan=plan,
            actor=actor,
            action="milestone",
            from_state=plan.state,
            to_state=plan.state,
            note=milestone.title,
        )
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=milestone,
            summary=f"{plan}：节点完成 {milestone.title}",
        )
    return milestone


def add_fund(*, actor, plan_id: int, amount, source: str, note: str = "") -> Fund:
    plan = _plan_to_change(actor, plan_id)
    amount = clean_number(Fund, "amount", amount, minimum="0.01", error=CommunityError)
    if amount is None:
        raise CommunityError(_("请填写金额。"), field="amount")
    source = clean_text(source, 100)
    if not source:
        raise CommunityError(_("请填写资金来源。"), field="source")
    with transaction.atomic():
        fund = Fund.objects.create(
            plan=plan, amount=amount, source=source, note=clean_text(note, 200)
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=fund,
            summary=f"{plan}：资金 {amount} 元（{source}）",
        )
    return fund


def act(*, actor, plan_id: int, action: str, note: str = "") -> Plan:
    """Move a plan along its table (启动实施, 确认达标)."""
    selectors.get_plan_for(actor, plan_id)  # 404 outside the scope
    try:
        return PLAN_FLOW.run(plan_id, action, actor=actor, model=Plan, note=note)
    except WorkflowError as refused:
        if refused.code == WorkflowError.FORBIDDEN:
            raise PermissionDenied from refused
        raise CommunityError(refused.message) from refused


# --- 整改通知书 for a plan behind schedule ------------------------------------------------------


def _describe(plan: Plan, progress: selectors.Progress) -> str:
    late = "；".join(
        _("“%(t)s”应于 %(d)s 完成（责任单位：%(u)s）")
        % {"t": m.title, "d": m.due.isoformat(), "u": m.unit.short_name or m.unit.name}
        for m in progress.late
    )
    return _(
        "%(c)s一居一策计划“%(p)s”达不到序时进度：应完成节点 %(due)s 个，实际完成 %(done)s 个。"
        "滞后节点：%(late)s。"
    ) % {
        "c": plan.community,
        "p": plan.title,
        "due": progress.due,
        "done": progress.done,
        "late": late,
    }


def _milestone_to_notify(plan: Plan, progress, *, system: bool):
    """The first late milestone of an active plan behind schedule that has no notice yet. The
    daily job (``system``) gets None when there is none; a person gets told why."""
    if plan.state != PlanState.ACTIVE or not progress.behind:
        if system:
            return None
        raise CommunityError(_("该计划未落后于序时进度，无需下发整改通知书。"))
    milestone = progress.late[0]
    done = PlanNotice.objects.filter(plan=plan, milestone=milestone).first()
    if done is None:
        return milestone
    if system:
        return None
    raise CommunityError(
        _("已就节点“%(t)s”下发整改通知书 %(n)s，请跟踪督办。")
        % {"t": milestone.title, "n": done.notice.number}
    )


def _rectification_notice(actor, community, case, description: str):
    return create_notice(
        actor=actor,
        kind=NoticeKind.RECTIFICATION,
        unit=community.unit,
        cases=[case],
        case=case,
        title=_("关于社区创建达标推进滞后限期整改的通知"),
        content={
            "intro": description
            + _("现予通报，请对照一居一策计划逐项落实，于整改期限内赶上序时进度。"),
            "cases": [case_summary(case)],
            "requirements": [
                _("社区主要负责同志要亲自研究，会同各节点责任单位明确措施，倒排工期。"),
                _("整改完成后，通过平台登记节点完成情况并提交整改结果，由创城办组织复核。"),
                _("逾期仍未赶上序时进度的，将下发督办单，跟踪督办，并在通报中点名。"),
            ],
        },
    )


def issue_behind_notice(*, actor, plan_id: int, system: bool = False) -> PlanNotice | None:
    """整改通知书 for a plan behind schedule: a case for the community (the case loop then holds
    it to a deadline and escalates it) and the numbered notice listing it. At most one per late
    milestone — a second click or a re-run of the daily job finds it and returns None."""
    if not system:
        selectors.get_plan_for(actor, plan_id)  # 404 outside the scope, before the role's 403
        if not permissions.can(actor, permissions.ISSUE_NOTICE):
            raise PermissionDenied
    actor = None if system else actor
    try:
        with transaction.atomic():
            plan = (
                Plan.objects.select_for_update()
                .select_related("community__unit__region", "community__region")
                .get(pk=plan_id)
            )
            progress = selectors.plan_progress(plan, timezone.localdate())
            milestone = _milestone_to_notify(plan, progress, system=system)
            if milestone is None:
                return None
            description = _describe(plan, progress)
            community = plan.community
            case = case_services.report_case(
                actor=actor,
                system=system,
                source=Source.INSPECTION,
                category=CATEGORY,
                severity=Severity.GENERAL,
                description=description,
                region=community.region,
                unit=community.unit,
                address=community.unit.name,
            )
            notice = _rectification_notice(actor, community, case, description)
            plan_notice = PlanNotice.objects.create(
                plan=plan, milestone=milestone, case=case, notice=notice
            )
            PlanEvent.objects.create(
                plan=plan,
                actor=actor,
                action="notice",
                from_state=plan.state,
                to_state=plan.state,
                note=notice.number,
            )
            record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=notice,
                summary=f"一居一策进度滞后，下发整改通知书 {notice.number} → {community.unit.name}",
            )
            return plan_notice
    except IntegrityError:
        # Another worker issued it between our check and our insert.
        return None
