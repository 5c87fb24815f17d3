"""Pages of 志愿服务: the practice network and its coverage, teams, volunteers, activities with
their QR codes and hours, certificates, demands and figures. Thin: parse, call, render."""

from __future__ import annotations

import io
from datetime import date, timedelta

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wenming.downloads import XLSX, attachment
from wenming.inputs import parse_id
from wenming.media import file_response
from wenming.periods import PeriodError, parse_period
from wenming.privacy import mask_phone
from wenming.regions.models import Region
from wenming.sheets import SheetRejected
from wenming.volunteers import permissions, selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.forms import (
    ActivityForm,
    CertificateForm,
    CompleteForm,
    CorrectionForm,
    DemandForm,
    PopulationForm,
    ProjectForm,
    ReviewForm,
    SiteForm,
    TeamForm,
    VolunteerForm,
    VolunteerImportForm,
)
from wenming.volunteers.models import (
    DemandCategory,
    DemandState,
    SiteLevel,
    TeamKind,
)
from wenming.volunteers.services import activities as activity_services
from wenming.volunteers.services import certificates as certificate_services
from wenming.volunteers.services import demands as demand_services
from wenming.volunteers.services import network, people
from wenming.workflow import WorkflowError

PAGE_SIZE = 50
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _ensure_module(user) -> None:
    if not permissions.can_use_module(user):
        raise PermissionDenied


def _form_page(request, form, *, title: str, back: str, back_label: str, status=None, **extra):
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "title": title, "back": back, "back_label": back_label, **extra},
        status=status or (400 if form.errors else 200),
    )


def _keep_phone_hint(form, field: str, phone: str) -> None:
    """Edit forms never carry a whole number: the box stays empty and says what is stored."""
    form.fields[field].help_text = _("现为 %(phone)s，留空则不变。") % {"phone": mask_phone(phone)}


def _apply_error(form, error: VolunteerError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


# --- home and figures --------------------------------------------------------------------


def _month_bounds(today: date) -> tuple[date, date]:
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return start, end


@login_required
def index(request):
    user = request.user
    _ensure_module(user)
    root = selectors.coverage_root(user)
    today = timezone.localdate()
    start, end = _month_bounds(today)
    context = {
        "root": root,
        "figures": selectors.figures(root, start=start, end=end) if root else None,
        "managed": selectors.managed_teams(user),
        "waiting": selectors.demands_visible_to(user)
        .filter(demand_services.waiting_q(user))
        .order_by("created")[:10],
        "upcoming": selectors.activities_visible_to(user, upcoming=True).order_by("starts_at")[:8],
        "can_manage": permissions.can(user, permissions.MANAGE_NETWORK),
    }
    return render(request, "volunteers/index.html", context)


def _period_from(request) -> tuple[date, date, str]:
    text = (request.GET.get("period") or "").strip()
    try:
        period = parse_period(text) if text else None
    except (PeriodError, ValueError):
        period = None
    if period is None:
        start, end = _month_bounds(timezone.localdate())
        return start, end, start.strftime("%Y-%m")
    return period.start, period.end, text


@login_required
def figures_page(request):
    user = request.user
    _ensure_module(user)
    region = _region_param(request, user)
    start, end, period = _period_from(request)
    year_start = date(end.year, 1, 1)
    return render(
        request,
        "volunteers/figures.html",
        {
            "region": region,
            "period": period,
            "start": start,
            "end": end,
            "figures": selectors.figures(region, start=start, end=end) if region else None,
            "by_month": selectors.hours_by_region_month(region, start=year_start, end=end)
            if region
            else [],
            "by_team": selectors.hours_by_team(user, start=start, end=end),
        },
    )


def _region_param(request, user) -> Region | None:
    code = (request.GET.get("region") or "").strip()
    if code:
        if not code.isdigit() or len(code) != 12:
            raise Http404
        region = selectors.regions_for_sites(user).filter(pk=code).first()
        if region is None:
            raise Http404
        return region
    return selectors.coverage_root(user)


# --- practice sites and coverage ---------------------------------------------------------


@login_required
def site_list(request):
    user = request.user
    _ensure_module(user)
    filters = {
        "level": request.GET.get("level", ""),
        "region": (request.GET.get("region") or "").strip(),
        "search": (request.GET.get("q") or "").strip(),
    }
    return render(
        request,
        "volunteers/site_list.html",
        {
            "page": _page(request, selectors.sites_visible_to(user, **filters)),
            "filters": filters,
            "levels": SiteLevel.choices,
            "can_manage": permissions.can(user, permissions.MANAGE_NETWORK),
        },
    )


@login_required
def site_detail(request, pk: int):
    user = request.user
    _ensure_module(user)
    site = selectors.get_site_for(user, pk)
    return render(
        request,
        "volunteers/site_detail.html",
        {
            "site": site,
            "teams": site.teams.filter(is_active=True),
            "reviews": site.reviews.all()[:5],
            "can_manage": permissions.can(user, permissions.MANAGE_NETWORK),
            "can_review": permissions.can(user, permissions.REVIEW_SITES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request, pk: int | None = None):
    user = request.user
    permissions.ensure_can(user, permissions.MANAGE_NETWORK)
    site = selectors.get_site_for(user, pk) if pk is not None else None
    initial = {}
    if site is not None:
        initial = {f: getattr(site, f) for f in SiteForm.base_fields if f != "manager_phone"}
    form = SiteForm(
        request.POST or None, initial=initial, regions=selectors.regions_for_sites(user)
    )
    if site is not None and site.manager_phone:
        _keep_phone_hint(form, "manager_phone", site.manager_phone)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if site is not None and not data["manager_phone"]:
            data["manager_phone"] = None  # blank on an edit form: keep the stored number
        try:
            site = network.save_site(actor=user, site=site, **data)
        except VolunteerError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("阵地已保存。"))
            return redirect("volunteers:site_detail", pk=site.pk)
    return _form_page(
        request,
        form,
        title=_("修改阵地") if site else _("新增阵地"),
        back=reverse("volunteers:site_list"),
        back_label=_("文明实践阵地"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_review(request, pk: int):
    user = request.user
    permissions.ensure_can(user, permissions.REVIEW_SITES)
    site = selectors.get_site_for(user, pk)
    form = ReviewForm(
        request.POST or None,
        initial={"year": timezone.localdate().year},
        items=selectors.review_items(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            network.review_site(
                actor=user,
                site=site,
                year=form.cleaned_data["year"],
                passed_item_ids=[int(i) for i in form.cleaned_data["items"]],
            )
        except VolunteerError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("星级评定已保存。"))
            return redirect("volunteers:site_detail", pk=site.pk)
    return _form_page(
        request,
        form,
        title=_("年度星级评定：%(name)s") % {"name": site.name},
        back=reverse("volunteers:site_detail", args=[site.pk]),
        back_label=site.name,
    )


@login_required
def coverage(request):
    user = request.user
    _ensure_module(user)
    region = _region_param(request, user)
    if region is None:
        raise Http404
    total, rows = selectors.coverage(user, region)
    parents = []
    node = region.parent
    root = selectors.coverage_root(user)
    while node is not None and root is not None and node.code.startswith(root.prefix):
        parents.insert(0, node)
        node = node.parent
    return render(
        request,
        "volunteers/coverage.html",
        {"region": region, "total": total, "rows": rows, "parents": parents},
    )


@login_required
@require_http_methods(["GET", "POST"])
def population(request):
    user = request.user
    permissions.ensure_can(user, permissions.MANAGE_NETWORK)
    form = PopulationForm(
        request.POST or None,
        initial={"year": timezone.localdate().year},
        regions=selectors.regions_for_sites(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            network.save_population(actor=user, **form.cleaned_data)
        except VolunteerError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("常住人口已保存。"))
            return redirect("volunteers:figures")
    return _form_page(
        request,
        form,
        title=_("常住人口"),
        back=reverse("volunteers:figures"),
        back_label=_("志愿服务数据"),
    )


# --- teams ---------------------------------------------------------------------------------


@login_required
def team_list(request):
    user = request.user
    _ensure_module(user)
    kind = request.GET.get("kind", "")
    search = (request.GET.get("q") or "").strip()
    return render(
        request,
        "volunteers/team_list.html",
        {
            "page": _page(request, selectors.teams_visible_to(user, kind=kind, search=search)),
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
            "volunteers": _page(request, selectors.volunteers_visible_to(user, team=team.pk)),
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
        _keep_phone_hint(form, "contact_phone", team.contact_phone)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if team is not None and not data["contact_phone"]:
            data["contact_phone"] = None  # blank on an edit form: keep the stored number
        try:
            team = people.save_team(actor=user, team=team, **data)
        except VolunteerError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("队伍已保存。"))
            return redirect("volunteers:team_detail", pk=team.pk)
    return _form_page(
        request,
        form,
        title=_("修改队伍") if team else _("新增队伍"),
        back=reverse("volunteers:team_list"),
        back_label=_("志愿服务队伍"),
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
    _ensure_module(user)
    filters = _volunteer_filters(request)
    return render(
        request,
        "volunteers/volunteer_list.html",
        {
            "page": _page(request, selectors.volunteers_visible_to(user, **filters)),
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
            _apply_error(form, error)
        except PermissionDenied:
            form.add_error("region", _("所选区划不在您的管辖范围内。"))
        else:
            messages.success(request, _("志愿者已登记。"))
            return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    return _form_page(
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
    context = {"form": form, "columns": people.VOLUNTEER_COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["summary"] = people.import_volunteers(
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
    data = people.export_volunteers(
        actor=user, volunteers=selectors.volunteers_visible_to(user, **_volunteer_filters(request))
    )
    return attachment(
        data,
        content_type=XLSX,
        filename=f"志愿者 {timezone.localdate():%Y%m%d}.xlsx",
        fallback=f"volunteers-{timezone.localdate():%Y%m%d}.xlsx",
    )


# --- projects and activities -------------------------------------------------------------


def _planning_teams(user):
    if permissions.can(user, permissions.MANAGE_NETWORK):
        return selectors.teams_visible_to(user).filter(is_active=True)
    return selectors.managed_teams(user)


@login_required
def activity_list(request):
    user = request.user
    _ensure_module(user)
    return render(
        request,
        "volunteers/activity_list.html",
        {
            "page": _page(
                request,
                selectors.activities_visible_to(
                    user,
                    team=parse_id(request.GET.get("team")),
                    upcoming=bool(request.GET.get("upcoming")),
                ),
            ),
            "projects": selectors.projects_visible_to(user)[:50],
            "can_plan": _planning_teams(user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    user = request.user
    teams = _planning_teams(user)
    if not teams.exists():
        raise PermissionDenied
    form = ProjectForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            activity_services.save_project(actor=user, **form.cleaned_data)
        except VolunteerError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("项目已保存。"))
            return redirect("volunteers:activity_list")
    return _form_page(
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
    teams = _planning_teams(user)
    activity = selectors.get_activity_for(user, pk) if pk is not None else None
    if not teams.exists():
        raise PermissionDenied
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
            _apply_error(form, error)
        else:
            messages.success(request, _("活动已发布。"))
            return redirect("volunteers:activity_detail", pk=activity.pk)
    return _form_page(
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
    return render(
        request,
        "volunteers/activity_detail.html",
        {
            "activity": activity,
            "records": selectors.activity_records(activity),
            "signups": activity.signups.select_related("volunteer")[:200],
            "is_organiser": is_organiser,
            "scan_url": scan_url(request, activity),
            "correction_form": CorrectionForm() if is_organiser else None,
            "team_volunteers": selectors.volunteers_visible_to(user, team=activity.team_id)[:500]
            if is_organiser
            else [],
            "radius": activity_services.radius_of(activity),
        },
    )


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


# --- demands ------------------------------------------------------------------------------


@login_required
def demand_list(request):
    user = request.user
    _ensure_module(user)
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
            "page": _page(request, demands),
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
            _apply_error(form, error)
        else:
            messages.success(request, _("需求已登记。"))
            return redirect("volunteers:demand_detail", pk=demand.pk)
    return _form_page(
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
