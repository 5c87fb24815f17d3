"""Pages of projects and activities: the QR code, service records, 补录 and corrections."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.inputs import parse_id
from wenming.paging import page_of
from wenming.regions.models import Region
from wenming.volunteers import permissions, selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.forms import ActivityForm, CorrectionForm, ProjectForm
from wenming.volunteers.services import activities as activity_services
from wenming.volunteers.views.common import apply_error, form_page

# --- projects and activities -------------------------------------------------------------


@login_required
def activity_list(request):
    user = request.user
    permissions.ensure_module(user)
    return render(
        request,
        "volunteers/activity_list.html",
        {
            "page": page_of(
                request,
                selectors.activities_visible_to(
                    user,
                    team=parse_id(request.GET.get("team")),
                    upcoming=bool(request.GET.get("upcoming")),
                ),
            ),
            "projects": selectors.projects_visible_to(user)[:50],
            "can_plan": selectors.planning_teams(user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    user = request.user
    teams = selectors.planning_teams(user)
    if not teams.exists():
        raise PermissionDenied
    form = ProjectForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            activity_services.save_project(actor=user, **form.cleaned_data)
        except VolunteerError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("项目已保存。"))
            return redirect("volunteers:activity_list")
    return form_page(
        request,
        form,
        title=_("新增品牌项目"),
        back=reverse("volunteers:activity_list"),
        back_label=_("志愿服务活动"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int | None = None):
    user = request.user
    teams = selectors.planning_teams(user)
    activity = selectors.get_activity_for(user, pk) if pk is not None else None
    if not teams.exists():
        raise PermissionDenied
    if activity is not None:
        try:
            activity_services.ensure_not_cancelled(activity)
        except VolunteerError as error:
            messages.error(request, error.message)
            return redirect("volunteers:activity_detail", pk=activity.pk)
    initial = {}
    if activity is not None:
        initial = {f: getattr(activity, f) for f in ActivityForm.base_fields}
        for key in ("starts_at", "ends_at"):
            initial[key] = timezone.localtime(initial[key]).strftime("%Y-%m-%dT%H:%M")
    form = ActivityForm(
        request.POST or None,
        initial=initial,
        teams=teams,
        projects=selectors.projects_visible_to(user),
        regions=selectors.regions_for_sites(user)
        | Region.objects.filter(pk__in=teams.values("region")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_services.save_activity(
                actor=user, activity=activity, **form.cleaned_data
            )
        except VolunteerError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("活动已发布。"))
            return redirect("volunteers:activity_detail", pk=activity.pk)
    return form_page(
        request,
        form,
        title=_("修改活动") if activity else _("发布活动"),
        back=reverse("volunteers:activity_list"),
        back_label=_("志愿服务活动"),
        position_button=True,
    )


def scan_url(request, activity) -> str:
    return request.build_absolute_uri(
        reverse("public:volunteer_activity", args=[activity.qr_token])
    )


@login_required
def activity_detail(request, pk: int):
    user = request.user
    activity = selectors.get_activity_for(user, pk)
    is_organiser = permissions.manages_team(user, activity.team)
    read_only = activity_services.is_read_only(activity)
    return render(
        request,
        "volunteers/activity_detail.html",
        {
            "activity": activity,
            "records": selectors.activity_records(activity),
            "signups": activity.signups.select_related("volunteer")[:200],
            "is_organiser": is_organiser,
            "can_edit": is_organiser and not read_only,
            "read_only": read_only,
            "scan_url": scan_url(request, activity),
            "correction_form": CorrectionForm() if is_organiser and not read_only else None,
            "team_volunteers": selectors.volunteers_visible_to(user, team=activity.team_id)[:500]
            if is_organiser and not read_only
            else [],
            "radius": activity_services.radius_of(activity),
            "can_cancel": not read_only and activity_services.can_plan(user, activity.team),
            "reason_max": activity_services.CANCEL_REASON_MAX,
        },
    )


@login_required
@require_POST
def activity_cancel(request, pk: int):
    user = request.user
    activity = selectors.get_activity_for(user, pk)
    try:
        activity_services.cancel_activity(
            actor=user, activity=activity, reason=request.POST.get("reason", "")
        )
    except VolunteerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("活动已取消，志愿者不能再报名或签到。"))
    return redirect("volunteers:activity_detail", pk=activity.pk)


@login_required
def activity_qr(request, pk: int):
    activity = selectors.get_activity_for(request.user, pk)
    image = qrcode.make(
        scan_url(request, activity), image_factory=qrcode.image.svg.SvgPathImage, border=2
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
@require_POST
def record_correct(request, pk: int):
    user = request.user
    record = selectors.get_record_for(user, pk)
    activity = record.activity
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            activity_services.correct_hours(actor=user, record_id=record.pk, **form.cleaned_data)
        except VolunteerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("服务时长已更正，原时长和理由已留存。"))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("volunteers:activity_detail", pk=activity.pk)


@login_required
@require_POST
def record_add(request, pk: int):
    user = request.user
    activity = selectors.get_activity_for(user, pk)
    volunteer_pk = parse_id(request.POST.get("volunteer"))
    volunteer = selectors.get_volunteer_for(user, volunteer_pk) if volunteer_pk else None
    if volunteer is None:
        messages.error(request, _("请选择志愿者。"))
        return redirect("volunteers:activity_detail", pk=activity.pk)
    try:
        activity_services.record_hours(
            actor=user,
            activity=activity,
            volunteer=volunteer,
            hours=request.POST.get("hours"),
            reason=request.POST.get("reason", ""),
        )
    except VolunteerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("服务时长已补录。"))
    return redirect("volunteers:activity_detail", pk=activity.pk)
