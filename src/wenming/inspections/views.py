"""Pages: the inspection home, sites (list, map, import), rounds, and the phone's visit pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.inputs import parse_id
from wenming.inspections import permissions, selectors, services
from wenming.inspections.forms import (
    BLANK_PROBLEM,
    RoundForm,
    SiteForm,
    SiteImportForm,
    parse_visit,
    problem_rows,
    visit_rows,
)
from wenming.inspections.models import RoundKind, RoundStatus, Severity
from wenming.media import file_response
from wenming.paging import page_of
from wenming.sheets import SheetRejected

PAGE_SIZE = 50


def _float(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and -180 <= number <= 180 else None


@login_required
def index(request):
    user = request.user
    return render(
        request,
        "inspections/index.html",
        {
            "assigned": selectors.open_rounds_assigned_to(user),
            "rounds": selectors.rounds_visible_to(user)[:10],
            "can_plan": permissions.can(user, permissions.PLAN_ROUNDS),
            "can_manage_sites": permissions.can(user, permissions.MANAGE_SITES),
        },
    )


# --- sites -------------------------------------------------------------------------------


def _site_filters(request) -> dict:
    return {
        "search": request.GET.get("q", "").strip(),
        "site_type": parse_id(request.GET.get("type")),
        "region": request.GET.get("region") or None,
    }


@login_required
def site_list(request):
    filters = _site_filters(request)
    return render(
        request,
        "inspections/site_list.html",
        {
            "page": page_of(
                request, selectors.sites_visible_to(request.user, **filters), PAGE_SIZE
            ),
            "filters": filters,
            "site_types": selectors.site_types(),
            "can_manage_sites": permissions.can(request.user, permissions.MANAGE_SITES),
        },
    )


@login_required
def site_detail(request, pk: int):
    site = selectors.get_site_for(request.user, pk)
    return render(
        request,
        "inspections/site_detail.html",
        {
            "site": site,
            "checklist": selectors.checklist_for(site.site_type),
            "inspections": selectors.inspections_visible_to(request.user, site=site)[:20],
            "can_manage_sites": permissions.can(request.user, permissions.MANAGE_SITES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request, pk: int | None = None):
    user = request.user
    permissions.ensure_can(user, permissions.MANAGE_SITES)
    site = selectors.get_site_for(user, pk) if pk is not None else None
    initial = {}
    if site is not None:
        initial = {
            "name": site.name,
            "site_type": site.site_type,
            "region": site.region,
            "unit": site.unit,
            "address": site.address,
            "latitude": site.latitude,
            "longitude": site.longitude,
        }
    form = SiteForm(
        request.POST or None,
        initial=initial,
        site_types=selectors.site_types(),
        regions=selectors.site_regions(user),
        units=selectors.responsible_units(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            site = services.save_site(actor=user, site=site, **form.cleaned_data)
        except services.InspectionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("点位已保存。"))
            return redirect("inspections:site_detail", pk=site.pk)
    return render(
        request,
        "inspections/site_form.html",
        {"form": form, "site": site},
        status=400 if form.errors else 200,
    )


@login_required
def site_map(request):
    filters = _site_filters(request)
    return render(
        request,
        "inspections/site_map.html",
        {
            "filters": filters,
            "site_types": selectors.site_types(),
            "results": selectors.RESULT_CLASSES,
            "result": request.GET.get("result", ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_import(request):
    permissions.ensure_can(request.user, permissions.MANAGE_SITES)
    form = SiteImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "site_types": selectors.site_types()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["summary"] = services.import_sites(
                actor=request.user, data=upload.content, filename=upload.name
            )
        except SheetRejected as rejected:
            context["errors"] = rejected.errors
    status = 422 if context.get("errors") or form.errors else 200
    return render(request, "inspections/site_import.html", context, status=status)


@login_required
def site_export(request):
    data = services.export_sites(
        actor=request.user, sites=selectors.sites_visible_to(request.user, **_site_filters(request))
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sites-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


# --- rounds ------------------------------------------------------------------------------


@login_required
def round_list(request):
    status = request.GET.get("status") or None
    kind = request.GET.get("kind") or None
    return render(
        request,
        "inspections/round_list.html",
        {
            "page": page_of(
                request,
                selectors.rounds_visible_to(request.user, status=status, kind=kind),
                PAGE_SIZE,
            ),
            "status": status,
            "kind": kind,
            "statuses": RoundStatus.choices,
            "kinds": RoundKind.choices,
            "can_plan": permissions.can(request.user, permissions.PLAN_ROUNDS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    user = request.user
    permissions.ensure_can(user, permissions.PLAN_ROUNDS)
    form = RoundForm(
        request.POST or None,
        inspectors=selectors.inspectors_for(user),
        sites=selectors.sites_visible_to(user),
        site_types=selectors.site_types(),
        regions=selectors.sampling_regions(user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.create_round(
                actor=user,
                name=data["name"],
                kind=data["kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                inspectors=data["inspectors"],
                sites=data["sites"] if data["selection"] == RoundForm.MANUAL else (),
            )
            if data["selection"] == RoundForm.SAMPLE:
                services.sample_round_sites(
                    actor=user,
                    round=round,
                    site_types=list(data["site_types"]),
                    region=data["region"],
                    per_type=data["per_type"],
                    seed=data["seed"],
                )
        except services.InspectionError as error:
            form.add_error(None, error.message)
        else:
            return redirect("inspections:round_detail", pk=round.pk)
    return render(
        request,
        "inspections/round_form.html",
        {
            "form": form,
            "checkbox_fields": ("inspectors", "sites", "site_types"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def round_detail(request, pk: int):
    user = request.user
    round = selectors.get_round_for(user, pk)
    return render(
        request,
        "inspections/round_detail.html",
        {
            "round": round,
            "progress": selectors.round_progress(user, round),
            "stops": selectors.round_stops(user, round),
            "inspections": selectors.inspections_visible_to(user, round=round),
            "findings": selectors.findings_for_round(user, round),
            "can_plan": permissions.can(user, permissions.PLAN_ROUNDS),
            "can_inspect": permissions.can_inspect_round(user, round),
        },
    )


@login_required
@require_POST
def round_publish(request, pk: int):
    round = selectors.get_round_for(request.user, pk)
    services.publish_round(actor=request.user, round=round)
    messages.success(request, _("督查轮次已发布。"))
    return redirect("inspections:round_detail", pk=round.pk)


@login_required
@require_POST
def round_finish(request, pk: int):
    round = selectors.get_round_for(request.user, pk)
    services.finish_round(actor=request.user, round=round)
    messages.success(request, _("督查轮次已结束。"))
    return redirect("inspections:round_detail", pk=round.pk)


# --- the phone: pick a site, walk its checklist ----------------------------------------


def _inspectable_round(request, pk: int):
    round = selectors.get_round_for(request.user, pk)
    if not permissions.can_inspect_round(request.user, round):
        raise PermissionDenied
    return round


@login_required
def visit_sites(request, pk: int):
    """The round's sites, nearest first once the phone reports where it is."""
    round = _inspectable_round(request, pk)
    lat, lon = _float(request.GET.get("lat")), _float(request.GET.get("lon"))
    context = {
        "round": round,
        "stops": selectors.round_stops(request.user, round, latitude=lat, longitude=lon),
        "located": lat is not None and lon is not None,
    }
    template = "inspections/_stops.html" if request.htmx else "inspections/visit_sites.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def visit_form(request, pk: int, site_pk: int):
    user = request.user
    round = _inspectable_round(request, pk)
    site = selectors.get_round_site_for(user, round, site_pk)
    items = selectors.checklist_for(site.site_type)
    errors: list[str] = []
    if request.method == "POST":
        visit = parse_visit(request.POST, request.FILES, items)
        errors = visit.errors
        if not errors:
            try:
                inspection = services.record_inspection(
                    actor=user,
                    round=round,
                    site=site,
                    answers=visit.answers,
                    problems=visit.problems,
                    position=visit.position,
                    note=visit.note,
                )
            except services.VisitRejected as rejected:
                errors = rejected.errors
            except services.InspectionError as error:
                errors = [error.message]
            else:
                messages.success(
                    request,
                    _("检查已保存，发现问题 %(n)d 个。") % {"n": inspection.findings.count()},
                )
                return redirect("inspections:inspection_detail", pk=inspection.pk)
    return render(
        request,
        "inspections/visit_form.html",
        {
            "round": round,
            "site": site,
            "rows": visit_rows(request.POST, items),
            "problems": problem_rows(request.POST),
            "blank_problem": BLANK_PROBLEM,
            "errors": errors,
            "posted": request.POST,
            "severities": Severity.choices,
            "categories": sorted({item.category for item in items}),
        },
        status=422 if errors else 200,
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = selectors.get_inspection_for(request.user, pk)
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "next_site": selectors.next_stop(request.user, inspection.round),
        },
    )


@login_required
def photo_file(request, pk: int):
    """Photos are served through the visit's scope check, never from a guessable public path."""
    photo = selectors.get_photo_for(request.user, pk)
    return file_response(photo.file, content_type=_photo_type(photo.file.name))


def _photo_type(name: str) -> str:
    return {"png": "image/png", "webp": "image/webp"}.get(
        name.rsplit(".", 1)[-1].lower(), "image/jpeg"
    )
