"""Pages of the practice network: the home page and figures, practice sites, coverage, population."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.paging import page_of
from wenming.periods import PeriodError, parse_period
from wenming.regions.models import Region
from wenming.volunteers import permissions, selectors, site_map
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.forms import PopulationForm, ReviewForm, SiteForm
from wenming.volunteers.models import SiteLevel
from wenming.volunteers.services import demands as demand_services
from wenming.volunteers.services import network
from wenming.volunteers.views.common import (
    apply_error,
    form_page,
    keep_phone_hint,
)

# --- home and figures --------------------------------------------------------------------


def _month_bounds(today: date) -> tuple[date, date]:
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return start, end


@login_required
def index(request):
    user = request.user
    permissions.ensure_module(user)
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
    permissions.ensure_module(user)
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
    permissions.ensure_module(user)
    filters = {
        "level": request.GET.get("level", ""),
        "region": (request.GET.get("region") or "").strip(),
        "search": (request.GET.get("q") or "").strip(),
    }
    return render(
        request,
        "volunteers/site_list.html",
        {
            "page": page_of(request, selectors.sites_visible_to(user, **filters)),
            "filters": filters,
            "levels": SiteLevel.choices,
            "can_manage": permissions.can(user, permissions.MANAGE_NETWORK),
        },
    )


@login_required
def site_detail(request, pk: int):
    user = request.user
    permissions.ensure_module(user)
    site = selectors.get_site_for(user, pk)
    return render(
        request,
        "volunteers/site_detail.html",
        {
            "site": site,
            "teams": site.teams.filter(is_active=True),
            "reviews": site.reviews.all()[:5],
            "photos": site.photos.all(),
            "can_manage": permissions.can(user, permissions.MANAGE_NETWORK)
            and permissions.covers(user, site.region_id),
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
        keep_phone_hint(form, "manager_phone", site.manager_phone)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if site is not None and not data["manager_phone"]:
            data["manager_phone"] = None  # blank on an edit form: keep the stored number
        try:
            site = network.save_site(actor=user, site=site, **data)
        except VolunteerError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("阵地已保存。"))
            return redirect("volunteers:site_detail", pk=site.pk)
    return form_page(
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
            apply_error(form, error)
        else:
            messages.success(request, _("星级评定已保存。"))
            return redirect("volunteers:site_detail", pk=site.pk)
    return form_page(
        request,
        form,
        title=_("年度星级评定：%(name)s") % {"name": site.name},
        back=reverse("volunteers:site_detail", args=[site.pk]),
        back_label=site.name,
    )


@login_required
def coverage(request):
    user = request.user
    permissions.ensure_module(user)
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
    base = reverse("volunteers:coverage")
    return render(
        request,
        "volunteers/coverage.html",
        {
            "region": region,
            "total": total,
            "rows": rows,
            "parents": parents,
            "map_data": site_map.coverage_points(
                region, rows, lambda place: f"{base}?region={place.code}"
            ),
        },
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
            apply_error(form, error)
        else:
            messages.success(request, _("常住人口已保存。"))
            return redirect("volunteers:figures")
    return form_page(
        request,
        form,
        title=_("常住人口"),
        back=reverse("volunteers:figures"),
        back_label=_("志愿服务数据"),
    )
