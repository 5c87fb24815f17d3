"""Pages of 好人评选: nominations and their five-level review, the registry, a person's honours."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.honors import assistance, permissions, selectors, services, titles
from wenming.honors.assistance import GRANT_FLOW
from wenming.honors.forms import ExternalHonorForm, NominationForm, ReviewForm
from wenming.honors.models import (
    SELECTION_LEVELS,
    Category,
    Level,
    ReviewResult,
    SelectionMethod,
    SiteKind,
    State,
    TitleKind,
    TitleLevel,
    TitleStatus,
)
from wenming.honors.transitions import LABELS, WORKFLOW, rule_for
from wenming.inputs import parse_int
from wenming.media import file_response
from wenming.privacy import mask_phone
from wenming.workflow import WorkflowError

PAGE_SIZE = 30


def _need(user, action):
    if not permissions.can(user, action):
        raise PermissionDenied


@login_required
def index(request):
    """推荐评选: nominations in scope, filtered; what waits for the user first."""
    _need(request.user, permissions.VIEW)
    filters = {
        "state": request.GET.get("state", ""),
        "level": request.GET.get("level", ""),
        "category": request.GET.get("category", ""),
        "q": request.GET.get("q", "")[:50],
    }
    page = Paginator(selectors.nomination_list(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "honors/index.html",
        {
            "page": page,
            "filters": filters,
            "waiting": selectors.waiting_for(request.user)[:50],
            "states": State.choices,
            "levels": [(lv.value, lv.label) for lv in SELECTION_LEVELS],
            "categories": Category.choices,
            "can_nominate": permissions.can(request.user, permissions.NOMINATE),
        },
    )


@login_required
def waiting(request):
    """待评议: every nomination waiting for the user (the 工作台's count links here)."""
    _need(request.user, permissions.VIEW)
    return render(
        request,
        "honors/waiting.html",
        {"waiting": selectors.waiting_for(request.user), "section": "nominations"},
    )


@login_required
def grants_pending(request):
    """帮扶申请 waiting for a decision (the 工作台's count links here)."""
    _need(request.user, permissions.MANAGE)
    return render(
        request,
        "honors/grants_pending.html",
        {"grants": selectors.grants_to_decide(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request):
    """A unit nominates (单位职工, 群团系统 …): the same form and service as the public page."""
    _need(request.user, permissions.NOMINATE)
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        regions=selectors.nomination_region_choices(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nominate(
                actor=request.user,
                name=data["name"],
                region_code=data["region"],
                building=data["building"],
                phone=data["phone"],
                category=data["category"],
                deeds=data["deeds"],
                channel=data["channel"],
                nominator_name=data["nominator_name"],
                nominator_phone=data["nominator_phone"],
                files=data["files"],
            )
        except services.HonorsInputError as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("推荐已提交。"))
            return redirect("honors:detail", pk=nomination.pk)
    return render(request, "honors/nominate.html", {"form": form})


def _labelled(event):
    event.label = LABELS.get(event.action, event.action)
    return event


def _detail_context(request, nomination) -> dict:
    user = request.user
    if nomination.state == State.PUBLICITY:
        nomination.open_objections = selectors.open_objection_count(nomination)
    rule = rule_for(nomination.level)
    allowed = WORKFLOW.allowed(user, nomination)
    return {
        "nomination": nomination,
        "person_phone": mask_phone(nomination.person.phone),
        "nominator_phone": mask_phone(nomination.nominator_phone),
        "files": selectors.files_of(nomination),
        "reviews": selectors.reviews_of(nomination),
        "objections": [
            (o, mask_phone(o.contact_phone)) for o in selectors.objections_of(nomination)
        ],
        "events": [_labelled(e) for e in selectors.events_of(nomination)],
        "buttons": [(a, LABELS[a]) for a in allowed if a in ("promote", "confer")],
        "honors": selectors.honors_of(nomination),
        "allowed": allowed,
        "rule": rule,
        "scores": rule.method == SelectionMethod.SCORE,
        "review_form": ReviewForm(),
    }


@login_required
def detail(request, pk: int):
    _need(request.user, permissions.VIEW)
    nomination = selectors.get_nomination_for(request.user, pk)
    return render(request, "honors/detail.html", _detail_context(request, nomination))


@login_required
@require_POST
def act(request, pk: int, action: str):
    """Every button of the nomination page: review, settle an objection, promote."""
    _need(request.user, permissions.VIEW)
    nomination = selectors.get_nomination_for(request.user, pk)
    post = request.POST
    try:
        if action == "review":
            form = ReviewForm(post)
            form.is_valid()
            data = form.cleaned_data
            services.review_nomination(
                actor=request.user,
                nomination_id=nomination.pk,
                approve=data.get("approve"),
                score=post.get("score", ""),
                note=data.get("note", ""),
            )
        elif action in ("dismiss", "uphold"):
            objection = parse_int(post.get("objection"), minimum=1, maximum=2**62)
            services.resolve_objection(
                actor=request.user,
                objection_id=objection or 0,
                upheld=action == "uphold",
                finding=post.get("finding", "")[:2000],
            )
        elif action in ("promote", "confer"):
            services.promote(actor=request.user, nomination_id=nomination.pk)
        else:
            raise WorkflowError(_("当前状态下不能执行此操作。"), code=WorkflowError.STATE)
    except services.HonorsInputError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, _("您无权执行此操作。"))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已%(label)s。") % {"label": LABELS.get(action, action)})
    return redirect("honors:detail", pk=nomination.pk)


@login_required
def file(request, pk: int):
    _need(request.user, permissions.VIEW)
    found = selectors.get_file_for(request.user, pk)
    return file_response(found.file, filename=found.name)


@login_required
def registry(request):
    """好人库: people and their honours by level, category, region and year; 繁/简 alike."""
    _need(request.user, permissions.VIEW)
    year = parse_int(request.GET.get("year"), minimum=1949, maximum=2100)
    filters = {
        "q": request.GET.get("q", "")[:50],
        "level": request.GET.get("level", ""),
        "category": request.GET.get("category", ""),
        "region": request.GET.get("region", "")[:12],
        "year": year,
    }
    people = selectors.registry(request.user, **filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    region = selectors.scope_region(request.user)
    counts = selectors.honor_counts(region) if region is not None else None
    return render(
        request,
        "honors/registry.html",
        {
            "page": page,
            "filters": filters,
            "counts": counts,
            "level_rows": selectors.level_rows(counts) if counts else [],
            "regions": selectors.registry_regions(request.user)[:300],
            "levels": Level.choices,
            "categories": Category.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person(request, pk: int):
    _need(request.user, permissions.VIEW)
    found = selectors.get_person_for(request.user, pk)
    can_manage = permissions.can(request.user, permissions.MANAGE)
    form = ExternalHonorForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.record_external_honor(
                    actor=request.user, person_id=found.pk, **form.cleaned_data
                )
            except services.HonorsInputError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("荣誉已登记。"))
                return redirect(reverse("honors:person", args=[found.pk]))
    return render(
        request,
        "honors/person.html",
        {
            "person": found,
            "phone": mask_phone(found.phone),
            "honors": selectors.honors_of_person(found),
            "nominations": selectors.nominations_visible_to(request.user).filter(person=found),
            "form": form,
        },
    )


# ---------------------------------------------------------------- 礼遇帮扶


def _year_of(request) -> int:
    return parse_int(
        request.GET.get("year") or request.POST.get("year"), minimum=2000, maximum=2100
    ) or (timezone.localdate().year)


def _day(value) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@login_required
def assistance_page(request):
    """礼遇帮扶: the year's fund and grants, free health checks, the 四有 sites."""
    _need(request.user, permissions.VIEW)
    year = _year_of(request)
    user = request.user
    return render(
        request,
        "honors/assistance.html",
        {
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
            "budgets": selectors.budget_summaries(user, year),
            "grants": [(g, GRANT_FLOW.allowed(user, g)) for g in selectors.grant_list(user, year)],
            "checks": selectors.health_checks(user, year),
            "check_counts": selectors.health_check_counts(user, year),
            "sites": selectors.honor_sites(user),
            "people": selectors.people_for_grants(user)[:500],
            "site_kinds": SiteKind.choices,
            "can_manage": permissions.can(user, permissions.MANAGE),
            "can_apply": permissions.can(user, permissions.APPLY_GRANT),
            "scope_region": selectors.scope_region(user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def assistance_act(request, op: str):
    """Every form of the 礼遇帮扶 page; each calls one service."""
    _need(request.user, permissions.VIEW)
    user, post = request.user, request.POST
    year = _year_of(request)
    try:
        if op == "budget":
            assistance.set_budget(
                actor=user, region_code=post.get("region", ""), year=year, amount=post.get("amount")
            )
        elif op == "apply":
            assistance.apply_grant(
                actor=user,
                person_id=parse_int(post.get("person"), minimum=1, maximum=2**62) or 0,
                year=year,
                amount=post.get("amount"),
                reason=post.get("reason", ""),
            )
        elif op in ("approve", "reject", "pay"):
            assistance.decide_grant(
                actor=user,
                grant_id=parse_int(post.get("grant"), minimum=1, maximum=2**62) or 0,
                action=op,
                note=post.get("note", "")[:1000],
                **(
                    {
                        "paid_on": _day(post.get("paid_on")),
                        "payment_ref": post.get("payment_ref", ""),
                    }
                    if op == "pay"
                    else {}
                ),
            )
        elif op == "schedule":
            day = _day(post.get("scheduled_on"))
            n = assistance.schedule_health_checks(actor=user, year=year, scheduled_on=day)
            messages.info(request, _("已安排 %(n)d 人体检。") % {"n": n})
        elif op in ("done", "missed"):
            assistance.mark_health_check(
                actor=user,
                check_id=parse_int(post.get("check"), minimum=1, maximum=2**62) or 0,
                done=op == "done",
                done_on=_day(post.get("done_on")),
            )
        elif op == "site":
            assistance.save_site(
                actor=user,
                kind=post.get("kind", ""),
                name=post.get("name", ""),
                region_code=post.get("region", ""),
                address=post.get("address", ""),
                opened_on=_day(post.get("opened_on")),
            )
        elif op == "visit":
            assistance.record_visit(
                actor=user,
                site_id=parse_int(post.get("site"), minimum=1, maximum=2**62) or 0,
                day=_day(post.get("day")),
                visitors=post.get("visitors"),
                note=post.get("note", ""),
            )
        else:
            raise Http404
    except services.HonorsInputError as exc:
        messages.error(request, exc.message)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, _("您无权执行此操作。"))
    else:
        messages.success(request, _("已保存。"))
    return redirect(f"{reverse('honors:assistance')}?year={year}")


# ---------------------------------------------------------------- 文明单位/村镇/校园/家庭


@login_required
@require_http_methods(["GET", "POST"])
def title_list(request):
    """文明单位、文明村镇、文明校园、文明家庭: holders, counts by kind and level, due for 复查."""
    _need(request.user, permissions.VIEW)
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
    page = Paginator(selectors.title_list(user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
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
    _need(request.user, permissions.VIEW)
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
