"""Citizen pages of 好人评选 (no login): nominate someone on a phone (六推荐), read the 公示
list and object to a candidate. Both forms are rate limited per client address."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wenming import throttle
from wenming.clientip import client_ip
from wenming.honors import selectors, services
from wenming.honors.forms import NominationForm, ObjectionForm
from wenming.media import file_response
from wenming.workflow import WorkflowError


def _allowed(request, scope: str) -> bool:
    return throttle.allow(
        scope,
        client_ip(request) or "-",
        limit=getattr(settings, "HONORS_PUBLIC_LIMIT_PER_HOUR", 20),
        window=3600,
    )


def _apply_errors(form, errors: dict[str, str]) -> None:
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


@never_cache
@require_http_methods(["GET", "POST"])
def nominate(request):
    regions = selectors.nomination_region_choices()
    form = NominationForm(request.POST or None, request.FILES or None, regions=regions)
    status = 200
    if request.method == "POST":
        if not _allowed(request, "honors-nominate"):
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.nominate(
                    actor=None,
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
                _apply_errors(form, exc.errors)
                status = 422
            else:
                return redirect(reverse("public:honors_thanks"))
        else:
            status = 422
    return render(request, "public/honors_nominate.html", {"form": form}, status=status)


@require_GET
def thanks(request):
    return render(request, "public/honors_thanks.html")


@require_GET
def publicity(request):
    return render(request, "public/honors_publicity.html", {"candidates": selectors.in_publicity()})


@never_cache
@require_http_methods(["GET", "POST"])
def candidate(request, pk: int):
    nomination = selectors.get_public_nomination(pk)
    form = ObjectionForm(request.POST or None)
    status, sent = 200, False
    if request.method == "POST":
        if not _allowed(request, "honors-object"):
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
        elif form.is_valid():
            try:
                services.raise_objection(nomination_id=nomination.pk, **form.cleaned_data)
            except services.HonorsInputError as exc:
                _apply_errors(form, exc.errors)
                status = 422
            except WorkflowError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                sent, form = True, ObjectionForm()
        else:
            status = 422
    return render(
        request,
        "public/honors_candidate.html",
        {"nomination": nomination, "form": form, "sent": sent},
        status=status,
    )


@require_GET
def photo(request, pk: int):
    found = selectors.get_public_photo(pk)
    return file_response(found.file)
