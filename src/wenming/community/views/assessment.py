"""The monthly community assessment (月考核) and its ranking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wenming.community import assessment, permissions, selectors
from wenming.community.models import WeakOverride
from wenming.community.views.page import ensure, month_asked, recent_months
from wenming.scoring.services import ScoringError


@login_required
def ranking(request):
    user = request.user
    ensure(user, permissions.VIEW)
    period = month_asked(request)
    if request.method == "POST":
        ensure(user, permissions.MANAGE)
        try:
            assessment.assess(actor=user, period=period, revise=request.POST.get("revise") == "1")
        except ScoringError as exc:
            messages.error(request, str(exc))
        except PermissionDenied:
            messages.error(request, _("您的角色不能发起考核，请联系创城办。"))
        else:
            messages.success(request, _("已完成 %(m)s 社区考核。") % {"m": period.label})
        return redirect(reverse("community:ranking") + f"?month={period.key}")
    visible = {c.unit_id for c in selectors.communities_visible_to(user)}
    return render(
        request,
        "community/ranking.html",
        {
            "period": period,
            "months": recent_months(),
            "snapshot": assessment.current(period),
            "rows": assessment.ranking(period, visible),
            "can_manage": permissions.can(user, permissions.MANAGE),
            "weak_overrides": WeakOverride,
        },
    )
