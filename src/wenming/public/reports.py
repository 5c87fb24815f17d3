"""随手拍 pages (no login): report a problem on a phone, follow one reported nearby, track it
with the code, rate the result. Every rule is participation's; these views parse and render."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming import throttle
from wenming.cases.models import Case
from wenming.clientip import client_ip
from wenming.inputs import parse_id
from wenming.media import file_response
from wenming.numbers import NumberInvalid, clean_position
from wenming.participation import conf, ratings, selectors, services
from wenming.participation.codes import normalise_code
from wenming.participation.errors import ParticipationError
from wenming.privacy import mask_phone
from wenming.public.forms import CitizenReportForm, RatingForm


def _busy(request) -> bool:
    """Lookups (tracking page, nearby reports) per address and minute: guessing codes is slow."""
    return not throttle.allow(
        "citizen-lookup", client_ip(request) or "-", limit=conf.lookups_per_ip_minute()
    )


def _too_many(request):
    return render(
        request,
        "public/citizen_message.html",
        {"title": _("操作过于频繁"), "message": _("提交过于频繁，请稍后再试。")},
        status=429,
    )


def _report_context(form, **extra) -> dict:
    return {
        "form": form,
        "services": list(selectors.active_services()),
        "max_photos": conf.max_photos(),
        **extra,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    """随手拍: the phone form; on success the citizen goes to the tracking page with the code."""
    if request.method == "GET":
        return render(request, "public/report.html", _report_context(CitizenReportForm()))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > conf.request_max_bytes():
        return render(
            request,
            "public/citizen_message.html",
            {
                "title": _("照片太大"),
                "message": _("提交的内容超过 %(mb)d MB，请少选几张照片或压缩后再试。")
                % {"mb": conf.request_max_bytes() // (1024 * 1024)},
            },
            status=413,
        )
    form = CitizenReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "public/report.html", _report_context(form), status=422)
    data = form.cleaned_data
    if data["website"]:
        return render(
            request,
            "public/citizen_message.html",
            {"title": _("提交失败"), "message": _("提交失败，请刷新页面后重试。")},
            status=400,
        )
    try:
        citizen_report = services.submit_report(
            service=data["service"],
            description=data["description"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            address=data["address"],
            photos=data["photos"],
            phone=data["phone"],
            consent=data["consent"],
            follow_case_id=data["follow"],
            ip=client_ip(request),
        )
    except ParticipationError as exc:
        if exc.status == 429:
            return _too_many(request)
        form.add_error(None, exc.message)
        return render(
            request, "public/report.html", _report_context(form, error_field=exc.field), status=422
        )
    return redirect(reverse("public:track", args=[citizen_report.tracking_code]) + "?new=1")


@require_GET
def nearby(request):
    """附近已有人反映: open citizen reports of the category within the radius, last days."""
    if _busy(request):
        return JsonResponse({"error": _("提交过于频繁，请稍后再试。")}, status=429)
    service = selectors.service_named(request.GET.get("service", ""))
    try:
        lat, lon = clean_position(Case, request.GET.get("lat"), request.GET.get("lon"))
    except NumberInvalid:
        lat = lon = None
    if service is None or lat is None or lon is None:
        return JsonResponse({"cases": []})
    found = selectors.nearby_open_cases(category=service.category, latitude=lat, longitude=lon)
    return JsonResponse(
        {
            "cases": [
                {
                    "id": case.pk,
                    "description": case.description[:60],
                    "distance": distance,
                    "reported": timezone.localtime(case.created).strftime("%m-%d %H:%M"),
                }
                for case, distance in found
            ]
        }
    )


@require_GET
def track_lookup(request):
    """The page where a citizen types the code they were given."""
    text = request.GET.get("code", "")
    if text:
        code = normalise_code(text)
        if code:
            return redirect("public:track", code=code)
        return render(
            request,
            "public/track_lookup.html",
            {"error": _("查询码为 8 位字母和数字，请核对后重试。"), "code": text[:20]},
            status=422,
        )
    return render(request, "public/track_lookup.html", {})


def _report_or_404(request, code: str):
    report = selectors.report_by_code(code)
    if report is None:
        raise Http404
    return report


@never_cache
@require_GET
def track(request, code: str):
    if _busy(request):
        return _too_many(request)
    citizen_report = _report_or_404(request, code)
    return render(
        request,
        "public/track.html",
        {
            "report": citizen_report,
            "view": selectors.public_view(citizen_report),
            "steps": selectors.PUBLIC_STEPS,
            "is_new": request.GET.get("new") == "1",
            "rating_form": RatingForm(),
        },
    )


@require_POST
def rate(request, code: str):
    citizen_report = _report_or_404(request, code)
    form = RatingForm(request.POST)
    status, message = 200, ""
    if not form.is_valid():
        status, message = 422, _("请选择满意、基本满意或不满意。")
    else:
        try:
            ratings.rate(
                code=citizen_report.tracking_code,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ParticipationError as exc:
            status, message = exc.status, exc.message
    if status == 200:
        return redirect("public:track", code=citizen_report.tracking_code)
    return render(
        request,
        "public/track.html",
        {
            "report": citizen_report,
            "view": selectors.public_view(citizen_report),
            "steps": selectors.PUBLIC_STEPS,
            "rating_form": form,
            "rating_error": message,
        },
        status=status,
    )


@require_GET
def track_qr(request, code: str):
    citizen_report = _report_or_404(request, code)
    url = request.build_absolute_uri(reverse("public:track", args=[citizen_report.tracking_code]))
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def track_photo(request, code: str, photo_id: int):
    photo = selectors.public_photo(code, parse_id(photo_id) or 0)
    if photo is None:
        raise Http404
    return file_response(photo.image)


# --- 我的随手拍 ----------------------------------------------------------------------------------

MINE_SESSION_KEY = "citizen_phone"
MINE_SECONDS = 30 * 60


def _confirmed_phone(request) -> str:
    """The phone this browser proved with a code in the last half hour, else ''."""
    held = request.session.get(MINE_SESSION_KEY) or {}
    if not isinstance(held, dict) or held.get("until", 0) < timezone.now().timestamp():
        return ""
    return held.get("phone", "")


@never_cache
@require_http_methods(["GET", "POST"])
def mine(request):
    """我的随手拍: after a one-time code, the phone's reports and 文明积分."""
    phone = _confirmed_phone(request)
    context: dict = {"step": "phone"}
    status = 200
    if request.method == "POST" and request.POST.get("step") == "send":
        typed = request.POST.get("phone", "")
        try:
            services.send_phone_code(phone=typed, ip=client_ip(request))
        except ParticipationError as exc:
            if exc.status == 429:
                return _too_many(request)
            context, status = {"step": "phone", "error": exc.message, "phone": typed[:20]}, 422
        else:
            context = {"step": "code", "phone": typed[:20]}
    elif request.method == "POST" and request.POST.get("step") == "verify":
        typed = request.POST.get("phone", "")
        try:
            phone = services.confirm_phone_code(phone=typed, code=request.POST.get("code", ""))
        except ParticipationError as exc:
            context, status = {"step": "code", "error": exc.message, "phone": typed[:20]}, 422
        else:
            request.session.cycle_key()
            request.session[MINE_SESSION_KEY] = {
                "phone": phone,
                "until": timezone.now().timestamp() + MINE_SECONDS,
            }
            return redirect("public:mine")
    elif phone:
        reports = list(selectors.reports_of_phone(phone)[:200])
        context = {
            "step": "list",
            "masked": mask_phone(phone),
            "points": selectors.points_of_phone(phone),
            "points_each": conf.points_per_report(),
            "rows": [(r, selectors.public_label(r.case)) for r in reports],
        }
    return render(request, "public/mine.html", context, status=status)


@require_POST
def mine_leave(request):
    request.session.pop(MINE_SESSION_KEY, None)
    return redirect("public:mine")
