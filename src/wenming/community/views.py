"""Pages of the community standard: the city table, a community's page, its ledger (entered on a
phone), the monthly book, plans and pairings. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.community import assessment, book, pairings, permissions, plans, selectors, services
from wenming.community.forms import (
    ActivityForm,
    DisbursementForm,
    FacilityForm,
    FundForm,
    LedgerEntryForm,
    MeasureForm,
    MilestoneForm,
    PairingForm,
    PartyReportForm,
    PlanForm,
    ProfileForm,
    RoomForm,
    WeakForm,
)
from wenming.community.models import (
    FacilityKind,
    PlanState,
    WeakOverride,
)
from wenming.community.standards import STANDARDS
from wenming.downloads import attachment
from wenming.media import file_response
from wenming.periods import PeriodError, PeriodKind, parse_period, period_containing
from wenming.regions.models import UnitKind
from wenming.regions.selectors import get_unit_for, regions_visible_to, units_visible_to
from wenming.scoring.services import ScoringError
from wenming.uploads import UploadRejected

PAGE_SIZE = 100
DOC_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _ensure(user, action: str) -> None:
    if not permissions.can(user, action):
        raise PermissionDenied


def _month(request, *, default_current: bool = False):
    """The month asked for (?month=2026-11); else the 考核月 (the last complete month) or this one."""
    today = timezone.localdate()
    current = period_containing(PeriodKind.MONTH, today)
    text = (request.GET.get("month") or "").strip()
    if text:
        try:
            period = parse_period(text)
        except PeriodError:
            period = None
        if period is not None and period.kind == PeriodKind.MONTH and period.start <= today:
            return period
    return current if default_current else current.previous()


def _months(today=None) -> list:
    current = period_containing(PeriodKind.MONTH, today or timezone.localdate())
    months = [current]
    for _i in range(11):
        months.append(months[-1].previous())
    return months


def _refused(request, exc: Exception) -> None:
    if isinstance(exc, UploadRejected):
        messages.error(request, exc.messages[0])
    else:
        messages.error(request, getattr(exc, "message", str(exc)))


def _post_form(request, form, call: Callable, *, done: str, back: str, owner: Callable):
    """Validate a small form posted from a page, call the service, go back with a message.
    ``owner()`` fetches what the form changes first: outside the scope is a 404 whatever was sent."""
    owner()
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        messages.error(request, first)
        return redirect(back)
    try:
        call(form.cleaned_data)
    except (services.CommunityError, UploadRejected, ScoringError) as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)
    return redirect(back)


# --- city table and community page -------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    _ensure(user, permissions.VIEW)
    if not permissions.can(user, permissions.MANAGE):
        own = list(selectors.own_communities(user)[:2])
        if len(own) == 1:
            return redirect("community:detail", own[0].pk)
    period = _month(request)
    district = (request.GET.get("district") or "").strip()[:12]
    failing = request.GET.get("failing", "")
    weak_only = request.GET.get("weak") == "1"
    communities = selectors.communities_visible_to(
        user, search=(request.GET.get("q") or "")[:50], district=district
    )
    rows = selectors.evaluate_communities(
        communities, period, score_rates=assessment.score_rates(period)
    )
    table = selectors.city_table(rows)
    shown = rows
    if weak_only:
        shown = [r for r in shown if r.evaluation.is_weak]
    if failing in dict(STANDARDS):
        shown = [r for r in shown if not r.evaluation.met(failing)]
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/index.html",
        {
            "period": period,
            "months": _months(),
            "table": table,
            "page": page,
            "standards": STANDARDS,
            "districts": regions_visible_to(user, level="county"),
            "district": district,
            "failing": failing,
            "weak_only": weak_only,
            "q": request.GET.get("q", ""),
            "can_manage": permissions.can(user, permissions.MANAGE),
        },
    )


@login_required
def detail(request, pk: int):
    user = request.user
    community = selectors.get_community_for(user, pk)
    period = _month(request)
    current = period_containing(PeriodKind.MONTH, timezone.localdate())
    rates = assessment.score_rates(period)
    row = selectors.evaluate_communities([community], period, score_rates=rates)[0]
    this_month = selectors.evaluate_communities([community], current)[0]
    plan = (
        community.plans.exclude(state=PlanState.DONE).prefetch_related("milestones").first()
        or community.plans.order_by("-pk").first()
    )
    pairing_rows = selectors.pairing_summaries(
        selectors.pairings_visible_to(user).filter(community=community)
    )
    return render(
        request,
        "community/detail.html",
        {
            "community": community,
            "period": period,
            "months": _months(),
            "current": current,
            "row": row,
            "this_month": this_month,
            "thresholds": selectors.thresholds(),
            "facilities": selectors.facilities_of(community),
            "rooms": selectors.rooms_of(community),
            "recent": selectors.ledger_of(community)[:10],
            "plan": plan,
            "progress": selectors.plan_progress(plan) if plan else None,
            "pairings": pairing_rows,
            "ranking": assessment.ranking(period, {community.unit_id}),
            "can_record": permissions.can_record_for(user, community),
            "can_manage": permissions.can(user, permissions.MANAGE),
            "weak_form": WeakForm(
                initial={"override": community.weak_override, "reason": community.weak_reason}
            ),
            "profile_form": ProfileForm(
                initial={"households": community.households, "population": community.population}
            ),
            "room_form": RoomForm(),
        },
    )


@login_required
@require_POST
def profile_edit(request, pk: int):
    return _post_form(
        request,
        ProfileForm(request.POST),
        lambda d: services.update_profile(
            actor=request.user,
            community_id=pk,
            households=d["households"],
            population=d["population"],
        ),
        done=_("已更新户数和人口。"),
        owner=lambda: selectors.get_community_for(request.user, pk),
        back=reverse("community:detail", args=[pk]),
    )


@login_required
@require_POST
def weak_set(request, pk: int):
    return _post_form(
        request,
        WeakForm(request.POST),
        lambda d: services.set_weak(
            actor=request.user, community_id=pk, override=d["override"], reason=d["reason"]
        ),
        done=_("已调整薄弱社区认定。"),
        owner=lambda: selectors.get_community_for(request.user, pk),
        back=reverse("community:detail", args=[pk]),
    )


@login_required
def facility_edit(request, pk: int, kind: str):
    user = request.user
    community = selectors.get_community_for(user, pk)
    if kind not in FacilityKind.values:
        raise Http404
    if not permissions.can_record_for(user, community):
        raise PermissionDenied
    facility = next(f for f in selectors.facilities_of(community) if f.kind == kind)
    form = FacilityForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "present": facility.present,
            "area_m2": facility.area_m2,
            "opening_hours": facility.opening_hours,
            "address": facility.address,
            "note": facility.note,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_facility(
                    actor=user,
                    community_id=community.pk,
                    kind=kind,
                    present=form.cleaned_data["present"],
                    area_m2=form.cleaned_data["area_m2"],
                    opening_hours=form.cleaned_data["opening_hours"],
                    address=form.cleaned_data["address"],
                    note=form.cleaned_data["note"],
                    photos=form.cleaned_data["photos"],
                )
            except UploadRejected as exc:
                form.add_error("photos", exc.messages[0])
            except services.CommunityError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect("community:detail", community.pk)
        status = 422
    return render(
        request,
        "community/facility_form.html",
        {"community": community, "facility": facility, "form": form},
        status=status,
    )


@login_required
@require_POST
def room_add(request, pk: int):
    return _post_form(
        request,
        RoomForm(request.POST),
        lambda d: services.add_room(
            actor=request.user,
            community_id=pk,
            function=d["function"],
            name=d["name"],
            area_m2=d["area_m2"],
        ),
        done=_("已添加功能室。"),
        owner=lambda: selectors.get_community_for(request.user, pk),
        back=reverse("community:detail", args=[pk]) + "#rooms",
    )


@login_required
@require_POST
def room_remove(request, pk: int):
    community = selectors.get_room_for(request.user, pk).community
    try:
        services.remove_room(actor=request.user, room_id=pk)
    except services.CommunityError as exc:
        _refused(request, exc)
    return redirect(reverse("community:detail", args=[community.pk]) + "#rooms")


@login_required
def facility_photo(request, pk: int):
    photo = selectors.get_facility_photo_for(request.user, pk)
    return file_response(photo.image)


# --- ledger ------------------------------------------------------------------------------------


@login_required
def ledger_new(request, pk: int):
    user = request.user
    community = selectors.get_community_for(user, pk)
    if not permissions.can_record_for(user, community):
        raise PermissionDenied
    leaves = services.community_leaves()
    form = LedgerEntryForm(request.POST or None, request.FILES or None, leaves=leaves)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.record_entry(
                    actor=user,
                    community_id=community.pk,
                    category=data["category"],
                    title=data["title"],
                    held_on=data["held_on"],
                    attendance=data["attendance"],
                    place=data["place"],
                    summary=data["summary"],
                    indicator_id=data["indicator"],
                    uploads=data["files"],
                )
            except UploadRejected as exc:
                form.add_error("files", exc.messages[0])
            except services.CommunityError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("已记入台账：%(t)s") % {"t": entry.title})
                return redirect("community:entry", entry.pk)
        status = 422
    return render(
        request,
        "community/ledger_form.html",
        {"community": community, "form": form},
        status=status,
    )


@login_required
def ledger(request, pk: int):
    community = selectors.get_community_for(request.user, pk)
    period = _month(request, default_current=True)
    entries = selectors.ledger_of(community, period)
    return render(
        request,
        "community/ledger.html",
        {
            "community": community,
            "period": period,
            "months": _months(),
            "entries": entries,
            "can_record": permissions.can_record_for(request.user, community),
        },
    )


@login_required
def entry(request, pk: int):
    item = selectors.get_entry_for(request.user, pk)
    return render(
        request,
        "community/entry.html",
        {
            "entry": item,
            "community": item.community,
            "files": list(item.files.all()),
            "can_record": permissions.can_record_for(request.user, item.community),
        },
    )


@login_required
@require_POST
def entry_hand_in(request, pk: int):
    item = selectors.get_entry_for(request.user, pk)
    try:
        done = services.hand_in_entry(
            actor=request.user, entry_id=item.pk, submit=request.POST.get("submit") == "1"
        )
    except services.CommunityError as exc:
        _refused(request, exc)
        return redirect("community:entry", item.pk)
    except UploadRejected as exc:
        _refused(request, exc)
        return redirect("community:entry", item.pk)
    messages.success(
        request,
        _("已作为申报材料（新建）。") if done.created else _("已加入该任务的申报材料。"),
    )
    return redirect("materials:detail", done.submission_id)


@login_required
def ledger_file(request, pk: int):
    item = selectors.get_ledger_file_for(request.user, pk)
    return file_response(item.file, filename=item.name)


@login_required
def book_download(request, pk: int, fmt: str):
    if fmt not in DOC_TYPES:
        raise Http404
    period = _month(request, default_current=True)
    data, filename = book.export_book(actor=request.user, community_id=pk, period=period, fmt=fmt)
    return attachment(
        data, content_type=DOC_TYPES[fmt], filename=filename, fallback=f"ledger-book.{fmt}"
    )


# --- plans -------------------------------------------------------------------------------------


@login_required
def plan_new(request, pk: int):
    user = request.user
    community = selectors.get_community_for(user, pk)  # 404 before 403: not known, not yours
    _ensure(user, permissions.MANAGE)
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
    return _post_form(
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
    return _post_form(
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
    return _post_form(
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
        _refused(request, exc)
    else:
        messages.success(request, _("节点已完成。"))
    return redirect("community:plan", milestone.plan_id)


@login_required
@require_POST
def plan_act(request, pk: int):
    try:
        plans.act(actor=request.user, plan_id=pk, action=request.POST.get("action", ""))
    except services.CommunityError as exc:
        _refused(request, exc)
    return redirect("community:plan", pk)


@login_required
@require_POST
def plan_notice(request, pk: int):
    try:
        done = plans.issue_behind_notice(actor=request.user, plan_id=pk)
    except services.CommunityError as exc:
        _refused(request, exc)
    else:
        if done is not None:
            messages.success(request, _("已下发整改通知书 %(n)s。") % {"n": done.notice.number})
    return redirect("community:plan", pk)


@login_required
def plan_list(request):
    user = request.user
    _ensure(user, permissions.VIEW)
    behind = request.GET.get("behind") == "1"
    plans_shown = selectors.plans_behind_for(user) if behind else selectors.plans_visible_to(user)
    rows = [(p, selectors.plan_progress(p)) for p in plans_shown]
    return render(
        request,
        "community/plan_list.html",
        {"rows": rows, "behind": behind},
    )


# --- pairings ----------------------------------------------------------------------------------


@login_required
def pairing_list(request):
    user = request.user
    _ensure(user, permissions.VIEW)
    summaries = selectors.pairing_summaries(selectors.pairings_visible_to(user))
    form = None
    if permissions.can(user, permissions.MANAGE):
        form = PairingForm(
            units=units_visible_to(user).exclude(kind=UnitKind.COMMUNITY),
            communities=selectors.communities_visible_to(user),
            initial={"start": timezone.localdate()},
        )
    return render(
        request,
        "community/pairing_list.html",
        {
            "summaries": summaries,
            "form": form,
            "total": services.total_amount(s.spent for s in summaries),
        },
    )


@login_required
@require_POST
def pairing_new(request):
    user = request.user
    _ensure(user, permissions.MANAGE)
    form = PairingForm(
        request.POST,
        units=units_visible_to(user).exclude(kind=UnitKind.COMMUNITY),
        communities=selectors.communities_visible_to(user),
    )
    return _post_form(
        request,
        form,
        lambda d: pairings.pair(
            actor=user,
            unit_id=d["unit"],
            community_id=d["community"],
            start=d["start"],
            end=d["end"],
            note=d["note"],
        ),
        done=_("已建立结对共建关系。"),
        owner=lambda: None,
        back=reverse("community:pairings"),
    )


@login_required
def pairing_detail(request, pk: int):
    user = request.user
    pairing = selectors.get_pairing_for(user, pk)
    summary = selectors.pairing_summaries([pairing])[0]
    today = timezone.localdate()
    return render(
        request,
        "community/pairing.html",
        {
            "pairing": pairing,
            "summary": summary,
            "disbursements": pairing.disbursements.all(),
            "activities": pairing.activities.all(),
            "reports": pairing.party_reports.all(),
            "can_record": permissions.can_record_pairing(user, pairing),
            "fund_form": DisbursementForm(initial={"paid_on": today}),
            "activity_form": ActivityForm(initial={"held_on": today}),
            "party_form": PartyReportForm(initial={"served_on": today}),
        },
    )


def _back_to_pairing(pk: int) -> str:
    return reverse("community:pairing", args=[pk])


@login_required
@require_POST
def pairing_fund(request, pk: int):
    return _post_form(
        request,
        DisbursementForm(request.POST, request.FILES),
        lambda d: pairings.disburse(
            actor=request.user,
            pairing_id=pk,
            amount=d["amount"],
            paid_on=d["paid_on"],
            purpose=d["purpose"],
            note=d["note"],
            attachment=d["attachment"],
        ),
        done=_("已登记帮扶资金。"),
        owner=lambda: selectors.get_pairing_for(request.user, pk),
        back=_back_to_pairing(pk),
    )


@login_required
@require_POST
def pairing_activity(request, pk: int):
    return _post_form(
        request,
        ActivityForm(request.POST),
        lambda d: pairings.add_activity(
            actor=request.user,
            pairing_id=pk,
            held_on=d["held_on"],
            title=d["title"],
            participants=d["participants"],
            summary=d["summary"],
        ),
        done=_("已登记共建活动。"),
        owner=lambda: selectors.get_pairing_for(request.user, pk),
        back=_back_to_pairing(pk),
    )


@login_required
@require_POST
def pairing_party(request, pk: int):
    return _post_form(
        request,
        PartyReportForm(request.POST),
        lambda d: pairings.report_party_member(
            actor=request.user,
            pairing_id=pk,
            member_name=d["member_name"],
            served_on=d["served_on"],
            hours=d["hours"],
            service=d["service"],
        ),
        done=_("已登记党员报到。"),
        owner=lambda: selectors.get_pairing_for(request.user, pk),
        back=_back_to_pairing(pk),
    )


@login_required
def disbursement_file(request, pk: int):
    item = selectors.get_disbursement_file_for(request.user, pk)
    return file_response(item.attachment, filename=item.attachment_name or None)


@login_required
def unit_pairings(request, pk: int):
    """The paired unit's page: its communities, money spent, activities and 党员报到."""
    user = request.user
    _ensure(user, permissions.VIEW)
    unit = get_unit_for(user, pk)
    summaries = selectors.pairing_summaries(selectors.pairings_visible_to(user).filter(unit=unit))
    return render(
        request,
        "community/unit_pairings.html",
        {
            "unit": unit,
            "summaries": summaries,
            "total": services.total_amount(s.spent for s in summaries),
            "activities": sum(s.activities for s in summaries),
            "hours": services.total_amount(s.party_hours for s in summaries),
            "reports": sum(s.party_reports for s in summaries),
        },
    )


# --- assessment --------------------------------------------------------------------------------


@login_required
def ranking(request):
    user = request.user
    _ensure(user, permissions.VIEW)
    period = _month(request)
    if request.method == "POST":
        _ensure(user, permissions.MANAGE)
        try:
            assessment.assess(actor=user, period=period, revise=request.POST.get("revise") == "1")
        except ScoringError as exc:
            messages.error(request, str(exc))
        except PermissionDenied:
            messages.error(request, _("您的角色不能发起考核，请联系创城办。"))
        else:
            messages.success(request, _("已完成 %(m)s 社区考核。") % {"m": period.label})
        return redirect(reverse("community:ranking") + f"?month={period.key}")
    visible = {c.unit_id for c in selectors.communities_visible_to(user)}
    return render(
        request,
        "community/ranking.html",
        {
            "period": period,
            "months": _months(),
            "snapshot": assessment.current(period),
            "rows": assessment.ranking(period, visible),
            "can_manage": permissions.can(user, permissions.MANAGE),
            "weak_overrides": WeakOverride,
        },
    )
