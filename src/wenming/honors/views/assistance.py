"""Pages of 礼遇帮扶: the year's fund and grants, free health checks, the 四有 sites."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.honors import assistance, permissions, selectors, services
from wenming.honors.assistance import GRANT_FLOW
from wenming.honors.models import SiteKind
from wenming.inputs import parse_int
from wenming.workflow import WorkflowError


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
    permissions.ensure_can(request.user, permissions.VIEW)
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
            "site_regions": selectors.site_region_choices(user)
            if permissions.can(user, permissions.MANAGE)
            else [],
            "can_manage": permissions.can(user, permissions.MANAGE),
            "can_apply": permissions.can(user, permissions.APPLY_GRANT),
            "scope_region": selectors.scope_region(user),
            "today": timezone.localdate(),
        },
    )


def _id(post, name: str) -> int:
    return parse_int(post.get(name), minimum=1, maximum=2**62) or 0


def _budget(request, op: str, year: int) -> None:
    post = request.POST
    assistance.set_budget(
        actor=request.user, region_code=post.get("region", ""), year=year, amount=post.get("amount")
    )


def _apply(request, op: str, year: int) -> None:
    post = request.POST
    assistance.apply_grant(
        actor=request.user,
        person_id=_id(post, "person"),
        year=year,
        amount=post.get("amount"),
        reason=post.get("reason", ""),
    )


def _decide(request, op: str, year: int) -> None:
    post = request.POST
    payment = (
        {"paid_on": _day(post.get("paid_on")), "payment_ref": post.get("payment_ref", "")}
        if op == "pay"
        else {}
    )
    assistance.decide_grant(
        actor=request.user,
        grant_id=_id(post, "grant"),
        action=op,
        note=post.get("note", "")[:1000],
        **payment,
    )


def _schedule(request, op: str, year: int) -> None:
    day = _day(request.POST.get("scheduled_on"))
    n = assistance.schedule_health_checks(actor=request.user, year=year, scheduled_on=day)
    messages.info(request, _("已安排 %(n)d 人体检。") % {"n": n})


def _mark_check(request, op: str, year: int) -> None:
    post = request.POST
    assistance.mark_health_check(
        actor=request.user,
        check_id=_id(post, "check"),
        done=op == "done",
        done_on=_day(post.get("done_on")),
    )


def _site(request, op: str, year: int) -> None:
    post = request.POST
    assistance.save_site(
        actor=request.user,
        kind=post.get("kind", ""),
        name=post.get("name", ""),
        region_code=post.get("region", ""),
        address=post.get("address", ""),
        opened_on=_day(post.get("opened_on")),
    )


def _visit(request, op: str, year: int) -> None:
    post = request.POST
    assistance.record_visit(
        actor=request.user,
        site_id=_id(post, "site"),
        day=_day(post.get("day")),
        visitors=post.get("visitors"),
        note=post.get("note", ""),
    )


# The forms of the 礼遇帮扶 page, by the op their URL names: each calls one service.
ACTS = {
    "budget": _budget,
    "apply": _apply,
    "approve": _decide,
    "reject": _decide,
    "pay": _decide,
    "schedule": _schedule,
    "done": _mark_check,
    "missed": _mark_check,
    "site": _site,
    "visit": _visit,
}


@login_required
@require_POST
def assistance_act(request, op: str):
    """Every form of the 礼遇帮扶 page (ACTS); each calls one service."""
    permissions.ensure_can(request.user, permissions.VIEW)
    act = ACTS.get(op)
    if act is None:
        raise Http404
    year = _year_of(request)
    try:
        act(request, op, year)
    except services.HonorsInputError as exc:
        messages.error(request, exc.message)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, _("您无权执行此操作。"))
    else:
        messages.success(request, _("已保存。"))
    return redirect(f"{reverse('honors:assistance')}?year={year}")


@login_required
def grants_pending(request):
    """帮扶申请 waiting for a decision (the 工作台's count links here)."""
    permissions.ensure_can(request.user, permissions.MANAGE)
    return render(
        request,
        "honors/grants_pending.html",
        {"grants": selectors.grants_to_decide(request.user)},
    )
