"""Citizen pages (no login): open surveys, answering on a phone, the QR code of a link."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wenming.clientip import client_ip
from wenming.surveys import selectors, services, throttle
from wenming.surveys.respondents import issue_token, respondent_token, set_respondent_cookie


def _raw_answers(post, questions) -> dict[int, object]:
    """The form's fields q<id> as the service expects them (lists for multiple choice)."""
    raw: dict[int, object] = {}
    for question in questions:
        key = f"q{question.pk}"
        raw[question.pk] = post.getlist(key) if question.kind == "multiple" else post.get(key, "")
    return raw


def _form_items(questions, raw: dict[int, object], errors: dict[str, str]) -> list[dict]:
    """What the answer form shows per question: its choices (kept after an error) and its error."""
    items = []
    for question in questions:
        given = raw.get(question.pk)
        chosen = (
            {str(v) for v in given} if isinstance(given, list) else {str(given)} if given else set()
        )
        items.append(
            {
                "question": question,
                "name": f"q{question.pk}",
                "multiple": question.kind == "multiple",
                "choices": [
                    (value, label, str(value) in chosen) for value, label in question.scale()
                ],
                "text": given if question.kind == "text" and given else "",
                "error": errors.get(f"q{question.pk}"),
            }
        )
    return items


# The citizen's front door: every channel open to the public, in the words citizens use. Icons are
# symbols the common CJK fonts carry (as the staff menu's are), never emoji: an office PC without an
# emoji font would print empty boxes.
CHANNELS = [
    (
        "public:report",
        "◉",
        _lazy("文明随手拍"),
        _lazy("拍下身边不文明现象和城市管理问题，随时查看处理进度。"),
    ),
    ("public:track_lookup", "☰", _lazy("查询办理进度"), _lazy("输入反映时拿到的8位查询码。")),
    (
        "public:mine",
        "★",
        _lazy("我的随手拍与文明积分"),
        _lazy("凭手机验证码查看自己反映过的问题和积分。"),
    ),
    (
        "public:demand_new",
        "☎",
        _lazy("群众点单（群众吹哨）"),
        _lazy("养老、育幼、帮困等需要，志愿服务队伍报到服务。"),
    ),
    (
        "public:honors_nominate",
        "♥",
        _lazy("推荐身边好人"),
        _lazy("推荐助人为乐、见义勇为、诚实守信、敬业奉献、孝老爱亲的身边人。"),
    ),
    (
        "public:honors_publicity",
        "❏",
        _lazy("好人评选公示"),
        _lazy("查看公示中的候选人，如有异议可以反映。"),
    ),
    ("public:survey_list", "✎", _lazy("问卷调查"), _lazy("参与文明城市创建满意度调查。")),
    (
        "public:volunteer_login",
        "✓",
        _lazy("志愿者签到与服务记录"),
        _lazy("扫码签到签退，查看服务时长。"),
    ),
    (
        "public:volunteer_verify",
        "▣",
        _lazy("志愿服务证明查验"),
        _lazy("输入证明编号，核验志愿服务证明的真伪。"),
    ),
]


@require_GET
def index(request):
    channels = [
        {"url": reverse(name), "icon": icon, "title": title, "text": text}
        for name, icon, title, text in CHANNELS
    ]
    return render(request, "public/index.html", {"channels": channels})


@require_GET
def survey_list(request):
    return render(request, "public/survey_list.html", {"surveys": selectors.open_surveys()})


def _refusal(request, survey, region, token: str | None):
    """The page shown instead of the form, if any: a link naming a region outside the survey
    (404), a survey no longer accepting answers, or a respondent who has answered already."""
    if region is None:
        return render(
            request,
            "public/message.html",
            {
                "survey": survey,
                "title": _("链接无效"),
                "message": _("问卷链接中的区划不在本次调查范围内，请重新扫码。"),
            },
            status=404,
        )
    context = {"survey": survey, "region": region}
    if not survey.is_accepting():
        return render(
            request,
            "public/message.html",
            {**context, "state": "closed", "message": _("本次调查已结束，感谢您的关注。")},
        )
    if token and selectors.has_answered(survey, services.respondent_key(survey.pk, token)):
        return render(
            request,
            "public/message.html",
            {
                **context,
                "state": "answered",
                "message": _("您已参与过本次调查，每人只能提交一次，感谢您的支持！"),
            },
        )
    return None


def _submit(request, survey, region, raw: dict, token: str) -> tuple[dict, int]:
    """Submit the answers (throttled per address): the errors to show and the page's status,
    ``({}, 200)`` once stored."""
    if not throttle.response_allowed(client_ip(request)):
        return {"": _("提交过于频繁，请稍后再试。")}, 429
    try:
        services.submit_response(
            survey_id=survey.pk, answers=raw, respondent_token=token, region_code=region.pk
        )
    except services.SurveyInputError as exc:
        return exc.errors, 422
    except (services.SurveyClosed, services.AlreadyAnswered, services.QuotaReached) as exc:
        return {"": exc.message}, 409
    return {}, 200


@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request, survey_id: int, region_code: str | None = None):
    survey = selectors.get_public_survey(survey_id)
    region = selectors.public_region(survey, region_code)
    token = respondent_token(request)
    refusal = _refusal(request, survey, region, token)
    if refusal is not None:
        return refusal
    questions = list(selectors.questions_of(survey))
    errors: dict[str, str] = {}
    status = 200
    raw = {}
    if request.method == "POST":
        raw = _raw_answers(request.POST, questions)
        token = token or issue_token()
        errors, status = _submit(request, survey, region, raw, token)
        if status == 200:
            response = redirect(reverse("public:survey_thanks", args=[survey.pk]))
            set_respondent_cookie(request, response, token)
            return response
    response = render(
        request,
        "public/survey_answer.html",
        {
            "survey": survey,
            "region": region,
            "items": _form_items(questions, raw, errors),
            "form_error": errors.get(""),
            "error_count": len([k for k in errors if k]),
        },
        status=status,
    )
    if token is None:
        token = issue_token()
    set_respondent_cookie(request, response, token)
    return response


@require_GET
def survey_thanks(request, survey_id: int):
    survey = selectors.get_public_survey(survey_id)
    return render(
        request,
        "public/message.html",
        {"survey": survey, "state": "thanks", "message": _("提交成功，感谢您参与文明城市创建！")},
    )


@require_GET
def survey_qr(request, survey_id: int):
    """An SVG QR code of the survey's public link (optionally for one region), served by us."""
    survey = selectors.get_survey_for_link(survey_id)
    region_code = request.GET.get("region") or None
    region = selectors.public_region(survey, region_code)
    if region is None or region.pk == survey.region_id:
        path = reverse("public:survey", args=[survey.pk])
    else:
        path = reverse("public:survey_region", args=[survey.pk, region.pk])
    image = qrcode.make(
        request.build_absolute_uri(path), image_factory=qrcode.image.svg.SvgPathImage, border=2
    )
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response
