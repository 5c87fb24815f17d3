"""Pages of 群众吹哨、志愿报到 for stations and teams: the list, posting, the actions, photos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.inputs import parse_id
from wenming.media import file_response
from wenming.paging import page_of
from wenming.volunteers import conf, nearby, permissions, selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.forms import CompleteForm, DemandForm
from wenming.volunteers.models import DemandCategory, DemandState
from wenming.volunteers.services import demands as demand_services
from wenming.volunteers.views.common import apply_error, form_page
from wenming.workflow import WorkflowError

# --- demands ------------------------------------------------------------------------------


@login_required
def demand_list(request):
    user = request.user
    permissions.ensure_module(user)
    state = request.GET.get("state", "")
    demands = selectors.demands_visible_to(
        user, state=state, category=request.GET.get("category", "")
    )
    if request.GET.get("waiting"):
        demands = demands.filter(demand_services.waiting_q(user))
    return render(
        request,
        "volunteers/demand_list.html",
        {
            "page": page_of(request, demands),
            "state": state,
            "states": DemandState.choices,
            "categories": DemandCategory.choices,
            "waiting": bool(request.GET.get("waiting")),
            "can_post": permissions.can(user, permissions.HANDLE_DEMANDS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def demand_new(request):
    user = request.user
    permissions.ensure_can(user, permissions.HANDLE_DEMANDS)
    form = DemandForm(
        request.POST or None,
        regions=selectors.demand_regions().filter(
            pk__in=selectors.regions_for_sites(user).values("pk")
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            demand = demand_services.post_demand(actor=user, **form.cleaned_data)
        except VolunteerError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("需求已登记。"))
            return redirect("volunteers:demand_detail", pk=demand.pk)
    return form_page(
        request,
        form,
        title=_("登记群众需求"),
        back=reverse("volunteers:demand_list"),
        back_label=_("群众点单"),
    )


@login_required
def demand_detail(request, pk: int):
    user = request.user
    demand = selectors.get_demand_for(user, pk)
    allowed = demand_services.allowed_actions(user, demand)
    table = demand_services.DEMANDS.table.get(demand.state, {})
    return render(
        request,
        "volunteers/demand_detail.html",
        {
            "demand": demand,
            "events": demand.events.select_related("actor"),
            "photos": demand.photos.all(),
            "actions": [(a, table[a]) for a in allowed],
            "labels": demand_services.ACTION_LABELS,
            "teams": selectors.managed_teams(user),
            "complete_form": CompleteForm() if "complete" in allowed else None,
            "pledges": demand.pledges.select_related("team"),
            "near_teams": nearby.teams_near(demand, limit=10)
            if demand.state in (DemandState.SUBMITTED, DemandState.OPEN)
            else [],
            "demand_placed": nearby.demand_position(demand)[0] is not None,
            "near_radius_km": conf.near_radius_m() / 1000,
        },
    )


@login_required
@require_POST
def demand_act(request, pk: int):
    user = request.user
    action = request.POST.get("action", "")
    data = {"note": request.POST.get("note", "")}
    if action == "pledge":
        data["team_id"] = parse_id(request.POST.get("team"))
    if action == "complete":
        form = CompleteForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
            return redirect("volunteers:demand_detail", pk=pk)
        data.update(form.cleaned_data, photos=request.FILES.getlist("photos"))
    try:
        demand_services.act(actor=user, demand_id=pk, action=action, **data)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("已%(label)s。") % {"label": demand_services.ACTION_LABELS.get(action, action)},
        )
    return redirect("volunteers:demand_detail", pk=pk)


@login_required
def demand_photo(request, pk: int, photo_pk: int):
    demand = selectors.get_demand_for(request.user, pk)
    photo = demand.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return file_response(photo.image)
