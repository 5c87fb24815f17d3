"""Pages of the civil-affairs registers (民生台账): thin — parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.downloads import XLSX, attachment
from wenming.paging import page_of
from wenming.periods import parse_period
from wenming.privacy import mask_address, mask_name
from wenming.sheets import SheetRejected
from wenming.uploads import SpreadsheetUploadForm
from wenming.welfare import (
    children,
    forms,
    meals,
    permissions,
    relief,
    selectors,
    services,
)
from wenming.welfare import retrofits as retrofit_register
from wenming.welfare import safety as safety_register
from wenming.welfare.models import (
    MealPointStatus,
)

PAGE_SIZE = 30


def tabs_for(user, tab: str) -> dict:
    return {
        "tab": tab,
        "can_manage": permissions.can(user, permissions.MANAGE),
        "can_export": permissions.can(user, permissions.EXPORT),
        "can_record_safety": permissions.can(user, permissions.RECORD_SAFETY),
        # The safety page is a unit's own checks or, for the office, every unit's: an inspector
        # reads the registers but has neither, so the page is not offered (it would answer 403).
        "can_safety": permissions.can(user, permissions.RECORD_SAFETY)
        or permissions.can(user, permissions.SAFETY_ALL),
        "can_children": children.may_manage_children(user),
    }


def need(user, action: str) -> None:
    if not permissions.can(user, action):
        raise PermissionDenied


def _refused(form, exc: services.WelfareError) -> int:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return 422


def submit_form(request, form, save, message, to) -> tuple:
    """A posted form through its service: ``save(cleaned_data)`` and a redirect to ``to(saved)``
    with ``message`` (text, or ``message(saved)``) when it is saved; otherwise no response and the page's status (400 for a
    form error, 422 when the service refuses, the reason on the form)."""
    if not form.is_valid():
        return None, 400
    try:
        saved = save(form.cleaned_data)
    except services.WelfareError as exc:
        return None, _refused(form, exc)
    messages.success(request, message(saved) if callable(message) else message)
    return to(saved), 200


def own_form(request, form_class, save, message: str, url_name: str) -> tuple:
    """A register page with its own entry form: VIEW to see it, MANAGE to post; back to the page
    with ``message`` once ``save(actor=, data=)`` saves. Gives (response or None, form, status)."""
    need(request.user, permissions.VIEW)
    form = form_class(request.POST or None)
    if request.method != "POST":
        return None, form, 200
    need(request.user, permissions.MANAGE)
    done, status = submit_form(
        request,
        form,
        lambda data: save(actor=request.user, data=data),
        message,
        lambda _saved: redirect(url_name),
    )
    return done, form, status


@login_required
def index(request):
    need(request.user, permissions.VIEW)
    year = parse_period(str(timezone.localdate().year))
    meal = selectors.meal_figures_visible(request.user, period=year)
    safety = selectors.safety_figures_visible(request.user, period=year)
    return render(
        request,
        "welfare/index.html",
        {
            **tabs_for(request.user, "index"),
            "year": year,
            "meal": meal,
            "safety": safety,
            "overdue": selectors.overdue_checks_for(request.user, today=timezone.localdate()),
            "at_station_minors": selectors.minors_at_station(request.user).count(),
        },
    )


# --- meal points -------------------------------------------------------------------------------


def _meal_filters(request) -> dict:
    area = request.GET.get("area", "")
    status = request.GET.get("status", "")
    region = request.GET.get("region", "")
    return {
        "search": request.GET.get("q", "").strip()[:50],
        "area": area if area in (selectors.URBAN, selectors.RURAL) else "",
        "status": status if status in MealPointStatus.values else "",
        "region": region if region.isascii() and region.isdigit() and len(region) <= 12 else "",
    }


@login_required
def meal_points(request):
    need(request.user, permissions.VIEW)
    filters = _meal_filters(request)
    return render(
        request,
        "welfare/meal_points.html",
        {
            **tabs_for(request.user, "meal"),
            "page": page_of(
                request, selectors.meal_points_visible_to(request.user, **filters), PAGE_SIZE
            ),
            "filters": filters,
            "statuses": MealPointStatus.choices,
        },
    )


@login_required
def meal_point_form(request, pk: int | None = None):
    need(request.user, permissions.MANAGE)
    point = selectors.get_meal_point_for(request.user, pk) if pk else None
    initial = (
        {
            "name": point.name,
            "operator": point.operator,
            "region": point.region_id,
            "address": point.address,
            "capacity": point.capacity,
            "opened_on": point.opened_on,
            "status": point.status,
        }
        if point
        else {"status": MealPointStatus.OPERATING}
    )
    form = forms.MealPointForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        done, status = submit_form(
            request,
            form,
            lambda data: meals.save_meal_point(
                actor=request.user, data=data, pk=point.pk if point else None
            ),
            _("已保存。"),
            lambda saved: redirect("welfare:meal_point", saved.pk),
        )
        if done:
            return done
    return render(
        request,
        "welfare/form.html",
        {
            **tabs_for(request.user, "meal"),
            "form": form,
            "title": _("修改助餐点") if point else _("新增助餐点"),
        },
        status=status,
    )


@login_required
def meal_point(request, pk: int):
    point = selectors.get_meal_point_for(request.user, pk)
    form = forms.MealCountForm(request.POST or None, initial={"kind": "month"})
    status = 200
    if request.method == "POST":
        need(request.user, permissions.MANAGE)
        done, status = submit_form(
            request,
            form,
            lambda data: meals.record_meal_count(
                actor=request.user, meal_point_id=point.pk, **data
            ),
            _("已记录就餐人次。"),
            lambda _saved: redirect("welfare:meal_point", point.pk),
        )
        if done:
            return done
    return render(
        request,
        "welfare/meal_point.html",
        {
            **tabs_for(request.user, "meal"),
            "point": point,
            "counts": selectors.recent_counts(point),
            "form": form,
        },
        status=status,
    )


IMPORTS = {
    "meal_points": (
        meals.import_meal_points,
        permissions.MANAGE,
        _("导入助餐点"),
        "名称、区划代码、运营主体、地址、就餐座位、开办日期、状态",
        "welfare:meal_points",
    ),
    "meal_counts": (
        meals.import_meal_counts,
        permissions.MANAGE,
        _("导入就餐人次"),
        "助餐点、区划代码、日期（或月份）、就餐人次、统计口径（日/月）、服务老年人数",
        "welfare:meal_points",
    ),
    "safety": (
        safety_register.import_safety_records,
        permissions.RECORD_SAFETY,
        _("导入安全检查、宣讲、演练和工作提示"),
        "类型（检查/安全宣讲/应急演练/工作提示）、日期、主题（检查填检查场所）、检查人、隐患（每行一条）、参加人数",
        "welfare:safety",
    ),
    "retrofits": (
        retrofit_register.import_retrofits,
        permissions.MANAGE,
        _("导入适老化改造"),
        "区划代码、户主、住址、改造内容、完成日期、费用",
        "welfare:retrofits",
    ),
    "relief": (
        relief.import_cases,
        permissions.MANAGE,
        _("导入救助对象（街面巡查发现）"),
        "发现时间、发现地点、区划代码、身体状况、姓名、性别、年龄、未成年人（是/否）",
        "welfare:relief",
    ),
    "children": (
        children.import_children,
        None,
        _("导入关爱儿童"),
        "类别、姓名、出生日期、区划代码、性别、住址、监护人、监护人电话、基本情况",
        "welfare:children",
    ),
}


@login_required
def import_sheet(request, what: str):
    if what not in IMPORTS:
        raise Http404
    importer, action, title, columns, back = IMPORTS[what]
    if action is None:
        if not children.may_manage_children(request.user):
            raise Http404
    else:
        need(request.user, action)
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
    context = {**tabs_for(request.user, what), "form": form, "title": title, "columns": columns}
    context["back"] = back
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = importer(
                actor=request.user, data=upload.content, filename=upload.name
            )
        except SheetRejected as rejected:
            context["errors"] = rejected.errors
        except services.WelfareError as exc:
            form.add_error(None, exc.message)
    status = 422 if context.get("errors") or form.errors else 200
    return render(request, "welfare/import.html", context, status=status)


@login_required
def export_sheet(request, what: str):
    today = timezone.localdate()
    if what == "meal_points":
        data = meals.export_meal_points(actor=request.user, filters=_meal_filters(request))
        name = _("老年食堂（助餐点）")
    elif what == "safety":
        data = safety_register.export_safety(actor=request.user)
        name = _("安全检查")
    elif what == "retrofits":
        data = retrofit_register.export_retrofits(actor=request.user)
        name = _("适老化改造")
    elif what == "children":
        data = children.export_children(actor=request.user)
        name = _("关爱儿童（脱敏）")
    else:
        raise Http404
    return attachment(
        data,
        content_type=XLSX,
        filename=f"{name} {today:%Y%m%d}.xlsx",
        fallback=f"welfare-{what}-{today:%Y%m%d}.xlsx",
    )


@login_required
def coverage(request):
    need(request.user, permissions.VIEW)
    return render(
        request,
        "welfare/coverage.html",
        {
            **tabs_for(request.user, "meal"),
            "towns": selectors.coverage_by_town(request.user, on=timezone.localdate()),
        },
    )


# --- safety ------------------------------------------------------------------------------------


def _record_safety(user, kind: str, data: dict) -> str:
    """Record one of the safety page's three forms; the message to show."""
    if kind == "check":
        data["hazards"] = (data.get("hazards") or "").splitlines()
        data["schedule_id"] = data.pop("schedule") or None
        check = safety_register.record_safety_check(actor=user, **data)
        return _("已记录安全检查；发现隐患 %(n)d 处，已生成整改问题。") % {
            "n": check.hazards.count()
        }
    if kind == "activity":
        safety_register.record_safety_activity(actor=user, **data)
        return _("已记录。")
    safety_register.set_schedule(actor=user, **data)
    return _("检查计划已保存。")


@login_required
def safety(request):
    user = request.user
    if not (
        permissions.can(user, permissions.RECORD_SAFETY)
        or permissions.can(user, permissions.SAFETY_ALL)
    ):
        raise PermissionDenied
    today = timezone.localdate()
    schedules = list(selectors.schedules_visible_to(user))
    check_form = forms.SafetyCheckForm(
        request.POST if request.POST.get("form") == "check" else None,
        schedules=[s for s in schedules if s.unit_id in selectors.own_unit_ids(user)],
        initial={"checked_on": today},
    )
    activity_form = forms.SafetyActivityForm(
        request.POST if request.POST.get("form") == "activity" else None,
        initial={"held_on": today},
    )
    schedule_form = forms.ScheduleForm(
        request.POST if request.POST.get("form") == "schedule" else None
    )
    status = 200
    if request.method == "POST":
        need(user, permissions.RECORD_SAFETY)
        kind = request.POST.get("form")
        form = {"check": check_form, "activity": activity_form, "schedule": schedule_form}.get(kind)
        if form is None:
            return redirect("welfare:safety")
        done, status = submit_form(
            request,
            form,
            lambda data: _record_safety(user, kind, dict(data)),
            lambda message: message,
            lambda _message: redirect("welfare:safety"),
        )
        if done:
            return done
    due = {d.schedule.pk: d for d in selectors.overdue_checks_for(user, today=today)}
    rows = [
        (s, selectors.next_due(s, s.last_check), s.pk in due)
        for s in schedules
        if s.unit_id in selectors.own_unit_ids(user)
        or permissions.can(user, permissions.SAFETY_ALL)
    ]
    return render(
        request,
        "welfare/safety.html",
        {
            **tabs_for(user, "safety"),
            "schedules": rows,
            "checks": page_of(request, selectors.checks_visible_to(user), PAGE_SIZE),
            "activities": selectors.activities_visible_to(user)[:20],
            "check_form": check_form,
            "activity_form": activity_form,
            "schedule_form": schedule_form,
            "figures": selectors.safety_figures_visible(user, period=parse_period(str(today.year))),
            "year": today.year,
        },
        status=status,
    )


# --- 适老化改造 ----------------------------------------------------------------------------------


@login_required
def retrofits(request):
    done, form, status = own_form(
        request,
        forms.RetrofitForm,
        retrofit_register.save_retrofit,
        _("已登记。"),
        "welfare:retrofits",
    )
    if done:
        return done
    page = page_of(request, selectors.retrofits_visible_to(request.user), PAGE_SIZE)
    rows = [(r, mask_name(r.householder), mask_address(r.address)) for r in page.object_list]
    return render(
        request,
        "welfare/retrofits.html",
        {**tabs_for(request.user, "retrofits"), "page": page, "rows": rows, "form": form},
        status=status,
    )
