"""Pages: frameworks and their tree, import/export, the task list, 我的任务, a task."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.downloads import XLSX, attachment
from wenming.framework import figure_feed, permissions, selectors, services
from wenming.framework.forms import (
    ActivateForm,
    DecomposeForm,
    FrameworkImportForm,
    MetricFeedForm,
    MetricValueForm,
    ProgressForm,
    TaskFilterForm,
)
from wenming.framework.models import Method
from wenming.paging import page_of
from wenming.regions import permissions as region_permissions
from wenming.regions.selectors import units_visible_to
from wenming.sheets import SheetRejected

PAGE_SIZE = 50


@login_required
def framework_list(request):
    return render(
        request,
        "framework/framework_list.html",
        {
            "frameworks": selectors.frameworks_visible_to(request.user),
            "can_manage": permissions.can(request.user, permissions.MANAGE_FRAMEWORK),
        },
    )


@login_required
def framework_detail(request, pk: int):
    framework = selectors.get_framework_for(request.user, pk)
    return render(
        request,
        "framework/framework_detail.html",
        {
            "tree": selectors.framework_tree(framework),
            "can_manage": permissions.can(request.user, permissions.MANAGE_FRAMEWORK),
            "can_export": permissions.can(request.user, permissions.EXPORT_FRAMEWORK),
        },
    )


@login_required
@require_POST
def framework_activate(request, pk: int):
    form = ActivateForm(request.POST)
    effective_from = form.cleaned_data["effective_from"] if form.is_valid() else None
    try:
        activation = services.activate_framework(
            actor=request.user, framework_id=pk, effective_from=effective_from
        )
    except services.FrameworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("已启用，生成任务 %(n)d 项。") % {"n": activation.tasks_created}
        )
    return redirect("framework:detail", pk=pk)


@login_required
@require_POST
def framework_new_version(request, pk: int):
    framework = services.new_version(actor=request.user, framework_id=pk)
    messages.success(request, _("已复制为新版本（草稿），可修改后启用。"))
    return redirect("framework:detail", pk=framework.pk)


@login_required
def framework_export(request, pk: int):
    framework, data = services.export_framework(actor=request.user, framework_id=pk)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="framework-{framework.pk}-v{framework.version}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def framework_import(request):
    if not permissions.can(request.user, permissions.MANAGE_FRAMEWORK):
        raise PermissionDenied
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            framework = services.import_framework(
                actor=request.user,
                data=upload.content,
                filename=upload.name,
                name=form.cleaned_data["name"],
                purpose=form.cleaned_data["purpose"],
            )
        except SheetRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _("导入完成：%(n)d 个指标，当前为草稿。") % {"n": framework.indicator_count},
            )
            return redirect("framework:detail", pk=framework.pk)
    return render(
        request,
        "framework/framework_import.html",
        {"form": form, "errors": errors},
        status=422 if errors else 200,
    )


@login_required
def task_list(request):
    form = TaskFilterForm(request.GET)
    filters = form.filters()
    return render(
        request,
        "framework/task_list.html",
        {
            "page": page_of(
                request, selectors.tasks_visible_to(request.user, **filters), PAGE_SIZE
            ),
            "filters": filters,
            "options": selectors.task_filter_options(request.user),
            "statuses": selectors.TASK_STATUS_FILTERS,
            "today": timezone.localdate(),
            "can_export": region_permissions.can(request.user, region_permissions.EXPORT),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def task_export(request):
    """The task list under its current filters as xlsx (导出 Excel)."""
    data = services.export_tasks(actor=request.user, filters=TaskFilterForm(request.GET).filters())
    day = f"{timezone.localdate():%Y%m%d}"
    return attachment(
        data,
        content_type=XLSX,
        filename=_("任务清单-%(day)s.xlsx") % {"day": day},
        fallback=f"tasks-{day}.xlsx",
    )


@login_required
def my_tasks(request):
    statuses = dict(selectors.TASK_STATUS_FILTERS)
    status = request.GET.get("status", "")
    status = status if status in statuses else ""
    return render(
        request,
        "framework/my_tasks.html",
        {
            "page": page_of(
                request, selectors.my_tasks(request.user, status=status or None), PAGE_SIZE
            ),
            "today": timezone.localdate(),
            "status": status,
            "status_label": statuses.get(status, ""),
        },
    )


def _task_page(request, task, *, progress_form=None, decompose_form=None, status=200):
    can_act = permissions.can_act_on_task(request.user, task)
    units = selectors.decomposition_units(task)
    children = selectors.sub_tasks(request.user, task)
    return render(
        request,
        "framework/task_detail.html",
        {
            "task": task,
            "children": children,
            "can_act": can_act,
            "progress_form": progress_form or ProgressForm(initial={"progress": task.progress}),
            "decompose_form": decompose_form
            or DecomposeForm(units=units, initial={"due": task.due}),
            "can_decompose": can_act and units.exists(),
            "can_report": can_act and task.child_count == 0 and task.evidence != "approved",
            "can_submit_material": permissions.is_own_task(request.user, task)
            and task.indicator.method == Method.MATERIAL
            and task.evidence != "approved",
        },
        status=status,
    )


@login_required
def task_detail(request, pk: int):
    return _task_page(request, selectors.get_task_for(request.user, pk))


@login_required
@require_POST
def task_progress(request, pk: int):
    task = selectors.get_task_for(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.report_progress(
                actor=request.user, task_id=task.pk, progress=form.cleaned_data["progress"]
            )
        except services.TaskError as error:
            form.add_error("progress", str(error))
        else:
            messages.success(request, _("进度已更新。"))
            return redirect("framework:task_detail", pk=task.pk)
    return _task_page(request, task, progress_form=form, status=422)


@login_required
@require_POST
def task_decompose(request, pk: int):
    task = selectors.get_task_for(request.user, pk)
    form = DecomposeForm(request.POST, units=selectors.decomposition_units(task))
    if form.is_valid():
        try:
            services.decompose_task(
                actor=request.user,
                task_id=task.pk,
                unit_id=form.cleaned_data["unit"].pk,
                due=form.cleaned_data["due"],
                title=form.cleaned_data["title"],
            )
        except services.TaskError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("已分解给 %(unit)s。") % {"unit": form.cleaned_data["unit"].name}
            )
            return redirect("framework:task_detail", pk=task.pk)
    return _task_page(request, task, decompose_form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def metric_values(request):
    """The coordinator enters the ledger figures of metric leaves (数据指标) per unit and period;
    the leaves fed from a register's figure (自动取数) are listed, not typed."""
    if not permissions.can(request.user, permissions.RECORD_METRIC):
        raise PermissionDenied
    leaves = selectors.metric_leaves()
    feeds = list(selectors.active_feeds(leaves=leaves))
    fed = [feed.indicator_id for feed in feeds]
    kwargs = {
        "indicators": leaves.exclude(pk__in=fed),
        "units": units_visible_to(request.user).order_by("kind", "name"),
    }
    form = MetricValueForm(request.POST or None, **kwargs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_metric_value(
                    actor=request.user,
                    indicator=data["indicator"],
                    unit=data["unit"],
                    period=(data["period_start"], data["period_end"]),
                    value=data["value"],
                    note=data["note"],
                )
            except services.MetricValueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("指标数据已保存。"))
                return redirect("framework:metric_values")
        status = 422
    return render(
        request,
        "framework/metric_values.html",
        {
            "form": form,
            "values": selectors.recent_metric_values(request.user),
            "feeds": _feed_rows(feeds),
            "feed_form": _feed_form(request.user, None, leaves.exclude(pk__in=fed)),
        },
        status=status,
    )


def _feed_rows(feeds) -> list[dict]:
    labels = dict(figure_feed.figure_choices())
    last = selectors.last_runs(feeds)
    return [
        {"feed": f, "figure": labels.get(f.figure_key, f.figure_key), "last": last.get(f.pk)}
        for f in feeds
    ]


def _feed_form(user, data, leaves):
    if not permissions.can(user, permissions.MANAGE_FRAMEWORK):
        return None
    return MetricFeedForm(data, indicators=leaves, figures=figure_feed.figure_choices())


@login_required
@require_POST
def metric_feed_save(request):
    """自动取数: the leaf is fed from the figure after each period from now on."""
    form = _feed_form(request.user, request.POST, selectors.metric_leaves())
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        try:
            figure_feed.save_feed(actor=request.user, **form.cleaned_data)
        except services.MetricValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("已设置自动取数：每个统计期结束后由定时任务录入各单位数据。")
            )
    else:
        messages.error(request, _("请选择数据指标、台账数据和统计周期。"))
    return redirect("framework:metric_values")


@login_required
@require_POST
def metric_feed_stop(request, pk: int):
    feed = selectors.get_active_feed(pk)
    if feed is None:
        raise Http404
    figure_feed.stop_feed(actor=request.user, feed=feed)
    messages.success(request, _("已停止自动取数，此指标恢复手工录入。"))
    return redirect("framework:metric_values")
