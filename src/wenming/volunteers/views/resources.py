"""Pages of the three resource libraries: 人才 (volunteers' skills), 设备 (with booking) and
服务项目 (the menu citizens order from)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.paging import page_of
from wenming.volunteers import permissions, selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.forms import BookingForm, EquipmentForm, OfferForm
from wenming.volunteers.services import resources

TABS = ("talents", "equipment", "offers")


@login_required
def resource_list(request):
    user = request.user
    permissions.ensure_module(user)
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "talents"
    skill = (request.GET.get("skill") or "").strip()
    teams = selectors.planning_teams(user)
    managed = selectors.managed_teams(user)
    context = {"tab": tab, "skill": skill, "can_add": teams.exists()}
    if tab == "talents":
        context["page"] = page_of(request, selectors.talents_visible_to(user, skill=skill))
    elif tab == "equipment":
        context["page"] = page_of(request, selectors.equipment_visible_to(user))
        context["form"] = EquipmentForm(teams=teams) if teams.exists() else None
        context["booking_form"] = BookingForm(teams=managed) if managed.exists() else None
    else:
        context["page"] = page_of(request, selectors.offers_visible_to(user))
        context["form"] = OfferForm(teams=teams) if teams.exists() else None
    return render(request, "volunteers/resources.html", context)


def _errors(form) -> str:
    return "；".join(e for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def equipment_new(request):
    user = request.user
    form = EquipmentForm(request.POST, teams=selectors.planning_teams(user))
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            resources.save_equipment(actor=user, **form.cleaned_data)
        except VolunteerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("设备已登记。"))
    return redirect(reverse("volunteers:resources") + "?tab=equipment")


@login_required
@require_POST
def equipment_book(request, pk: int):
    user = request.user
    equipment = selectors.get_equipment_for(user, pk)
    if not permissions.is_team_manager(user):
        raise PermissionDenied
    form = BookingForm(request.POST, teams=selectors.managed_teams(user))
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            resources.book_equipment(actor=user, equipment=equipment, **form.cleaned_data)
        except VolunteerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已预约。"))
    return redirect(reverse("volunteers:resources") + "?tab=equipment")


@login_required
@require_POST
def offer_new(request):
    user = request.user
    form = OfferForm(request.POST, teams=selectors.planning_teams(user))
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            resources.save_offer(actor=user, **form.cleaned_data)
        except VolunteerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("服务项目已发布，群众可在点单页面选择。"))
    return redirect(reverse("volunteers:resources") + "?tab=offers")
