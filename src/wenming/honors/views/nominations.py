"""Pages of 好人评选: nominations and their five-level review, the registry, a person's honours."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.honors import permissions, selectors, services
from wenming.honors.forms import ExternalHonorForm, NominationForm, ReviewForm
from wenming.honors.models import (
    SELECTION_LEVELS,
    Category,
    Level,
    SelectionMethod,
    State,
)
from wenming.honors.transitions import LABELS, WORKFLOW, rule_for
from wenming.inputs import parse_int
from wenming.media import file_response
from wenming.paging import page_of
from wenming.privacy import mask_phone
from wenming.workflow import WorkflowError

PAGE_SIZE = 30


@login_required
def index(request):
    """推荐评选: nominations in scope, filtered; what waits for the user first."""
    permissions.ensure_can(request.user, permissions.VIEW)
    filters = {
        "state": request.GET.get("state", ""),
        "level": request.GET.get("level", ""),
        "category": request.GET.get("category", ""),
        "q": request.GET.get("q", "")[:50],
    }
    page = page_of(request, selectors.nomination_list(request.user, **filters), PAGE_SIZE)
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
    permissions.ensure_can(request.user, permissions.VIEW)
    return render(
        request,
        "honors/waiting.html",
        {"waiting": selectors.waiting_for(request.user), "section": "nominations"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request):
    """A unit nominates (单位职工, 群团系统 …): the same form and service as the public page."""
    permissions.ensure_can(request.user, permissions.NOMINATE)
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
    permissions.ensure_can(request.user, permissions.VIEW)
    nomination = selectors.get_nomination_for(request.user, pk)
    return render(request, "honors/detail.html", _detail_context(request, nomination))


@login_required
@require_POST
def act(request, pk: int, action: str):
    """Every button of the nomination page: review, settle an objection, promote."""
    permissions.ensure_can(request.user, permissions.VIEW)
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
    permissions.ensure_can(request.user, permissions.VIEW)
    found = selectors.get_file_for(request.user, pk)
    return file_response(found.file, filename=found.name)


@login_required
def registry(request):
    """好人库: people and their honours by level, category, region and year; 繁/简 alike."""
    permissions.ensure_can(request.user, permissions.VIEW)
    year = parse_int(request.GET.get("year"), minimum=1949, maximum=2100)
    filters = {
        "q": request.GET.get("q", "")[:50],
        "level": request.GET.get("level", ""),
        "category": request.GET.get("category", ""),
        "region": request.GET.get("region", "")[:12],
        "year": year,
    }
    people = selectors.registry(request.user, **filters)
    page = page_of(request, people, PAGE_SIZE)
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
    permissions.ensure_can(request.user, permissions.VIEW)
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
