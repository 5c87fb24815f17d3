"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the 随手拍 intake.

Every resource in both formats (``.json`` / ``.xml``): discovery, services, a service's
definition, POST requests (form-encoded, ``api_key``), GET requests (filters, 90 days at most),
one request, a token. A POSTed request is a citizen report like any other (participation's
submit_report: same jurisdiction check, same intake, same limits, per key). Errors are the
spec's list ``[{"code", "description"}]`` with the matching HTTP status. No GET shows a
reporter's e-mail, phone or name.

Plain Django views rather than the ninja API: the spec fixes form-encoded input, XML output and
its own error body, none of which the JSON API's schemas describe.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from wenming import throttle
from wenming.clientip import client_ip
from wenming.inputs import parse_id
from wenming.media import file_response
from wenming.participation import conf, keys, selectors, services
from wenming.participation.errors import ParticipationError
from wenming.participation.models import Channel

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_DAYS = 90


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


# --- rendering -------------------------------------------------------------------------------


def _w3c(moment) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml_value(parent: ET.Element, tag: str, value) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(element, key, inner)
    elif isinstance(value, list):
        child_tag = {
            "formats": "format",
            "values": "value",
            "attributes": "attribute",
            "endpoints": "endpoint",
        }.get(tag, "item")
        for item in value:
            _xml_value(element, child_tag, item)
    else:
        element.text = _text(value)


def _respond(fmt: str, root: str, item: str | None, payload, status: int = 200) -> HttpResponse:
    """``payload`` as JSON, or as XML under ``root`` (a list's items each as ``item``)."""
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False)
    else:
        element = ET.Element(root)
        if isinstance(payload, list):
            for entry in payload:
                _xml_value(element, item, entry)
        else:
            for key, value in payload.items():
                _xml_value(element, key, value)
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)
    response["Cache-Control"] = "no-store"
    return response


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(
        fmt if fmt in CONTENT_TYPES else "json",
        "errors",
        "error",
        [{"code": status, "description": description}],
        status=status,
    )


def open311_view(view):
    """Unknown format → 404; Open311Error / a flood → the spec's error list."""

    def wrapper(request, *args, fmt: str, **kwargs):
        if fmt not in CONTENT_TYPES:
            raise Http404
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc.status, exc.description)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _jurisdiction(request) -> None:
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    if given and given != jurisdiction_id():
        raise Open311Error(404, _("jurisdiction_id“%(v)s”不存在。") % {"v": given[:50]})


def jurisdiction_id() -> str:
    return getattr(settings, "OPEN311_JURISDICTION_ID", "") or conf.city_code()


def _lookups(request) -> None:
    if not throttle.allow(
        "open311-read", client_ip(request) or "-", limit=conf.lookups_per_ip_minute()
    ):
        raise Open311Error(429, _("请求过于频繁，请稍后再试。"))


# --- resources -------------------------------------------------------------------------------


@require_GET
@open311_view
def discovery(request, fmt: str):
    changed = _w3c(timezone.now().replace(hour=0, minute=0, second=0, microsecond=0))
    return _respond(
        fmt,
        "discovery",
        None,
        {
            "changeset": changed,
            "contact": getattr(settings, "OPEN311_CONTACT", "") or _("市文明办"),
            "key_service": _("向市文明办申请 API 密钥（wenming open311-key）"),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": request.build_absolute_uri(reverse("open311:root")).rstrip("/"),
                    "changeset": changed,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


def root(request):
    raise Http404


@require_GET
@open311_view
def service_list(request, fmt: str):
    _jurisdiction(request)
    return _respond(
        fmt,
        "services",
        "service",
        [
            {
                "service_code": service.code,
                "service_name": service.name,
                "description": service.description,
                "metadata": service.has_metadata,
                "type": "realtime",
                "keywords": service.keywords,
                "group": service.group,
            }
            for service in selectors.active_services()
        ],
    )


def _attribute(attribute: dict) -> dict:
    return {
        "variable": bool(attribute.get("variable", True)),
        "code": attribute["code"],
        "datatype": attribute.get("datatype", "string"),
        "required": bool(attribute.get("required", False)),
        "datatype_description": attribute.get("datatype_description") or "",
        "order": attribute.get("order", 1),
        "description": attribute.get("description", ""),
        "values": [{"key": v["key"], "name": v["name"]} for v in attribute.get("values", [])],
    }


@require_GET
@open311_view
def service_definition(request, code: str, fmt: str):
    _jurisdiction(request)
    service = selectors.service_named(code)
    if service is None:
        raise Open311Error(404, _("service_code“%(v)s”不存在。") % {"v": code[:50]})
    return _respond(
        fmt,
        "service_definition",
        None,
        {
            "service_code": service.code,
            "attributes": [_attribute(a) for a in service.attributes],
        },
    )


def _request_entry(request, report) -> dict:
    case = report.case
    photos = getattr(case, "before_photos", [])
    events = list(case.events.all())
    updated = max([e.at for e in events], default=case.created)
    return {
        "service_request_id": str(case.pk),
        "status": "closed" if case.state == "closed" else "open",
        "status_notes": selectors.status_notes(case),
        "service_name": report.service.name if report.service else case.category,
        "service_code": report.service.code if report.service else "",
        "description": case.description,
        "agency_responsible": selectors.public_unit(case),
        "service_notice": "",
        "requested_datetime": _w3c(case.created),
        "updated_datetime": _w3c(updated),
        "expected_datetime": _w3c(case.due) if case.state != "closed" else None,
        "address": case.address,
        "address_id": "",
        "zipcode": "",
        "lat": _text(case.latitude),
        "long": _text(case.longitude),
        "media_url": request.build_absolute_uri(
            reverse("open311:media", args=[case.pk, photos[0].pk])
        )
        if photos
        else "",
    }


def _instant(name: str, value: str):
    moment = parse_datetime(value.strip().replace(" ", "+")) if value else None
    if value and (moment is None):
        raise Open311Error(
            400, _("%(name)s 应为 W3C 日期时间，如 2026-11-01T00:00:00+08:00。") % {"name": name}
        )
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _list_requests(request, fmt: str):
    _jurisdiction(request)
    _lookups(request)
    ids_text = request.GET.get("service_request_id", "").strip()
    if ids_text:
        ids = [parse_id(part) for part in ids_text.split(",")]
        if None in ids:
            raise Open311Error(400, _("service_request_id 应为以逗号分隔的编号。"))
        reports = selectors.open311_reports(ids=ids)
    else:
        try:
            start = _instant("start_date", request.GET.get("start_date", ""))
            end = _instant("end_date", request.GET.get("end_date", ""))
        except OverflowError as exc:
            raise Open311Error(400, _("日期超出范围。")) from exc
        if start and end and end < start:
            raise Open311Error(400, _("end_date 不能早于 start_date。"))
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            start = end - timedelta(days=MAX_DAYS)
        elif end is None:
            end = start + timedelta(days=MAX_DAYS)
        if end - start > timedelta(days=MAX_DAYS):
            raise Open311Error(400, _("查询时间跨度不能超过 %(n)d 天。") % {"n": MAX_DAYS})
        statuses = [s for s in request.GET.get("status", "").split(",") if s]
        if any(s not in ("open", "closed") for s in statuses):
            raise Open311Error(400, _("status 只能是 open 或 closed。"))
        codes = [c for c in request.GET.get("service_code", "").split(",") if c]
        reports = selectors.open311_reports(
            service_codes=codes, start=start, end=end, statuses=statuses
        )
    return _respond(
        fmt, "service_requests", "request", [_request_entry(request, r) for r in reports]
    )


def _attributes(post) -> dict:
    """The request's attribute[code] fields (attribute[code][] a multivaluelist) and media_url."""
    attributes: dict = {}
    for name in post:
        if name.startswith("attribute[") and name.endswith("]"):
            inner = name[len("attribute[") : -1]
            if inner.endswith("]["):  # attribute[code][] (multivaluelist)
                attributes[inner[:-2]] = post.getlist(name)
            else:
                attributes[inner] = post.get(name)
    if post.get("media_url"):
        attributes["media_url"] = post.get("media_url")[:500]
    return attributes


def _checked_key(raw):
    """The key ``raw`` stands for, checked and counted now: 403 when missing, unknown or
    revoked, 429 past its limit."""
    try:
        key = keys.open311_key_for(raw)
    except ParticipationError as exc:  # the key's limit
        raise Open311Error(exc.status, exc.message) from exc
    if key is None:
        raise Open311Error(403, keys.invalid_key().message)
    return key


def _create_request(request, fmt: str):
    """A key this process knows is checked (and counted) in the round trip that writes the
    report; when the request is refused before that, it is checked on its own first, so a
    wrong key is 403 whatever else is wrong, as with a key checked at once."""
    _jurisdiction(request)
    raw = request.POST.get("api_key")
    key = keys.known_open311_key(raw)
    if key is None:
        return _submit_request(request, fmt, _checked_key(raw), key_checked=True)
    try:
        return _submit_request(request, fmt, key, key_checked=False)
    except Open311Error as exc:
        if exc.status not in (403, 429):  # refused before the key was checked
            _checked_key(raw)
        raise


def _submit_request(request, fmt: str, key, *, key_checked: bool):
    post = request.POST
    code = post.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("缺少 service_code。"))
    service = selectors.service_named(code)
    if service is None:
        raise Open311Error(404, _("service_code“%(v)s”不存在。") % {"v": code[:50]})
    if not (post.get("lat") and post.get("long")):
        raise Open311Error(
            400,
            _("需要提供 lat 和 long（本系统暂不支持仅凭 address_string 或 address_id 定位）。"),
        )
    attributes = _attributes(post)
    name = " ".join(p for p in (post.get("last_name", ""), post.get("first_name", "")) if p)
    try:
        report = services.submit_report(
            service=service,
            description=post.get("description", ""),
            latitude=post.get("lat"),
            longitude=post.get("long"),
            address=post.get("address_string", ""),
            phone=post.get("phone", ""),
            email=post.get("email", ""),
            name=name,
            channel=Channel.OPEN311,
            api_key=key,
            key_checked=key_checked,
            attributes=attributes,
            ip=client_ip(request),
        )
    except ParticipationError as exc:
        status = exc.status if exc.status in (403, 404, 429) else 400
        raise Open311Error(status, exc.message) from exc
    notice = _("已收到，查询码 %(code)s，可在 %(url)s 查看办理进度。") % {
        "code": report.tracking_code,
        "url": request.build_absolute_uri(reverse("public:track", args=[report.tracking_code])),
    }
    return _respond(
        fmt,
        "service_requests",
        "request",
        [
            {
                "service_request_id": str(report.case_id),
                "token": report.token,
                "service_notice": notice,
                "account_id": None,
            }
        ],
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
@open311_view
def requests_(request, fmt: str):
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


@require_GET
@open311_view
def request_detail(request, request_id: str, fmt: str):
    _jurisdiction(request)
    _lookups(request)
    pk = parse_id(request_id)
    reports = selectors.open311_reports(ids=[pk]) if pk else []
    if not reports:
        raise Open311Error(404, _("service_request_id“%(v)s”不存在。") % {"v": request_id[:50]})
    return _respond(fmt, "service_requests", "request", [_request_entry(request, reports[0])])


@require_GET
@open311_view
def token(request, token: str, fmt: str):
    _jurisdiction(request)
    _lookups(request)
    report = selectors.report_by_token(token)
    if report is None:
        raise Open311Error(404, _("token 不存在。"))
    return _respond(
        fmt,
        "service_requests",
        "request",
        [{"service_request_id": str(report.case_id), "token": report.token}],
    )


@require_GET
def media(request, case_id: int, photo_id: int):
    photo = selectors.open311_media_photo(case_id, photo_id)
    if photo is None:
        raise Http404
    return file_response(photo.image)
