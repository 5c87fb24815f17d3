"""救助管理: a person found on patrol → station care → family tracing → home, placement or
escort (先救治、后救助, seed 000), as one workflow table (wenming.workflow); each step is an
immutable ReliefEvent with who and when, written with the audit row in the step's transaction.

A minor still at a station past ``RELIEF_MINOR_ALERT_HOURS`` raises one alert (seed 002:
"确保火车站、汽车站、城区主要街道无滞留流浪乞讨未成年人"): the daily job claims the case by a
conditional UPDATE, so two workers or a re-run never alert twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.notifications import services as notifications
from wenming.notifications.models import MessageKind
from wenming.numbers import NumberInvalid, clean_number
from wenming.regions.models import Membership, Role, code_prefix
from wenming.regions.permissions import role_of
from wenming.sheets import CellError, Column, SheetRejected
from wenming.uploads import UploadRejected, check_upload
from wenming.welfare import permissions, selectors
from wenming.welfare.models import (
    AT_STATION,
    CampaignKind,
    ReliefCampaign,
    ReliefCase,
    ReliefEvent,
    ReliefState,
    Sex,
)
from wenming.welfare.services import (
    ImportResult,
    WelfareError,
    _choice,
    _date,
    _each,
    _read,
    _region,
    _text,
)
from wenming.workflow import Transition, Workflow, WorkflowError

STAFF = frozenset({Role.WELFARE})
S = ReliefState


def _covers(actor, case: ReliefCase) -> bool:
    """Civil-affairs staff act on the relief cases of their own region."""
    return any(case.region_id.startswith(p) for p in permissions.civil_affairs_prefixes(actor))


TABLE = {
    S.FOUND: {
        "admit": Transition(S.IN_CARE, STAFF, "staff", gettext_lazy("接收入站")),
    },
    S.IN_CARE: {
        "trace": Transition(S.TRACING, STAFF, "staff", gettext_lazy("开始寻亲")),
        "place": Transition(S.PLACED, STAFF, "staff", gettext_lazy("安置")),
        "escort": Transition(S.ESCORTED, STAFF, "staff", gettext_lazy("护送返乡")),
    },
    S.TRACING: {
        "return_home": Transition(S.RETURNED, STAFF, "staff", gettext_lazy("亲属接回返乡")),
        "place": Transition(S.PLACED, STAFF, "staff", gettext_lazy("安置")),
        "escort": Transition(S.ESCORTED, STAFF, "staff", gettext_lazy("护送返乡")),
    },
    S.RETURNED: {},
    S.PLACED: {},
    S.ESCORTED: {},
}


def _actor_name(actor) -> str:
    if actor is None:
        return _("系统")
    return actor.get_full_name() or actor.get_username()


def _event(case: ReliefCase, *, actor, action: str, from_state: str, note: str = "") -> None:
    ReliefEvent.objects.create(
        relief_case=case,
        action=action,
        from_state=from_state,
        to_state=case.state,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=_actor_name(actor),
        at=timezone.now(),
        note=note,
    )


def _on_transition(case, *, actor, action, from_state, transition, data, note):
    _event(case, actor=actor, action=action, from_state=from_state, note=note)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        changes={"state": [from_state, case.state]},
        summary=f"救助对象 #{case.pk} {transition.label}",
    )


RELIEF = Workflow(
    "relief",
    TABLE,
    role_of=role_of,
    parties={"staff": _covers},
    on_transition=_on_transition,
)


@RELIEF.handler("admit")
def _admit(case, *, actor, transition, from_state, station="", **data):
    station = (station or "").strip()
    if not station:
        raise WorkflowError(_("请填写接收的救助管理站。"), code=WorkflowError.INPUT)
    case.station = station[:100]
    case.admitted_at = timezone.now()


def _leave(case, *, actor, transition, from_state, destination="", **data):
    destination = (destination or "").strip()
    if not destination:
        raise WorkflowError(
            _("请填写去向（返乡地址、安置机构或护送目的地）。"), code=WorkflowError.INPUT
        )
    case.destination = destination[:200]
    case.settled_at = timezone.now()


for _action in ("place", "escort", "return_home"):
    RELIEF.handler(_action)(_leave)


def labels() -> dict[str, str]:
    return {k: str(v) for k, v in RELIEF.labels.items()}


def event_label(action: str) -> str:
    """What a relief event says it was: the workflow's label, or the two steps outside it."""
    extra = {"report": _("街面巡查发现"), "minor_alert": _("未成年人滞留提醒")}
    return extra.get(action) or labels().get(action, action)


# --- services ------------------------------------------------------------------------------------


def register_case(*, actor, data: dict, photo=None) -> ReliefCase:
    """街面巡查发现: where, when, condition, who (as far as known), a photo."""
    permissions.ensure_can(actor, permissions.MANAGE)
    values = _case_values(actor, data)
    checked = None
    if photo:
        try:
            checked = check_upload(photo, allowed={"jpg", "png", "webp"})
        except UploadRejected as exc:
            raise WelfareError(exc.messages[0], field="photo") from None
    campaign = None
    if data.get("campaign"):
        campaign = selectors.campaigns_visible_to(actor).filter(pk=data["campaign"]).first()
        if campaign is None:
            raise WelfareError(_("所选专项行动不存在。"), field="campaign")
    return _create_case(actor, values, campaign=campaign, photo=checked)


def _found_time(value) -> datetime:
    found_at = value or timezone.now()
    if isinstance(found_at, date) and not isinstance(found_at, datetime):
        found_at = timezone.make_aware(datetime.combine(found_at, datetime.min.time()))
    if isinstance(found_at, str):
        found_at = timezone.make_aware(
            datetime.combine(
                _date(found_at, label=_("发现时间"), field="found_at"), datetime.min.time()
            )
        )
    if found_at > timezone.now() + timedelta(minutes=5):
        raise WelfareError(_("发现时间不能晚于现在。"), field="found_at")
    return found_at


def _age(value) -> int | None:
    try:
        return clean_number(ReliefCase, "age", value, minimum=0, maximum=120)
    except NumberInvalid as exc:
        raise WelfareError(exc.message, field="age") from None


def _case_values(actor, data: dict) -> dict:
    """Every field of a found person checked on its own (a form shows the first bad one, an
    import names them all: WelfareError.problems)."""
    values = _each(
        {
            "region": lambda: _region(actor, data.get("region")),
            "place": lambda: _text(
                data.get("place"), label=_("发现地点"), field="place", max_length=200
            ),
            "found_at": lambda: _found_time(data.get("found_at")),
            "condition": lambda: _text(
                data.get("condition"),
                label=_("身体状况"),
                field="condition",
                max_length=300,
                required=False,
            ),
            "name": lambda: _text(
                data.get("name"), label=_("姓名"), field="name", max_length=50, required=False
            ),
            "sex": lambda: _choice(
                Sex.choices, data.get("sex"), label=_("性别"), field="sex", default=Sex.UNKNOWN
            ),
            "age": lambda: _age(data.get("age")),
        }
    )
    age = values["age"]
    values["is_minor"] = bool(data.get("is_minor")) or (age is not None and age < 18)
    return values


def _create_case(actor, values: dict, *, campaign=None, photo=None) -> ReliefCase:
    with transaction.atomic():
        case = ReliefCase(**values, campaign=campaign, created_by=actor)
        if photo is not None:
            case.photo.save(photo.name, ContentFile(photo.content), save=False)
        case.save()
        _event(case, actor=actor, action="report", from_state="")
        record(
            actor=actor, action=AuditAction.CREATE, obj=case, summary=f"街面发现救助对象 #{case.pk}"
        )
    return case


RELIEF_COLUMNS = [
    Column("found_at", ("发现时间", "发现日期")),
    Column("place", ("发现地点",)),
    Column("region", ("区划代码",)),
    Column("condition", ("身体状况",), required=False),
    Column("name", ("姓名",), required=False),
    Column("sex", ("性别",), required=False),
    Column("age", ("年龄", "年龄（估计）"), required=False),
    Column("is_minor", ("未成年人", "是否未成年人"), required=False),
]
YES = {"是", "Y", "y", "yes", "1", "√", "TRUE", "true"}


def _found_at(value):
    """A cell's time: an Excel date/time, or text such as 2026-07-03 10:20 or 2026-07-03."""
    if isinstance(value, datetime):
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    text = str(value or "").strip()
    for form in ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return timezone.make_aware(datetime.strptime(text, form))
        except ValueError:
            continue
    return text  # a date, or nonsense: register_case says which


def import_cases(*, actor, data: bytes, filename: str = "") -> ImportResult:
    """街面巡查发现 from an .xlsx, one row a person; every bad cell is named and nothing is saved
    while any remains (the rows are registered in one transaction that an error rolls back)."""
    permissions.ensure_can(actor, permissions.MANAGE)
    rows = _read(data, filename, RELIEF_COLUMNS)
    errors: list[CellError] = []
    with transaction.atomic():
        for row in rows:
            values = dict(row.values)
            values["found_at"] = _found_at(values.get("found_at"))
            values["is_minor"] = str(values.get("is_minor") or "").strip() in YES
            try:
                _create_case(actor, _case_values(actor, values))
            except WelfareError as exc:
                errors.extend(row.error(p.field, p.message) for p in exc.problems)
        if errors:
            raise SheetRejected(errors)
        record(actor=actor, action=AuditAction.IMPORT, summary=f"导入救助对象 {len(rows)} 人次")
    return ImportResult(created=len(rows), rows=len(rows))


def act(*, actor, case_id: int, action: str, **data) -> ReliefCase:
    """Take a step of the relief workflow; outsiders get 404 as for a missing case."""
    case = selectors.get_relief_case_for(actor, case_id)
    return RELIEF.run(case, action, actor=actor, **data)


def save_campaign(*, actor, data: dict) -> ReliefCampaign:
    permissions.ensure_can(actor, permissions.MANAGE)
    region = _region(actor, data.get("region"))
    starts = _date(data.get("starts_on"), label=_("开始日期"), field="starts_on")
    ends = _date(data.get("ends_on"), label=_("结束日期"), field="ends_on")
    if ends < starts:
        raise WelfareError(_("结束日期不能早于开始日期。"), field="ends_on")
    numbers = {}
    for name in ("patrols", "people_helped"):
        try:
            numbers[name] = clean_number(ReliefCampaign, name, data.get(name), minimum=0) or 0
        except NumberInvalid as exc:
            raise WelfareError(exc.message, field=name) from None
    with transaction.atomic():
        campaign = ReliefCampaign.objects.create(
            name=_text(data.get("name"), label=_("名称"), field="name", max_length=100),
            kind=_choice(CampaignKind.choices, data.get("kind"), label=_("类型"), field="kind"),
            region=region,
            starts_on=starts,
            ends_on=ends,
            note=(data.get("note") or "").strip(),
            **numbers,
        )
        record(
            actor=actor, action=AuditAction.CREATE, obj=campaign, summary=f"专项救助行动 {campaign}"
        )
    return campaign


# --- the minors alert ----------------------------------------------------------------------------


def alert_hours() -> int:
    return settings.RELIEF_MINOR_ALERT_HOURS


def due_minor_alerts(now: datetime | None = None) -> list[int]:
    """Minors at a station (in care or being traced) longer than the limit, not yet alerted."""
    now = now or timezone.now()
    limit = now - timedelta(hours=alert_hours())
    return list(
        ReliefCase.objects.filter(
            state__in=AT_STATION,
            is_minor=True,
            admitted_at__lte=limit,
            minor_alerted_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def _staff_of(region_code: str) -> list[int]:
    people = Membership.objects.filter(role=Role.WELFARE, user__is_active=True).values_list(
        "user_id", "unit__region_id"
    )
    return [uid for uid, code in people if region_code.startswith(code_prefix(code))]


def alert_minor(case_id: int, now: datetime | None = None) -> bool:
    """Alert once: the first caller to stamp ``minor_alerted_at`` sends; everyone else returns
    False."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ReliefCase.objects.filter(
            pk=case_id, minor_alerted_at__isnull=True, state__in=AT_STATION, is_minor=True
        ).update(minor_alerted_at=now)
        if not claimed:
            return False
        case = ReliefCase.objects.get(pk=case_id)
        hours = alert_hours()
        _event(
            case,
            actor=None,
            action="minor_alert",
            from_state=case.state,
            note=_("未成年人在站超过 %(h)d 小时") % {"h": hours},
        )
        notifications.notify_users(
            user_ids=_staff_of(case.region_id),
            kind=MessageKind.REMINDER,
            title=_("未成年受助人员在站超过 %(h)d 小时：#%(id)d %(station)s")
            % {"h": hours, "id": case.pk, "station": case.station},
            body=_("请尽快完成寻亲、护送或安置，确保无滞留流浪乞讨未成年人。"),
            url=reverse("welfare:relief_detail", args=[case.pk]),
        )
    return True
