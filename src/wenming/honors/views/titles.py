"""Pages of the 文明单位/村镇/校园/家庭 titles: list, counts, 复查, spreadsheet import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.downloads import XLSX, attachment
from wenming.honors import permissions, selectors, services, titles
from wenming.honors.models import (
    ReviewResult,
    TitleKind,
    TitleLevel,
    TitleStatus,
)
from wenming.inputs import parse_int
from wenming.paging import page_of
from wenming.sheets import SheetRejected
from wenming.uploads import SpreadsheetUploadForm

PAGE_SIZE = 30


@login_required
@require_http_methods(["GET", "POST"])
def title_list(request):
    """文明单位、文明村镇、文明校园、文明家庭: holders, counts by kind and level, due for 复查."""
    permissions.ensure_can(request.user, permissions.VIEW)
    user = request.user
    year = timezone.localdate().year
    can_manage = permissions.can(user, permissions.MANAGE)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        post = request.POST
        try:
            title = titles.register_title(
                actor=user,
                kind=post.get("kind", ""),
                level=post.get("level", ""),
                holder_name=post.get("holder_name", ""),
                region_code=post.get("region", ""),
                year=post.get("year"),
                unit_id=parse_int(post.get("unit"), minimum=1, maximum=2**62),
            )
        except services.HonorsInputError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已登记：%(t)s") % {"t": title})
        return redirect("honors:titles")
    filters = {
        "kind": request.GET.get("kind", ""),
        "level": request.GET.get("level", ""),
        "status": request.GET.get("status", ""),
        "q": request.GET.get("q", "")[:50],
        "due": year if request.GET.get("due") else None,
    }
    page = page_of(request, selectors.title_list(user, **filters), PAGE_SIZE)
    region = selectors.scope_region(user)
    return render(
        request,
        "honors/titles.html",
        {
            "page": page,
            "filters": filters,
            "year": year,
            "counts": selectors.title_counts(region, year=year) if region else None,
            "title_levels": TitleLevel.choices,
            "kinds": TitleKind.choices,
            "statuses": TitleStatus.choices,
            "can_manage": can_manage,
            "scope_region": region,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def title_detail(request, pk: int):
    permissions.ensure_can(request.user, permissions.VIEW)
    user = request.user
    title = selectors.get_title_for(user, pk)
    items = titles.checklist_of(title.kind)
    can_manage = permissions.can(user, permissions.MANAGE)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        post = request.POST
        results = {
            item.pk: (post.get(f"item-{item.pk}") == "pass", post.get(f"note-{item.pk}", "")[:300])
            for item in items
            if post.get(f"item-{item.pk}") in ("pass", "fail")
        }
        try:
            titles.review_title(
                actor=user,
                title_id=title.pk,
                year=post.get("year"),
                results=results,
                result=post.get("result", ""),
                reasons=post.get("reasons", ""),
            )
        except services.HonorsInputError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("复查结果已保存。"))
            return redirect("honors:title", pk=title.pk)
    return render(
        request,
        "honors/title.html",
        {
            "title": title,
            "items": items,
            "reviews": selectors.reviews_of_title(title),
            "flags": selectors.flags_of(title),
            "results": ReviewResult.choices,
            "year": timezone.localdate().year,
            "can_manage": can_manage and title.status != TitleStatus.REVOKED,
        },
    )


@login_required
@require_POST
def titles_import(request):
    """The office's spreadsheet of titles; every bad cell is named and nothing is saved."""
    permissions.ensure_can(request.user, permissions.MANAGE)
    form = SpreadsheetUploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
    else:
        checked = form.cleaned_data["file"]
        try:
            result = titles.import_titles(
                actor=request.user, data=checked.content, filename=checked.name
            )
        except SheetRejected as exc:
            errors = [str(e) for e in exc.errors]
        else:
            messages.success(
                request,
                _("已导入：新增 %(n)d 个，已有 %(m)d 个。")
                % {"n": result.created, "m": result.unchanged},
            )
    for error in errors[:50]:
        messages.error(request, error)
    return redirect("honors:titles")


@login_required
def titles_export(request):
    permissions.ensure_can(request.user, permissions.VIEW)
    year = timezone.localdate().year
    rows = selectors.title_list(
        request.user,
        kind=request.GET.get("kind", ""),
        level=request.GET.get("level", ""),
        status=request.GET.get("status", ""),
        q=request.GET.get("q", "")[:50],
        due=year if request.GET.get("due") else None,
    )
    data = titles.export_titles(actor=request.user, titles=rows)
    return attachment(
        data, content_type=XLSX, filename=f"文明称号{year}.xlsx", fallback=f"titles-{year}.xlsx"
    )
