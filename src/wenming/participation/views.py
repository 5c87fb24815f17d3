"""The office's pages of the citizens' channel: 群众反映 (intake with reporters' phones),
不满意复查 (reopen or answer) and the figures. Only the office (创城办) reaches them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.inputs import parse_id
from wenming.paging import page_of
from wenming.participation import permissions, ratings, selectors, stats
from wenming.participation.errors import ParticipationError


def _office_only(user) -> None:
    if not permissions.can(user, permissions.VIEW_REPORTS):
        raise PermissionDenied


@login_required
def index(request):
    """群众反映: citizen reports (those waiting for intake, or all) with the reporter's phone."""
    _office_only(request.user)
    show_all = request.GET.get("all") == "1"
    page = page_of(request, selectors.intake_for(request.user, pending_only=not show_all), 30)
    return render(
        request,
        "participation/index.html",
        {
            "page": page,
            "show_all": show_all,
            "review_count": selectors.pending_reviews_for(request.user).count(),
        },
    )


@login_required
def reviews(request):
    """不满意待复查: the ratings waiting for the office to reopen the case or answer."""
    _office_only(request.user)
    page = page_of(request, selectors.pending_reviews_for(request.user), 30)
    return render(request, "participation/reviews.html", {"page": page})


@login_required
@require_POST
def review(request, rating_id: int, decision: str):
    """Reopen the case (重新办理) or answer the citizen why it stays closed."""
    _office_only(request.user)
    text = request.POST.get("text", "")
    try:
        if decision == "reopen":
            ratings.reopen_for_review(actor=request.user, rating_id=rating_id, note=text)
            messages.success(request, _("案件已退回待受理，重新办理。"))
        elif decision == "answer":
            ratings.answer_review(actor=request.user, rating_id=rating_id, answer=text)
            messages.success(request, _("答复已发送给市民。"))
        else:
            raise PermissionDenied
    except ParticipationError as exc:
        messages.error(request, exc.message)
    return redirect("participation:reviews")


@login_required
def figures(request):
    """随手拍 figures: per day, category and district; acceptance, time to close, satisfaction,
    repeat locations."""
    _office_only(request.user)
    days = parse_id(request.GET.get("days")) or 30
    days = min(days, 366)
    return render(
        request,
        "participation/stats.html",
        {"figures": stats.figures_for(request.user, days=days), "days": days},
    )
