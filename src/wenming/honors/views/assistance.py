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


@login_required
@require_POST
def assistance_act(request, op: str):
    """Every form of the 礼遇帮扶 page; each calls one service."""
    permissions.ensure_can(request.user, permissions.VIEW)
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


@login_required
def grants_pending(request):
    """帮扶申请 waiting for a decision (the 工作台's count links here)."""
    permissions.ensure_can(request.user, permissions.MANAGE)
    return render(
        request,
        "honors/grants_pending.html",
        {"grants": selectors.grants_to_decide(request.user)},
    )
