"""The city table and a community's page: profile, 薄弱 setting, 六个一 facilities and rooms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.community import assessment, permissions, selectors, services
from wenming.community.forms import FacilityForm, ProfileForm, RoomForm, WeakForm
from wenming.community.models import FacilityKind, PlanState
from wenming.community.standards import STANDARDS
from wenming.community.views.page import ensure, month_asked, post_form, recent_months, refused
from wenming.media import file_response
from wenming.paging import page_of
from wenming.periods import PeriodKind, period_containing
from wenming.regions.selectors import regions_visible_to
from wenming.uploads import UploadRejected

PAGE_SIZE = 100


@login_required
def index(request):
    user = request.user
    ensure(user, permissions.VIEW)
    if not permissions.can(user, permissions.MANAGE):
        own = list(selectors.own_communities(user)[:2])
        if len(own) == 1:
            return redirect("community:detail", own[0].pk)
    period = month_asked(request)
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
    page = page_of(request, shown, PAGE_SIZE)
    return render(
        request,
        "community/index.html",
        {
            "period": period,
            "months": recent_months(),
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
    period = month_asked(request)
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
            "months": recent_months(),
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
    return post_form(
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
    return post_form(
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
    return post_form(
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
        refused(request, exc)
    return redirect(reverse("community:detail", args=[community.pk]) + "#rooms")


@login_required
def facility_photo(request, pk: int):
    photo = selectors.get_facility_photo_for(request.user, pk)
    return file_response(photo.image)
