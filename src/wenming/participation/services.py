"""Every write of the citizens' channel: report (or follow), rate, the office's review, keys, codes.

A report becomes a cases.Case in state ``reported`` (source citizen) through cases.services,
so it lands in the office's intake (待受理) like any other report; this app keeps the citizen.
Rate limits are part of the rule (one owner): the 随手拍 page and Open311 both come here.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming import throttle
from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import services as case_services
from wenming.cases.errors import CaseError
from wenming.cases.events import PhotoIn, photo_position
from wenming.cases.models import Case, Severity, Source
from wenming.hanzi import normalize
from wenming.inputs import clean_name, parse_id
from wenming.notifications import services as notifications
from wenming.notifications.models import MessageKind
from wenming.numbers import clean_position
from wenming.participation import codes, conf, keys, locate, selectors
from wenming.participation.errors import NotFound, ParticipationError, too_many
from wenming.participation.models import (
    Channel,
    CitizenReport,
    Open311Key,
    PhoneCode,
    Service,
)
from wenming.privacy import normalise_phone

DESCRIPTION_MAX = 1000
ADDRESS_MAX = 200


def _check_limits(
    *, ip: str | None, phone: str, api_key: Open311Key | None, key_checked: bool
) -> None:
    """Per address (the page) and per phone: a flood gets 429, nothing saved. An Open311 key's
    own limit counted the request when the key was checked (keys.open311_key_for), or now."""
    if api_key is not None and not key_checked:
        try:
            throttle.pass_if(keys.request_check(api_key))
        except throttle.Refused as exc:
            raise too_many() from exc
    for hit in _report_hits(ip=ip, phone=phone, api_key=api_key):
        if not throttle.allow(hit.scope, hit.key, limit=hit.limit, window=hit.window):
            raise too_many()


def _report_hits(*, ip: str | None, phone: str, api_key: Open311Key | None) -> list:
    """A report's limits: per address on the page (an Open311 key has its own), per phone."""
    hits = []
    if api_key is None:
        hits.append(throttle.Hit("citizen-report", ip or "-", conf.reports_per_ip_hour(), 3600))
    if phone:
        digest = codes.digest(phone)
        hits.append(
            throttle.Hit("citizen-report-phone", digest, conf.reports_per_phone_day(), 86400)
        )
    return hits


def _limit_guards(
    *, ip: str | None, phone: str, api_key: Open311Key | None, key_checked: bool
) -> list:
    """The same checks as _check_limits for a new report, counted with its rows where the
    database keeps the counters (throttle.guards: one round trip for the counts and the report;
    past a limit nothing is written and report_case raises throttle.Refused; a key revoked
    meanwhile raises Forbidden), else counted now (with Redis, in one round trip). The key
    first: a wrong key is refused whatever else is."""
    try:
        key_guard = (
            throttle.guard_if(keys.request_check(api_key))
            if api_key is not None and not key_checked
            else None
        )
        guards = throttle.guards(_report_hits(ip=ip, phone=phone, api_key=api_key))
    except throttle.Refused as exc:
        raise too_many() from exc
    return [key_guard, *guards] if key_guard is not None else guards


def clean_phone(value) -> str:
    try:
        return normalise_phone(value)
    except ValueError as exc:
        raise ParticipationError(str(exc), field="phone") from exc


def _clean_attributes(service: Service, given: dict | None) -> dict:
    """Open311 attribute[...] values against the service's definition (required, list keys)."""
    given = given or {}
    cleaned: dict = {}
    for attribute in service.attributes:
        code = attribute["code"]
        value = given.get(code)
        values = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
        values = [str(v).strip()[:200] for v in values if str(v).strip()]
        if not values:
            if attribute.get("required"):
                raise ParticipationError(
                    _("请填写“%(name)s”。") % {"name": attribute.get("description", code)},
                    field=f"attribute[{code}]",
                )
            continue
        keys = {str(v["key"]) for v in attribute.get("values", [])}
        datatype = attribute.get("datatype", "string")
        if datatype in ("singlevaluelist", "multivaluelist"):
            unknown = [v for v in values if v not in keys]
            if unknown or (datatype == "singlevaluelist" and len(values) > 1):
                raise ParticipationError(
                    _("“%(name)s”的取值“%(value)s”不在可选范围内。")
                    % {"name": attribute.get("description", code), "value": (unknown or values)[0]},
                    field=f"attribute[{code}]",
                )
            cleaned[code] = values if datatype == "multivaluelist" else values[0]
        else:
            cleaned[code] = values[0]
    return cleaned


def _photo_in(checked, latitude, longitude) -> PhotoIn:
    """A checked photo for the case, at its own GPS position, else the report's (cases' rule)."""
    lat, lon = photo_position(checked, latitude, longitude)
    return PhotoIn(
        file=ContentFile(checked.content, name=checked.name), latitude=lat, longitude=lon
    )


CODE_DRAWS = 5


def _with_fresh_code(write: Callable[[dict], CitizenReport]) -> CitizenReport:
    """``write(codes)`` (one transaction) with a freshly drawn tracking code and token. A code
    drawn twice (1 in 10^12) rolls that transaction back and the report is written again with
    new ones: the usual path opens no savepoint for the unlikely one."""
    for _attempt in range(CODE_DRAWS):
        drawn = {"tracking_code": codes.new_tracking_code(), "token": codes.new_token()}
        try:
            return write(drawn)
        except IntegrityError:
            taken = Q(tracking_code=drawn["tracking_code"]) | Q(token=drawn["token"])
            if not CitizenReport.objects.filter(taken).exists():
                raise
    raise RuntimeError("could not draw an unused tracking code")


def _active_service(service: Service | str) -> Service:
    """The service reported under (given, or named by its code), refused when unknown or retired."""
    if not isinstance(service, Service):
        service = selectors.service_named(service)
    if service is None or not service.is_active:
        raise NotFound(_("请选择问题类别。"), field="service")
    return service


def _checked_content(description: str, photos: Iterable) -> tuple[str, list]:
    """The description (normalised, within its length) and the photos (within their number)."""
    description = normalize(description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise ParticipationError(
            _("问题描述最多 %(n)d 字。") % {"n": DESCRIPTION_MAX}, field="description"
        )
    photos = list(photos)
    if len(photos) > conf.max_photos():
        raise ParticipationError(
            _("最多上传 %(n)d 张照片。") % {"n": conf.max_photos()}, field="photos"
        )
    return description, photos


def _checked_contact(phone: str, email: str, name: str, *, channel: str, consent: bool) -> tuple:
    """The citizen's phone, e-mail and name; on the web page a phone needs the consent ticked."""
    phone = clean_phone(phone)
    email = (email or "").strip()[:254]
    name = clean_name(name)[:60]
    if phone and channel == Channel.WEB and not consent:
        raise ParticipationError(
            _("留下手机号需要同意联系电话的使用说明；不同意也可以不填手机号。"), field="consent"
        )
    return phone, email, name


def _followed_id(follow_case_id) -> int | None:
    """The case the citizen follows instead of reporting anew (None: a new report)."""
    if follow_case_id in (None, ""):
        return None
    follow_id = parse_id(follow_case_id)
    if follow_id is None:
        raise ParticipationError(_("所选的已有反映不存在。"), field="follow")
    return follow_id


def _region_at(latitude, longitude):
    """The community the position lies in; a position outside the city is refused."""
    try:
        return locate.region_at(latitude, longitude)
    except locate.OutsideJurisdiction as exc:
        raise ParticipationError(exc.message, field="position") from exc


def submit_report(
    *,
    service: Service | str,
    description: str = "",
    latitude=None,
    longitude=None,
    address: str = "",
    photos: Iterable = (),
    phone: str = "",
    email: str = "",
    name: str = "",
    consent: bool = False,
    follow_case_id=None,
    channel: str = Channel.WEB,
    api_key: Open311Key | None = None,
    key_checked: bool = True,
    attributes: dict | None = None,
    ip: str | None = None,
) -> CitizenReport:
    """A citizen's report: a new case at intake, or following one (``follow_case_id``). Refuses a
    position outside the city, an empty report, a phone without consent and a flood (429); an
    Open311 ``api_key`` not ``key_checked`` is checked with the report's rows (403 if revoked)."""
    service = _active_service(service)
    description, photos = _checked_content(description, photos)
    address = clean_name(address)[:ADDRESS_MAX]
    phone, email, name = _checked_contact(phone, email, name, channel=channel, consent=consent)
    follow_id = _followed_id(follow_case_id)
    if follow_id is None and not description and not photos:
        raise ParticipationError(_("请描述问题或上传照片。"), field="description")
    latitude, longitude = _checked_position(latitude, longitude)
    citizen = {
        "service": service,
        "channel": channel,
        "api_key": api_key,
        "phone": phone,
        "email": email,
        "name": name,
        "attributes": _clean_attributes(service, attributes),
    }
    limits = {"ip": ip, "phone": phone, "api_key": api_key, "key_checked": key_checked}
    if follow_id is not None:
        _check_limits(**limits)
        _region_at(latitude, longitude)  # outside the city: refused, as a new report is
        return _with_fresh_code(
            lambda drawn: _follow(follow_id, latitude, longitude, citizen={**citizen, **drawn})
        )
    guards = _limit_guards(**limits)
    case_fields = {
        "description": description or _("%(name)s（见照片）") % {"name": service.name},
        "region": _region_at(latitude, longitude),
        "latitude": latitude,
        "longitude": longitude,
        "address": address,
    }
    report = _with_fresh_code(
        lambda drawn: _new_case(case_fields, photos, citizen={**citizen, **drawn}, guards=guards)
    )
    if api_key is not None and not key_checked:
        keys.note_use(api_key)
    return report


def _checked_position(latitude, longitude) -> tuple:
    """The report's position as stored: both coordinates given and within their columns."""
    if latitude in (None, "") or longitude in (None, ""):
        raise ParticipationError(_("请定位或在地图上点选问题位置。"), field="position")
    return clean_position(Case, latitude, longitude, error=ParticipationError)


def _new_case(fields: dict, photos: list, *, citizen: dict, guards: list) -> CitizenReport:
    """The case at intake and the citizen's report of it, written with the case (one
    transaction) after the rate limits' ``guards``. The case's own audit row (上报问题 #id)
    records the act; the report adds no second."""
    made: list[CitizenReport] = []

    def citizen_row(case: Case) -> list[CitizenReport]:
        made.append(CitizenReport(case=case, is_follower=False, **citizen))
        return made

    try:
        case_services.report_case(
            actor=None,
            source=Source.CITIZEN,
            category=citizen["service"].category,
            severity=Severity.GENERAL,
            photos=[_photo_in(p, fields["latitude"], fields["longitude"]) for p in photos],
            dispatch=False,
            with_rows=citizen_row,
            guards=guards,
            **fields,
        )
    except CaseError as exc:
        raise ParticipationError(exc.message) from exc
    except throttle.Refused as exc:
        raise too_many() from exc
    return made[0]


def _follow(follow_id: int, latitude, longitude, *, citizen: dict) -> CitizenReport:
    """The citizen follows an open case of the same kind reported nearby in the last days."""
    with transaction.atomic():
        nearby = {
            case.pk: case
            for case, _d in selectors.nearby_open_cases(
                category=citizen["service"].category, latitude=latitude, longitude=longitude
            )
        }
        case = nearby.get(follow_id)
        if case is None:
            raise ParticipationError(
                _("所选的已有反映不在附近或已办结，请直接提交新的反映。"), field="follow"
            )
        report = CitizenReport.objects.create(case=case, is_follower=True, **citizen)
        record(
            actor=None,
            action=AuditAction.CREATE,
            obj=report,
            summary=f"群众关注已有反映 #{case.pk}（{report.tracking_code}）",
        )
    return report


# --- 我的随手拍: a one-time code proves the phone -----------------------------------------------

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
CODES_PER_PHONE_HOUR = 5


def _code_digest(phone: str, code: str) -> str:
    return codes.digest(f"{phone}:{code}")


def send_phone_code(*, phone: str, ip: str | None = None) -> None:
    """Send a 6-digit code to the phone (through the notifier's outbox); limited per phone and
    per address, so nobody can flood a stranger's phone."""
    phone = clean_phone(phone)
    if not phone:
        raise ParticipationError(_("请填写手机号。"), field="phone")
    if not throttle.allow(
        "citizen-code-phone", codes.digest(phone), limit=CODES_PER_PHONE_HOUR, window=3600
    ) or not throttle.allow(
        "citizen-code-ip", ip or "-", limit=conf.reports_per_ip_hour(), window=3600
    ):
        raise too_many()
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        PhoneCode.objects.create(
            phone=phone,
            code_hash=_code_digest(phone, code),
            created=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        notifications.notify_phones(
            phones=[phone],
            kind=MessageKind.CODE,
            title=_("文明随手拍验证码"),
            body=_("验证码 %(code)s，%(n)d 分钟内有效，请勿告诉他人。")
            % {"code": code, "n": CODE_MINUTES},
        )


def confirm_phone_code(*, phone: str, code: str) -> str:
    """The phone, once the code sent to it is given back in time; at most 5 tries per code."""
    phone = clean_phone(phone)
    code = "".join(str(code or "").split())
    wrong = ParticipationError(_("验证码不正确或已过期，请重新获取。"), field="code")
    with transaction.atomic():
        sent = (
            PhoneCode.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created")
            .first()
        )
        if sent is None or sent.attempts >= CODE_ATTEMPTS:
            raise wrong
        sent.attempts += 1
        if not hmac.compare_digest(sent.code_hash, _code_digest(phone, code)):
            sent.save(update_fields=["attempts"])
            raise wrong
        sent.used_at = timezone.now()
        sent.save(update_fields=["attempts", "used_at"])
    return phone
