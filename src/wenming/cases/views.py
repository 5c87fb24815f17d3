"""Pages of the case loop: board, to-do list, case page with its actions, map, notices, figures."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wenming.cases import deadlines, metrics, notices, selectors, services
from wenming.cases import todo as todo_list
from wenming.cases.case_map import MAP_CLASSES
from wenming.cases.conf import rebound_days
from wenming.cases.errors import CaseError, CaseTransitionError
from wenming.cases.forms import HolidayNoticeForm, ReportForm, TransitionForm, photo_inputs
from wenming.cases.holidays import NoticeParseError
from wenming.cases.metrics import LISTED_FIGURES
from wenming.cases.models import NoticeKind, PhotoKind, Severity, Source, State
from wenming.cases.rows import ROW_FIELDS, board_rows, region_options
from wenming.cases.services.calendar import (
    enter_holiday_notice,
    may_enter_calendar,
    preview_holiday_notice,
)
from wenming.cases.services.export import export_cases
from wenming.cases.transitions import (
    ACTION_LABELS,
    EVENT_LABELS,
    OFFICE_ROLES,
    TRANSITIONS,
    allowed_actions,
    effective_role,
)
from wenming.documents.fonts import FontMissing
from wenming.documents.render import CONTENT_TYPES
from wenming.downloads import XLSX, attachment
from wenming.inputs import parse_id, parse_int
from wenming.media import file_response
from wenming.paging import page_of
from wenming.periods import PeriodError, PeriodKind, parse_period, period_containing
from wenming.regions import permissions as region_permissions
from wenming.regions.models import RegionLevel
from wenming.regions.selectors import (
    get_unit_for,
    regions_visible_to,
    units_visible_to,
    with_paths,
)

PAGE_SIZE = 30
REBOUND_SITES_SHOWN = 50  # the sites with the most 反弹 first


def _is_office(user) -> bool:
    return effective_role(user) in OFFICE_ROLES


class CountedPaginator(Paginator):
    """A paginator told its count (the board's one aggregate already has it) instead of counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # shadows the cached property: no COUNT query


@login_required
def board(request):
    """The coordinator's board: every visible case, filtered, paginated; one query per page.

    The figures and the pager's count come from one aggregate; categories from reference data;
    the unit filter is a text field with suggestions (unit_suggest), not a list of every unit.
    """
    filters = selectors.CaseFilters.from_query(request.GET)
    if (
        filters.unit and not filters.unit_name
    ):  # a link naming a unit by id: show its name in the field
        unit = units_visible_to(request.user).filter(pk=filters.unit).first()
        unit_label = unit.name if unit else ""
    else:
        unit_label = filters.unit_name
    cases = selectors.case_list(request.user, filters)
    summary = selectors.board_summary(cases, filters=filters, actor=request.user)
    listed = cases.only(*ROW_FIELDS)
    page = CountedPaginator(listed, PAGE_SIZE, count=summary["total"]).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_rework_reasons(page.object_list)
    is_office = _is_office(request.user)
    return render(
        request,
        "cases/board.html",
        {
            "page": page,
            "filters": filters,
            "summary": summary,
            "unit_label": unit_label,
            "counted_label": LISTED_FIGURES.get(filters.counted, ""),
            "states": State.choices,
            "sources": Source.choices,
            "region_options": region_options(request.user, filters.region),
            "categories": selectors.known_categories(),
            "can_report": services.may_report(request.user),
            "can_export": region_permissions.can(request.user, region_permissions.EXPORT),
            "export_query": request.GET.urlencode(),
            "is_office": is_office,
            "rows": board_rows(page.object_list, selectable=is_office),
        },
    )


@login_required
def unit_suggest(request):
    """Names of visible units containing what was typed, for the board's unit fields."""
    return JsonResponse(
        {"units": selectors.unit_suggestions(request.user, request.GET.get("q", ""))}
    )


TODO_SECTIONS = {
    "intake": (gettext_lazy("待受理"), "primary"),
    "overdue": (gettext_lazy("已逾期"), "danger"),
    "due_soon": (gettext_lazy("即将到期"), "warning"),
    "to_sign": (gettext_lazy("待签收"), "primary"),
    "rectifying": (gettext_lazy("整改中"), "secondary"),
    "awaiting": (gettext_lazy("待复核"), "success"),
    "extension": (gettext_lazy("延期申请"), "info"),
    "rework": (gettext_lazy("返工"), "warning"),
}


@login_required
def todo(request):
    """The cases waiting for the user: 待受理, 已逾期, 即将到期, 待签收, 整改中, 待复核, 延期申请."""
    unit_id = request.GET.get("unit")
    unit, buckets = todo_list.todo_for(request.user, unit_id=parse_id(unit_id))
    shown = todo_list.todo_buckets_for(request.user)
    only = request.GET.get("bucket", "")
    if only == "rework":  # 返工: the reworked cases among the user's buckets
        reworked = [case for cases in buckets.values() for case in cases if case.is_rework]
        buckets = {**{key: [] for key in buckets}, "rework": reworked}
        shown = ["rework"]
    elif only in todo_list.TODO_BUCKETS:
        shown = [only]
        buckets = {key: (cases if key == only else []) for key, cases in buckets.items()}
    return render(
        request,
        "cases/todo.html",
        {
            "unit": unit,
            "sections": [
                (key, *TODO_SECTIONS[key], buckets.get(key, []))
                for key in (*todo_list.TODO_BUCKETS, "rework")
                if buckets.get(key) or key in shown
            ],
            "only": only if only in shown else "",
            "now": timezone.now(),
        },
    )


@login_required
def case_detail(request, pk: int):
    case = selectors.case_detail(request.user, pk)
    actions = allowed_actions(
        request.user, case, has_pending_extension=case.pending_extension is not None
    )
    transitions = TRANSITIONS.get(case.state, {})
    is_office = _is_office(request.user)
    templates = selectors.reply_templates_for(case.category)
    for event in case.timeline:
        event.label = EVENT_LABELS.get(event.action, event.action)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "actions": [(a, transitions[a], templates.get(a, [])) for a in actions],
            "before_photos": [p for p in case.all_photos if p.kind == PhotoKind.BEFORE],
            "after_photos": [p for p in case.all_photos if p.kind == PhotoKind.AFTER],
            "max_distance": selectors.conf.photo_max_distance_m(),
            "after_photo_required": selectors.after_photo_required(case.category),
            "duplicates": selectors.possible_duplicates(request.user, case)
            if is_office and case.state == State.REPORTED
            else [],
            "units": with_paths(units_visible_to(request.user)) if is_office else [],
            "calendar_unknown": selectors.calendar_warning(case.due),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def case_act(request, pk: int, action: str):
    """Apply one transition from the case page; a refusal comes back as a message on the page."""
    if action not in ACTION_LABELS or action == "report":
        raise Http404
    form = TransitionForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:case_detail", pk=pk)
    data = form.cleaned_data
    try:
        unit = get_unit_for(request.user, data["unit"]) if data.get("unit") else None
        services.transition(
            actor=request.user,
            case_id=pk,
            action=action,
            expected_version=data["version"],
            note=data["note"],
            photos=photo_inputs(form),
            unit=unit,
            duplicate_of=data.get("duplicate_of"),
            requested_due=data.get("requested_due"),
        )
    except CaseTransitionError as exc:
        messages.error(request, exc.message)
        return redirect("cases:case_detail", pk=pk)
    except CaseError as exc:
        messages.error(request, exc.message)
        return redirect("cases:case_detail", pk=pk)
    messages.success(request, _("已完成：%(action)s。") % {"action": ACTION_LABELS[action]})
    return redirect("cases:case_detail", pk=pk)


@login_required
@require_POST
def bulk_dispatch(request):
    """批量交办: the reported cases ticked on the board, to a chosen unit or by the rules."""
    ids = [pk for pk in map(parse_id, request.POST.getlist("case")) if pk is not None]
    unit_id, unit_name = request.POST.get("unit", ""), request.POST.get("unit_name", "").strip()
    unit = get_unit_for(request.user, parse_id(unit_id)) if parse_id(unit_id) else None
    if not _is_office(request.user):
        raise PermissionDenied
    target = request.POST.get("next", "")
    back = (
        target
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        else "cases:board"
    )
    if unit is None and unit_name:
        matches = list(selectors.units_named(request.user, unit_name)[:2])
        if len(matches) != 1:
            messages.error(
                request,
                (
                    _("没有名为“%(name)s”的单位，请从提示中选择。")
                    if not matches
                    else _("“%(name)s”对应多个单位，请输入完整名称。")
                )
                % {"name": unit_name},
            )
            return redirect(back)
        unit = matches[0]
    done, skipped = services.bulk_dispatch(actor=request.user, case_ids=ids, unit=unit)
    if done:
        messages.success(request, _("已交办 %(n)d 件。") % {"n": len(done)})
    for case_id, reason in skipped:
        messages.error(request, f"#{case_id}：{reason}")
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    """Report a problem by hand (an inspector's free-form problem, a department's referral…)."""
    if not services.may_report(request.user):
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.report_case(
                actor=request.user,
                source=data["source"],
                category=data["category"],
                severity=data["severity"],
                description=data["description"],
                region=data["region"],
                address=data["address"],
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                photos=photo_inputs(form),
            )
        except CaseError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("问题已登记，编号 %(id)d。") % {"id": case.pk})
            return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/case_new.html",
        {
            "form": form,
            "severities": Severity.choices,
            "sources": Source.choices,
            "regions": regions_visible_to(request.user).exclude(level__in=(RegionLevel.PROVINCE,))[
                :500
            ],
        },
        status=422 if form.errors else 200,
    )


@login_required
def case_map(request):
    return render(
        request,
        "cases/case_map.html",
        {
            "filters": selectors.CaseFilters.from_query(request.GET),
            "classes": MAP_CLASSES,
        },
    )


@login_required
def notice_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in NoticeKind.values else ""
    page = page_of(request, selectors.notice_list_for(request.user, kind=kind), PAGE_SIZE)
    return render(
        request,
        "cases/notice_list.html",
        {
            "page": page,
            "is_office": _is_office(request.user),
            "units": with_paths(units_visible_to(request.user)) if _is_office(request.user) else [],
            "kinds": NoticeKind,
            "kind": kind,
            "kind_label": NoticeKind(kind).label if kind else "",
        },
    )


@login_required
@require_POST
def notice_issue(request):
    unit = parse_id(request.POST.get("unit"))
    if unit is None:
        messages.error(request, _("请选择主送单位。"))
        return redirect("cases:notice_list")
    try:
        notice = notices.issue_rectification_notice(actor=request.user, unit_id=unit)
    except CaseError as exc:
        messages.error(request, exc.message)
        return redirect("cases:notice_list")
    messages.success(request, _("已下发整改通知书 %(n)s。") % {"n": notice.number})
    return redirect("cases:notice_list")


@login_required
def board_export(request):
    """The board's list under its current filters as xlsx (导出 Excel)."""
    filters = selectors.CaseFilters.from_query(request.GET)
    data = export_cases(actor=request.user, filters=filters)
    return attachment(
        data,
        content_type=XLSX,
        filename=_("问题清单-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"},
        fallback=f"cases-{timezone.localdate():%Y%m%d}.xlsx",
    )


@login_required
def notice_file(request, pk: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    try:
        data, filename = notices.export_notice(actor=request.user, notice_id=pk, fmt=fmt)
    except FontMissing as exc:
        messages.error(request, exc.message)
        return redirect("cases:notice_list")
    return attachment(
        data, content_type=CONTENT_TYPES[fmt], filename=filename, fallback=f"notice-{pk}.{fmt}"
    )


@login_required
def stats(request):
    """Case figures per unit for a month (the scoring engine reads the same selector)."""
    month = period_containing(PeriodKind.MONTH, timezone.localdate())
    try:
        month = parse_period(request.GET.get("month") or month.key)
    except PeriodError:
        pass  # an unreadable month shows the current one
    if month.kind != PeriodKind.MONTH:
        month = period_containing(PeriodKind.MONTH, month.start)
    start, end = month.bounds()
    rows = metrics.case_metrics_for(request.user, start=start, end=end)
    rebounds = selectors.rebounds_by_site(request.user)[:REBOUND_SITES_SHOWN]
    return render(
        request,
        "cases/stats.html",
        {"rows": rows, "month": month.key, "rebounds": rebounds, "rebound_days": rebound_days()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def holiday_calendar(request):
    """节假日安排: a year's working calendar; admins paste the State Council's notice, preview, save."""
    if not _is_office(request.user):
        raise PermissionDenied
    may_enter = may_enter_calendar(request.user)
    today = timezone.localdate()
    default_year = deadlines.calendar_notice_missing(today) or today.year
    year = request.GET.get("year", "")
    year = parse_int(year, minimum=2000, maximum=2100) or default_year
    form, preview, errors = HolidayNoticeForm(initial={"year": year}), None, []
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied
        form = HolidayNoticeForm(request.POST)
        if form.is_valid():
            year, text = form.cleaned_data["year"], form.cleaned_data["text"]
            try:
                if "save" in request.POST:
                    arrangement, changed = enter_holiday_notice(
                        actor=request.user, year=year, text=text
                    )
                    messages.success(
                        request,
                        _("已录入 %(year)d 年节假日安排；%(n)d 件案件的期限已按新安排调整。")
                        % {"year": year, "n": changed},
                    )
                    return redirect(f"{reverse('cases:holiday_calendar')}?year={year}")
                preview = preview_holiday_notice(actor=request.user, year=year, text=text)
            except NoticeParseError as exc:
                errors = exc.errors
    entries = preview.entries() if preview else None
    return render(
        request,
        "cases/holiday_calendar.html",
        {
            "year": year,
            "form": form,
            "may_enter": may_enter,
            "preview": preview,
            "errors": errors,
            "unknown": bool(deadlines.unknown_years(date(year, 1, 1))),
            "months": deadlines.year_calendar(year, extra=entries),
            "years": [today.year - 1, today.year, today.year + 1],
        },
    )


@login_required
def photo_file(request, pk: int):
    """A case photo, served through the case's scope check (wenming.media), never by its path."""
    return file_response(selectors.get_photo_for(request.user, pk).image)
