"""Pages of teams and volunteers: lists, registration, import and export, 查看完整号码, certificates."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wenming.downloads import XLSX, attachment
from wenming.inputs import parse_id
from wenming.paging import page_of
from wenming.regions.models import Region
from wenming.sheets import SheetRejected
from wenming.volunteers import permissions, selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.forms import CertificateForm, TeamForm, VolunteerForm, VolunteerImportForm
from wenming.volunteers.models import TeamKind
from wenming.volunteers.services import certificates as certificate_services
from wenming.volunteers.services import people, roster
from wenming.volunteers.views.common import (
    DOCUMENT_TYPES,
    apply_error,
    form_page,
    keep_phone_hint,
)

# --- teams ---------------------------------------------------------------------------------


@login_required
def team_list(request):
    user = request.user
    permissions.ensure_module(user)
    kind = request.GET.get("kind", "")
    search = (request.GET.get("q") or "").strip()
    return render(
        request,
        "volunteers/team_list.html",
        {
            "page": page_of(request, selectors.teams_visible_to(user, kind=kind, search=search)),
            "kind": kind,
            "search": search,
            "kinds": TeamKind.choices,
            "can_manage": permissions.can(user, permissions.MANAGE_NETWORK),
        },
    )


@login_required
def team_detail(request, pk: int):
    user = request.user
    team = selectors.get_team_for(user, pk)
    return render(
        request,
        "volunteers/team_detail.html",
        {
            "team": team,
            "children": team.children.all(),
            "volunteers": page_of(request, selectors.volunteers_visible_to(user, team=team.pk)),
            "activities": selectors.activities_visible_to(user, team=team.pk)[:10],
            "is_manager": permissions.manages_team(user, team),
            "can_manage": permissions.can(user, permissions.MANAGE_NETWORK),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int | None = None):
    user = request.user
    permissions.ensure_can(user, permissions.MANAGE_NETWORK)
    team = selectors.get_team_for(user, pk) if pk is not None else None
    initial = {}
    if team is not None:
        initial = {f: getattr(team, f) for f in TeamForm.base_fields if f != "contact_phone"}
    teams = selectors.teams_visible_to(user)
    if team is not None:
        teams = teams.exclude(pk=team.pk)
    form = TeamForm(
        request.POST or None,
        initial=initial,
        teams=teams,
        regions=selectors.regions_for_sites(user),
        sites=selectors.sites_visible_to(user),
    )
    if team is not None and team.contact_phone:
        keep_phone_hint(form, "contact_phone", team.contact_phone)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if team is not None and not data["contact_phone"]:
            data["contact_phone"] = None  # blank on an edit form: keep the stored number
        try:
            team = people.save_team(actor=user, team=team, **data)
        except VolunteerError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("队伍已保存。"))
            return redirect("volunteers:team_detail", pk=team.pk)
    return form_page(
        request,
        form,
        title=_("修改队伍") if team else _("新增队伍"),
        back=reverse("volunteers:team_list"),
        back_label=_("志愿服务队伍"),
        position_button=True,
    )


# --- volunteers ----------------------------------------------------------------------------


def _volunteer_filters(request) -> dict:
    return {
        "search": (request.GET.get("q") or "").strip(),
        "team": parse_id(request.GET.get("team")),
    }


@login_required
def volunteer_list(request):
    user = request.user
    permissions.ensure_module(user)
    filters = _volunteer_filters(request)
    return render(
        request,
        "volunteers/volunteer_list.html",
        {
            "page": page_of(request, selectors.volunteers_visible_to(user, **filters)),
            "filters": filters,
            "can_manage": permissions.can(user, permissions.MANAGE_NETWORK)
            or permissions.is_team_manager(user),
        },
    )


def _registration_teams(user):
    teams = selectors.teams_visible_to(user).filter(is_active=True)
    if permissions.can(user, permissions.MANAGE_NETWORK):
        return teams
    return selectors.managed_teams(user)


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_new(request):
    user = request.user
    if not (permissions.can(user, permissions.MANAGE_NETWORK) or permissions.is_team_manager(user)):
        raise PermissionDenied
    form = VolunteerForm(
        request.POST or None,
        regions=selectors.regions_for_sites(user)
        | Region.objects.filter(pk__in=selectors.managed_teams(user).values("region")),
        teams=_registration_teams(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = people.register_volunteer(actor=user, **form.cleaned_data)
        except VolunteerError as error:
            apply_error(form, error)
        except PermissionDenied:
            form.add_error("region", _("所选区划不在您的管辖范围内。"))
        else:
            messages.success(request, _("志愿者已登记。"))
            return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    if form.is_bound:
        # A refused form is shown again without the numbers typed: they are entered once more
        # rather than sent back whole in the page.
        form.data = form.data.copy()
        form.data["id_number"] = form.data["phone"] = ""
    return form_page(
        request,
        form,
        title=_("登记志愿者"),
        back=reverse("volunteers:volunteer_list"),
        back_label=_("志愿者"),
        privacy_note=True,
    )


@login_required
def volunteer_detail(request, pk: int):
    user = request.user
    volunteer = selectors.get_volunteer_for(user, pk)
    records = list(selectors.records_of(volunteer))
    managed = selectors.managed_teams(user).filter(members__volunteer=volunteer)
    today = timezone.localdate()
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "records": records,
            "total_hours": selectors.volunteer_hours(volunteer),
            "can_reveal": people.can_reveal(user, volunteer),
            "certificates": volunteer.certificates.filter(
                team__in=selectors.teams_visible_to(user)
            ).select_related("team"),
            "certificate_form": CertificateForm(
                initial={
                    "period_start": date(today.year, 1, 1),
                    "period_end": today,
                    "team": managed.first(),
                },
                teams=managed,
            )
            if managed.exists()
            else None,
        },
    )


@never_cache
@login_required
@require_POST
def volunteer_reveal(request, pk: int):
    """查看完整号码: audited; the answer is never cached."""
    user = request.user
    volunteer = selectors.get_volunteer_for(user, pk)
    numbers = people.reveal_numbers(actor=user, volunteer=volunteer)
    response = render(
        request, "volunteers/reveal.html", {"volunteer": volunteer, "numbers": numbers}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_import(request):
    user = request.user
    if not (permissions.can(user, permissions.MANAGE_NETWORK) or permissions.is_team_manager(user)):
        raise PermissionDenied
    form = VolunteerImportForm(
        request.POST or None, request.FILES or None, teams=_registration_teams(user)
    )
    context = {"form": form, "columns": roster.VOLUNTEER_COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["summary"] = roster.import_volunteers(
                actor=user,
                data=upload.content,
                filename=upload.name,
                team=form.cleaned_data["team"],
                consent=form.cleaned_data["consent"],
            )
        except SheetRejected as rejected:
            context["errors"] = rejected.errors
    status = 422 if context.get("errors") or form.errors else 200
    return render(request, "volunteers/volunteer_import.html", context, status=status)


@login_required
def volunteer_export(request):
    user = request.user
    data = roster.export_volunteers(
        actor=user, volunteers=selectors.volunteers_visible_to(user, **_volunteer_filters(request))
    )
    return attachment(
        data,
        content_type=XLSX,
        filename=f"志愿者 {timezone.localdate():%Y%m%d}.xlsx",
        fallback=f"volunteers-{timezone.localdate():%Y%m%d}.xlsx",
    )


# --- certificates ---------------------------------------------------------------------------


@login_required
@require_POST
def certificate_issue(request, pk: int):
    user = request.user
    volunteer = selectors.get_volunteer_for(user, pk)
    form = CertificateForm(request.POST, teams=selectors.managed_teams(user))
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    try:
        certificate = certificate_services.issue_certificate(
            actor=user, volunteer=volunteer, **form.cleaned_data
        )
    except VolunteerError as error:
        messages.error(request, error.message)
        return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    messages.success(request, _("已出具志愿服务证明 %(n)s。") % {"n": certificate.number})
    return redirect("volunteers:volunteer_detail", pk=volunteer.pk)


@login_required
def certificate_file(request, pk: int, fmt: str):
    if fmt not in DOCUMENT_TYPES:
        raise Http404
    certificate = selectors.get_certificate_for(request.user, pk)
    data, filename = certificate_services.export_certificate(
        actor=request.user, certificate=certificate, fmt=fmt
    )
    return attachment(
        data,
        content_type=DOCUMENT_TYPES[fmt],
        filename=filename,
        fallback=f"certificate-{certificate.pk}.{fmt}",
    )
