"""Citizen and volunteer pages of 志愿服务 (no staff login): a volunteer's light login on the phone,
the activity QR page (报名、签到、签退), the volunteer's own record, the certificate verification
page, and 群众吹哨 (post a demand, follow it, rate it)."""

from __future__ import annotations

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming import throttle
from wenming.clientip import client_ip
from wenming.inputs import parse_id
from wenming.volunteers import selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.forms import DemandForm, VolunteerLoginForm
from wenming.volunteers.models import Volunteer
from wenming.volunteers.services import activities, demands

COOKIE = "wm_volunteer"
COOKIE_SALT = "wenming.public.volunteer"
COOKIE_AGE = 180 * 24 * 3600
LOGIN_LIMIT_PER_MINUTE = 10
DEMAND_LIMIT_PER_MINUTE = 5


def current_volunteer(request) -> Volunteer | None:
    try:
        pk = request.get_signed_cookie(COOKIE, salt=COOKIE_SALT, max_age=COOKIE_AGE)
    except (KeyError, signing.BadSignature):
        return None
    return Volunteer.objects.filter(pk=pk, is_active=True).first()


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_login(request):
    form = VolunteerLoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not throttle.allow(
            "volunteer-login", client_ip(request) or "-", limit=LOGIN_LIMIT_PER_MINUTE
        ):
            form.add_error(None, _("尝试过于频繁，请稍后再试。"))
            status = 429
        elif form.is_valid():
            volunteer = activities.volunteer_by_login(**form.cleaned_data)
            if volunteer is not None:
                response = redirect(_safe_next(request, reverse("public:volunteer_me")))
                response.set_signed_cookie(
                    COOKIE,
                    volunteer.pk,
                    salt=COOKIE_SALT,
                    max_age=COOKIE_AGE,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
                return response
            form.add_error(None, _("手机号或身份证号后6位不正确，或尚未登记为志愿者。"))
            form.data = form.data.copy()  # the numbers typed are not sent back in the page
            form.data["phone"] = form.data["id_tail"] = ""
            status = 422
        else:
            status = 422
    return render(
        request,
        "public/volunteer_login.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


@require_POST
def volunteer_logout(request):
    response = redirect("public:volunteer_login")
    response.delete_cookie(COOKIE)
    return response


@never_cache
@require_GET
def volunteer_me(request):
    volunteer = current_volunteer(request)
    if volunteer is None:
        return redirect(
            f"{reverse('public:volunteer_login')}?next={reverse('public:volunteer_me')}"
        )
    mine = list(selectors.signed_up_activities(volunteer))
    return render(
        request,
        "public/volunteer_me.html",
        {
            "volunteer": volunteer,
            "records": selectors.records_of(volunteer)[:100],
            "total_hours": selectors.volunteer_hours(volunteer),
            "mine": mine,
            "mine_ids": {activity.pk for activity in mine},
            "today": timezone.localdate(),
            "open": selectors.open_activities(),
        },
    )


@never_cache
@require_GET
def volunteer_activity(request, token: str):
    """The page the activity's QR code opens: 报名, 签到, 签退."""
    activity = selectors.public_activity(token)
    volunteer = current_volunteer(request)
    record = activity.records.filter(volunteer=volunteer).first() if volunteer is not None else None
    signed_up = volunteer is not None and activity.signups.filter(volunteer=volunteer).exists()
    return render(
        request,
        "public/volunteer_activity.html",
        {
            "activity": activity,
            "volunteer": volunteer,
            "record": record,
            "signed_up": signed_up,
            "radius": activities.radius_of(activity),
        },
    )


@never_cache
@require_POST
def volunteer_scan(request, token: str):
    activity = selectors.public_activity(token)
    volunteer = current_volunteer(request)
    if volunteer is None:
        return redirect(
            f"{reverse('public:volunteer_login')}?next={reverse('public:volunteer_activity', args=[token])}"
        )
    kind = request.POST.get("kind", "")
    status, message, ok = 200, "", True
    try:
        if kind == "signup":
            activities.sign_up(volunteer=volunteer, activity=activity)
            message = _("报名成功。")
        else:
            record = activities.scan(
                volunteer=volunteer,
                activity=activity,
                kind=kind,
                latitude=request.POST.get("latitude") or None,
                longitude=request.POST.get("longitude") or None,
            )
            message = (
                _("签到成功。")
                if kind == activities.SIGN_IN
                else _("签退成功，本次服务时长 %(h)s 小时。") % {"h": record.hours}
            )
    except VolunteerError as error:
        status, message, ok = 422, error.message, False
    record = activity.records.filter(volunteer=volunteer).first()
    return render(
        request,
        "public/volunteer_activity.html",
        {
            "activity": activity,
            "volunteer": volunteer,
            "record": record,
            "signed_up": activity.signups.filter(volunteer=volunteer).exists(),
            "radius": activities.radius_of(activity),
            "message": message,
            "ok": ok,
        },
        status=status,
    )


@require_GET
def certificate_verify(request, code: str | None = None):
    """The verification page a certificate's QR code opens; also looks up a typed number."""
    number = (request.GET.get("number") or "").strip()
    certificate = None
    if code is not None:
        certificate = selectors.certificate_by_code(code)
    elif number:
        certificate = selectors.certificate_by_number(number)
    searched = code is not None or bool(number)
    return render(
        request,
        "public/certificate_verify.html",
        {"certificate": certificate, "searched": searched, "number": number},
        status=404 if searched and certificate is None else 200,
    )


@require_GET
def service_menu(request):
    """群众点单: the services teams offer; choosing one opens the demand form for it."""
    return render(request, "public/service_menu.html", {"offers": selectors.public_offers()[:200]})


@never_cache
@require_http_methods(["GET", "POST"])
def demand_new(request):
    """群众吹哨: a citizen posts a need from a phone, no login; the phone number is optional.
    With ``?offer=`` it orders a service from the menu."""
    offer = selectors.public_offer(parse_id(request.GET.get("offer") or request.POST.get("offer")))
    initial = {"category": offer.category, "title": offer.title} if offer else {}
    form = DemandForm(request.POST or None, initial=initial, regions=selectors.demand_regions())
    status = 200
    if request.method == "POST":
        if not throttle.allow(
            "demand-post", client_ip(request) or "-", limit=DEMAND_LIMIT_PER_MINUTE
        ):
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
        elif form.is_valid():
            try:
                demand = demands.post_demand(actor=None, offer=offer, **form.cleaned_data)
            except VolunteerError as error:
                if error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    form.add_error(None, error.message)
                status = 422
            else:
                return redirect("public:demand_track", code=demand.code)
        else:
            status = 422
    return render(request, "public/demand_new.html", {"form": form, "offer": offer}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def demand_track(request, code: str):
    demand = selectors.public_demand(code)
    error, status = "", 200
    if request.method == "POST":
        try:
            demands.rate_demand(
                code=code,
                rating=request.POST.get("rating"),
                comment=request.POST.get("comment", ""),
            )
        except VolunteerError as exc:
            error, status = exc.message, 422
        else:
            return redirect("public:demand_track", code=code)
    if demand is None:
        raise Http404
    return render(
        request,
        "public/demand_track.html",
        {
            "demand": demand,
            "events": demand.events.all(),
            "labels": demands.ACTION_LABELS,
            "error": error,
            "stars": range(1, 6),
        },
        status=status,
    )
