"""Pages of the work report: open one for a unit (or the city) and period, edit, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.downloads import attachment
from wenming.regions.selectors import membership_of
from wenming.reports import content, permissions, selectors, services
from wenming.reports.forms import OpenReportForm, ReportForm

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _may_use(user) -> bool:
    return permissions.can(user, permissions.OWN) or permissions.can(user, permissions.ANY)


@login_required
def index(request):
    if not _may_use(request.user):
        raise PermissionDenied
    form = OpenReportForm(request.POST or None, initial={"period": str(timezone.localdate().year)})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["city"]:
                unit = None
            elif data["unit"]:
                unit = services.find_unit(data["unit"])
            else:
                membership = membership_of(request.user)
                unit = membership.unit if membership else None
                if unit is None:
                    raise services.ReportError(_("请填写报告单位。"), field="unit")
            report = services.open_report(actor=request.user, unit=unit, period_key=data["period"])
            return redirect("reports:edit", report.pk)
        except services.ReportError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = 422
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "reports": selectors.reports_visible_to(request.user)[:50],
            "can_city": permissions.can(request.user, permissions.ANY),
        },
        status=status,
    )


@login_required
def edit(request, pk: int):
    report = selectors.get_report_for(request.user, pk)
    initial = {
        "title": report.title,
        "recipient": report.recipient,
        "issuer": report.issuer,
        "number_prefix": report.number_prefix,
        "dated": report.dated,
        **{key: report.sections.get(key, "") for key, _h in content.SECTIONS},
    }
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_report(actor=request.user, report=report, data=form.cleaned_data)
                messages.success(request, _("已保存。"))
                return redirect("reports:edit", report.pk)
            except services.ReportError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 422
        else:
            status = 400
    document = services.document_of(report)
    figures = document.blocks[-1]  # the closing table of sources
    return render(
        request,
        "reports/edit.html",
        {
            "report": report,
            "form": form,
            "sources": figures.rows,
            "placeholders": selectors.placeholders(),
        },
        status=status,
    )


@login_required
def download(request, pk: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    report = selectors.get_report_for(request.user, pk)
    try:
        data, name = services.render_report(actor=request.user, report=report, fmt=fmt)
    except services.ReportError as exc:
        messages.error(request, exc.message)
        return redirect("reports:edit", report.pk)
    return attachment(
        data, content_type=CONTENT_TYPES[fmt], filename=name, fallback=f"report-{report.pk}.{fmt}"
    )
