"""一居一策 plans: measures, milestones, funds, actions and notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.community import permissions, plans, selectors, services
from wenming.community.forms import FundForm, MeasureForm, MilestoneForm, PlanForm
from wenming.community.views.page import ensure, post_form, refused
from wenming.regions.models import UnitKind
from wenming.regions.selectors import units_visible_to


@login_required
def plan_new(request, pk: int):
    user = request.user
    community = selectors.get_community_for(user, pk)  # 404 before 403: not known, not yours
    ensure(user, permissions.MANAGE)
    today = timezone.localdate()
    form = PlanForm(request.POST or None, initial={"start": today})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = plans.create_plan(
                    actor=user,
                    community_id=community.pk,
                    title=form.cleaned_data["title"],
                    start=form.cleaned_data["start"],
                    target=form.cleaned_data["target"],
                )
            except services.CommunityError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("community:plan", plan.pk)
        status = 422
    return render(
        request, "community/plan_form.html", {"community": community, "form": form}, status=status
    )


def _plan_units(user, plan):
    """Who may answer for a milestone: the community, its street and district, departments."""
    return units_visible_to(user).exclude(kind=UnitKind.COMMUNITY).filter(
        region__pk__in=[
            plan.community.region_id[:9] + "000",
            plan.community.region_id[:6] + "000000",
            plan.community.region_id[:4] + "00000000",
        ]
    ) | units_visible_to(user).filter(pk=plan.community.unit_id)


@login_required
def plan_detail(request, pk: int):
    user = request.user
    plan = selectors.get_plan_for(user, pk)
    can_manage = permissions.can(user, permissions.MANAGE)
    return render(
        request,
        "community/plan.html",
        {
            "plan": plan,
            "community": plan.community,
            "progress": selectors.plan_progress(plan),
            "milestones": plan.milestones.select_related("unit"),
            "funds": plan.funds.all(),
            "fund_total": services.total_amount(f.amount for f in plan.funds.all()),
            "measures": plan.measures.all(),
            "notices": plan.notices.select_related("notice", "milestone", "case"),
            "events": plans.events_of(plan),
            "actions": [
                (a, plans.PLAN_FLOW.transition(plan.state, a))
                for a in plans.PLAN_FLOW.allowed(user, plan)
            ],
            "can_manage": can_manage,
            "can_notice": permissions.can(user, permissions.ISSUE_NOTICE),
            "measure_form": MeasureForm(),
            "milestone_form": MilestoneForm(units=_plan_units(user, plan)),
            "fund_form": FundForm(),
            "today": timezone.localdate(),
        },
    )


def _back_to_plan(pk: int) -> str:
    return reverse("community:plan", args=[pk])


@login_required
@require_POST
def plan_measure(request, pk: int):
    return post_form(
        request,
        MeasureForm(request.POST),
        lambda d: plans.add_measure(
            actor=request.user, plan_id=pk, kind=d["kind"], description=d["description"]
        ),
        done=_("已添加措施。"),
        owner=lambda: selectors.get_plan_for(request.user, pk),
        back=_back_to_plan(pk),
    )


@login_required
@require_POST
def plan_milestone(request, pk: int):
    plan = selectors.get_plan_for(request.user, pk)
    return post_form(
        request,
        MilestoneForm(request.POST, units=_plan_units(request.user, plan)),
        lambda d: plans.add_milestone(
            actor=request.user, plan_id=pk, title=d["title"], due=d["due"], unit_id=d["unit"]
        ),
        done=_("已添加节点。"),
        owner=lambda: selectors.get_plan_for(request.user, pk),
        back=_back_to_plan(pk),
    )


@login_required
@require_POST
def plan_fund(request, pk: int):
    return post_form(
        request,
        FundForm(request.POST),
        lambda d: plans.add_fund(
            actor=request.user, plan_id=pk, amount=d["amount"], source=d["source"], note=d["note"]
        ),
        done=_("已登记资金。"),
        owner=lambda: selectors.get_plan_for(request.user, pk),
        back=_back_to_plan(pk),
    )


@login_required
@require_POST
def milestone_done(request, pk: int):
    milestone = selectors.get_milestone_for(request.user, pk)
    try:
        plans.finish_milestone(actor=request.user, milestone_id=pk)
    except services.CommunityError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("节点已完成。"))
    return redirect("community:plan", milestone.plan_id)


@login_required
@require_POST
def plan_act(request, pk: int):
    try:
        plans.act(actor=request.user, plan_id=pk, action=request.POST.get("action", ""))
    except services.CommunityError as exc:
        refused(request, exc)
    return redirect("community:plan", pk)


@login_required
@require_POST
def plan_notice(request, pk: int):
    try:
        done = plans.issue_behind_notice(actor=request.user, plan_id=pk)
    except services.CommunityError as exc:
        refused(request, exc)
    else:
        if done is not None:
            messages.success(request, _("已下发整改通知书 %(n)s。") % {"n": done.notice.number})
    return redirect("community:plan", pk)


@login_required
def plan_list(request):
    user = request.user
    ensure(user, permissions.VIEW)
    behind = request.GET.get("behind") == "1"
    plans_shown = selectors.plans_behind_for(user) if behind else selectors.plans_visible_to(user)
    rows = [(p, selectors.plan_progress(p)) for p in plans_shown]
    return render(
        request,
        "community/plan_list.html",
        {"rows": rows, "behind": behind},
    )
