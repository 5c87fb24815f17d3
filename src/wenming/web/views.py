"""Pages of the web shell: dashboard, regions, units, organisation import/export."""

from __future__ import annotations

import logging
import secrets
import sys

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.cases import selectors as case_selectors
from wenming.paging import page_of
from wenming.regions import permissions, selectors, services
from wenming.regions.models import RegionLevel, UnitKind
from wenming.scoring import selectors as scoring_selectors
from wenming.sheets import SheetRejected
from wenming.uploads import SpreadsheetUploadForm
from wenming.web import search as site_search
from wenming.web.help import HELP, HELP_BY_SLUG
from wenming.web.workbench import workbench_for

PAGE_SIZE = 50
logger = logging.getLogger("wenming.errors")


def server_error(request):
    """handler500 (DEBUG off): a reference id the user can quote, logged with the traceback;
    JSON for the API, a short Chinese page otherwise — never the traceback itself."""
    reference = secrets.token_hex(4).upper()
    logger.error(
        "server error %s on %s %s", reference, request.method, request.path, exc_info=sys.exc_info()
    )
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": _(
                    "服务器内部错误，请稍后重试；如仍出错，请联系管理员并提供错误编号 %(ref)s。"
                )
                % {"ref": reference},
                "reference": reference,
            },
            status=500,
        )
    # No request context: the context processors may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({"reference": reference}))


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form posted from a page kept open too long (or after logging in again
    elsewhere) is refused with a Chinese page that says what to do, not Django's English one."""
    message = _("页面已过期，安全校验未通过。请返回上一页，刷新后重新填写提交。")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    return render(request, "403_csrf.html", {"message": message}, status=403)


@login_required
def dashboard(request):
    """工作台: what waits for this user, each count linking to exactly those items."""
    return render(
        request,
        "web/dashboard.html",
        {
            "workbench": workbench_for(request.user),
            "membership": selectors.membership_of(request.user),
            "calendar_notice_missing": case_selectors.calendar_notice_missing_for(request.user),
        },
    )


DOCUMENTS_SHOWN = 50


@login_required
def documents(request):
    """公文文书: the notices and bulletins the user may see, newest first."""
    return render(
        request,
        "web/documents.html",
        {
            "notices": case_selectors.notices_visible_to(request.user).order_by(
                "-issued_at", "-pk"
            )[:DOCUMENTS_SHOWN],
            "bulletins": scoring_selectors.bulletins_visible_to(request.user)[:DOCUMENTS_SHOWN],
        },
    )


@login_required
def region_list(request):
    search = request.GET.get("q", "").strip()
    level = request.GET.get("level") or None
    regions = selectors.regions_visible_to(request.user, search=search, level=level)
    return render(
        request,
        "web/region_list.html",
        {
            "page": page_of(request, regions, PAGE_SIZE),
            "q": search,
            "level": level,
            "levels": RegionLevel.choices,
        },
    )


@login_required
def region_detail(request, code: str):
    region = selectors.get_region_for(request.user, code)
    return render(
        request,
        "web/region_detail.html",
        {
            "region": region,
            "children": selectors.child_regions(request.user, region),
            "units": selectors.units_visible_to(request.user).filter(region=region),
        },
    )


@login_required
def unit_list(request):
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind") or None
    units = selectors.units_visible_to(request.user, search=search, kind=kind)
    return render(
        request,
        "web/unit_list.html",
        {
            "page": page_of(request, units, PAGE_SIZE),
            "q": search,
            "kind": kind,
            "kinds": UnitKind.choices,
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = selectors.get_unit_for(request.user, pk)
    return render(
        request,
        "web/unit_detail.html",
        {
            "unit": unit,
            "members": selectors.people_visible_to(request.user, unit=unit),
            "sub_units": selectors.units_visible_to(request.user).filter(parent=unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_import(request):
    if not permissions.can(request.user, permissions.MANAGE_ORGANISATION):
        raise PermissionDenied
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["summary"] = services.import_organisation(
                actor=request.user, data=upload.content, filename=upload.name
            )
        except SheetRejected as rejected:
            context["errors"] = rejected.errors
    status = 422 if context.get("errors") else 200
    return render(request, "web/organisation_import.html", context, status=status)


@login_required
def organisation_export(request):
    data = services.export_organisation(
        actor=request.user,
        units=selectors.units_visible_to(request.user),
        people=selectors.people_visible_to(request.user),
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"organisation-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def search(request):
    """站内搜索: grouped results across the modules, each within the user's scope."""
    text = request.GET.get("q", "").strip()
    groups = site_search.search(request.user, text) if text else []
    return render(request, "web/search.html", {"q": text, "groups": groups})


@login_required
def help_page(request, slug: str | None = None):
    """使用说明 of one module, or the list of them."""
    if slug is None:
        return render(request, "web/help.html", {"pages": HELP})
    page = HELP_BY_SLUG.get(slug)
    if page is None:
        raise Http404
    return render(request, "web/help.html", {"page": page, "pages": HELP})
