"""Projects, activities, sign-up, QR sign-in/out and service hours (民政部令第67号).

谁组织谁记录: the organising team's managers record and correct hours; a correction keeps the
old value, the reason and who made it. Hours are the overlap of the signed time with the
activity's window, counted in steps (``VOLUNTEER_HOURS_STEP_MINUTES``, rounded down unless
``VOLUNTEER_HOURS_ROUNDING=nearest``).
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.geo import distance_m
from wenming.inputs import clean_name
from wenming.numbers import clean_number, clean_position
from wenming.privacy import mask_name, normalise_phone
from wenming.regions.models import Region
from wenming.regions.scope import scope_for
from wenming.volunteers import conf, permissions
from wenming.volunteers.errors import ScanRefused, VolunteerError
from wenming.volunteers.models import (
    Activity,
    HoursCorrection,
    Project,
    RecordSource,
    ServiceRecord,
    SignUp,
    Team,
    Volunteer,
)
from wenming.volunteers.services.network import position_or_error

SIGN_IN, SIGN_OUT = "in", "out"
CANCEL_REASON_MAX = 200


def _ensure_organiser(actor, team: Team) -> None:
    """谁组织谁记录: only the organising team's own managers."""
    if not permissions.manages_team(actor, team):
        raise PermissionDenied


def _ensure_can_plan(actor, team: Team) -> None:
    """An activity is planned by the team's managers or a network manager of its territory."""
    if permissions.manages_team(actor, team):
        return
    permissions.ensure_can(actor, permissions.MANAGE_NETWORK)
    scope = scope_for(actor)
    if not (
        scope.covers_region(team.region_id) or (team.unit_id and team.unit_id in scope.unit_ids)
    ):
        raise PermissionDenied


def save_project(*, actor, name: str, team: Team, description: str = "", is_brand: bool = True):
    _ensure_can_plan(actor, team)
    name = clean_name(name)
    if not name:
        raise VolunteerError(_("请填写项目名称。"), field="name")
    with transaction.atomic():
        if Project.objects.filter(name=name).exists():
            raise VolunteerError(_("已有名为“%(name)s”的项目。") % {"name": name}, field="name")
        project = Project.objects.create(
            name=name,
            team=team,
            region_id=team.region_id,
            description=description.strip(),
            is_brand=is_brand,
        )
        record(
            actor=actor, action=AuditAction.CREATE, obj=project, summary=f"新增志愿服务项目 {name}"
        )
    return project


def ensure_not_cancelled(activity: Activity, *, error: type[VolunteerError] = VolunteerError):
    """A cancelled activity is read-only: it is not edited, signed up for, scanned into or given
    hours. The one owner of that rule; pages and the API ask it before offering or doing any
    of these, the services below check it again under the row lock."""
    if activity.is_cancelled:
        raise error(_("活动已取消，不能再修改、报名、签到或记录服务时长。"))


def is_read_only(activity: Activity) -> bool:
    """Whether pages should offer no edit, 补录 or correction for ``activity``."""
    try:
        ensure_not_cancelled(activity)
    except VolunteerError:
        return True
    return False


def _check_schedule(starts_at: datetime, ends_at: datetime) -> None:
    """An activity ends after it starts and lasts a day at the most (longer ones are published
    as several)."""
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise VolunteerError(_("结束时间须晚于开始时间。"), field="ends_at")
    if ends_at - starts_at > timedelta(hours=24):
        raise VolunteerError(_("一次活动不超过 24 小时，请分次发布。"), field="ends_at")


def save_activity(
    *,
    actor,
    activity: Activity | None = None,
    team: Team,
    title: str,
    region: Region,
    address: str,
    starts_at: datetime,
    ends_at: datetime,
    project: Project | None = None,
    latitude=None,
    longitude=None,
    radius_m=None,
    capacity=None,
    description: str = "",
) -> Activity:
    _ensure_can_plan(actor, team)
    if activity is not None:
        _ensure_can_plan(actor, activity.team)
        ensure_not_cancelled(activity)
    title = clean_name(title)
    if not title:
        raise VolunteerError(_("请填写活动名称。"), field="title")
    if not clean_name(address):
        raise VolunteerError(_("请填写活动地点。"), field="address")
    _check_schedule(starts_at, ends_at)
    latitude, longitude = position_or_error(Activity, latitude, longitude)
    radius_m = clean_number(
        Activity, "radius_m", radius_m, minimum=10, maximum=50_000, error=VolunteerError
    )
    capacity = clean_number(
        Activity, "capacity", capacity, minimum=1, maximum=100_000, error=VolunteerError
    )
    if project is not None and project.team_id != team.pk:
        raise VolunteerError(_("所选项目不属于组织队伍。"), field="project")
    with transaction.atomic():
        created = activity is None
        if activity is not None:
            activity = Activity.objects.select_for_update().get(pk=activity.pk)
            ensure_not_cancelled(activity)
        activity = activity or Activity(created_by=actor)
        activity.team, activity.title, activity.region = team, title, region
        activity.project, activity.address = project, clean_name(address)
        activity.latitude, activity.longitude = latitude, longitude
        activity.radius_m, activity.capacity = radius_m, capacity
        activity.starts_at, activity.ends_at = starts_at, ends_at
        activity.description = description.strip()
        activity.save()
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=activity,
            summary=f"{'发布' if created else '修改'}志愿服务活动 {title}",
        )
    return activity


# --- the volunteer's phone ---------------------------------------------------------------


def volunteer_by_login(*, phone: str, id_tail: str) -> Volunteer | None:
    """The volunteer whose phone and last six ID characters match (the phone's light login)."""
    try:
        phone = normalise_phone(phone)
    except ValueError:
        return None
    tail = str(id_tail or "").strip().upper()
    if not phone or len(tail) != 6:
        return None
    for volunteer in Volunteer.objects.filter(phone=phone, is_active=True):
        if hmac.compare_digest(volunteer.id_number[-6:].encode(), tail.encode()):
            return volunteer
    return None


def sign_up(*, volunteer: Volunteer, activity: Activity) -> SignUp:
    """报名: within capacity, before the activity ends; signing up twice is one sign-up."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        ensure_not_cancelled(activity)
        if activity.ends_at <= timezone.now():
            raise VolunteerError(_("活动已结束，不能报名。"))
        existing = SignUp.objects.filter(activity=activity, volunteer=volunteer).first()
        if existing is not None:
            return existing
        if activity.capacity is not None and activity.signups.count() >= activity.capacity:
            raise VolunteerError(_("报名人数已满。"))
        return SignUp.objects.create(activity=activity, volunteer=volunteer)


def radius_of(activity: Activity) -> int:
    return activity.radius_m or conf.checkin_radius_m()


def hours_between(signed_in: datetime, signed_out: datetime, activity: Activity) -> Decimal:
    """The overlap of [signed_in, signed_out] with the activity's window, in counted steps."""
    start, end = max(signed_in, activity.starts_at), min(signed_out, activity.ends_at)
    minutes = max(0.0, (end - start).total_seconds() / 60)
    step = max(1, conf.hours_step_minutes())
    steps = int(minutes // step)
    if conf.hours_rounding() == "nearest" and minutes - steps * step >= step / 2:
        steps += 1
    return min(Decimal(24), (Decimal(steps * step) / 60).quantize(Decimal("0.01")))


def _check_place(activity: Activity, latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    if not activity.latitude:
        return None, None
    try:
        latitude, longitude = clean_position(
            ServiceRecord,
            latitude,
            longitude,
            fields=("in_latitude", "in_longitude"),
            error=ScanRefused,
        )
    except ScanRefused:
        latitude = longitude = None
    if latitude is None or longitude is None:
        raise ScanRefused(_("请允许获取位置后再签到（需在活动地点附近扫码）。"))
    distance = distance_m(latitude, longitude, activity.latitude, activity.longitude)
    radius = radius_of(activity)
    if distance > radius:
        raise ScanRefused(
            _("您距活动地点约 %(d)d 米，超出 %(r)d 米的签到范围。") % {"d": distance, "r": radius}
        )
    return latitude, longitude


def scan(
    *, volunteer: Volunteer, activity: Activity, kind: str, latitude=None, longitude=None, now=None
) -> ServiceRecord:
    """QR sign-in or sign-out on the volunteer's phone, within the window and the place."""
    now = now or timezone.now()
    ensure_not_cancelled(activity, error=ScanRefused)
    early = timedelta(minutes=conf.signin_early_minutes())
    late = timedelta(minutes=conf.signout_late_minutes())
    if kind == SIGN_IN and not activity.starts_at - early <= now <= activity.ends_at:
        raise ScanRefused(
            _("不在签到时间内（活动开始前 %(m)d 分钟至活动结束）。") % {"m": early.seconds // 60}
        )
    if kind == SIGN_OUT and not activity.starts_at <= now <= activity.ends_at + late:
        raise ScanRefused(
            _("不在签退时间内（活动开始后至结束后 %(m)d 分钟）。") % {"m": late.seconds // 60}
        )
    if kind not in (SIGN_IN, SIGN_OUT):
        raise ScanRefused(_("未知的操作。"))
    latitude, longitude = _check_place(activity, latitude, longitude)
    with transaction.atomic():
        existing = (
            ServiceRecord.objects.select_for_update()
            .filter(activity=activity, volunteer=volunteer)
            .first()
        )
        if kind == SIGN_IN:
            if existing is not None:
                return existing  # signed in already: the first time counts
            try:
                with transaction.atomic():
                    return ServiceRecord.objects.create(
                        activity=activity,
                        volunteer=volunteer,
                        team_id=activity.team_id,
                        region_id=activity.region_id,
                        service_date=timezone.localtime(activity.starts_at).date(),
                        signed_in_at=now,
                        in_latitude=latitude,
                        in_longitude=longitude,
                        source=RecordSource.SCAN,
                    )
            except IntegrityError:  # a double tap raced us
                return ServiceRecord.objects.get(activity=activity, volunteer=volunteer)
        if existing is None or existing.signed_in_at is None:
            raise ScanRefused(_("您尚未签到，不能签退。"))
        if existing.signed_out_at is not None or existing.corrections.exists():
            return existing  # the first sign-out counts; an organiser's correction stands
        existing.signed_out_at = now
        existing.out_latitude, existing.out_longitude = latitude, longitude
        existing.hours = hours_between(existing.signed_in_at, now, activity)
        existing.save(update_fields=["signed_out_at", "out_latitude", "out_longitude", "hours"])
        return existing


# --- the organiser records and corrects -------------------------------------------------


def _clean_hours(value) -> Decimal:
    hours = clean_number(ServiceRecord, "hours", value, minimum=0, maximum=24, error=VolunteerError)
    if hours is None:
        raise VolunteerError(_("请填写服务时长。"), field="hours")
    return hours


def record_hours(
    *, actor, activity: Activity, volunteer: Volunteer, hours, reason: str
) -> ServiceRecord:
    """The organiser records service a volunteer gave without scanning (e.g. no phone)."""
    _ensure_organiser(actor, activity.team)
    hours = _clean_hours(hours)
    reason = clean_name(reason)
    if not reason:
        raise VolunteerError(_("请填写补录理由。"), field="reason")
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        ensure_not_cancelled(activity)
        if ServiceRecord.objects.filter(activity=activity, volunteer=volunteer).exists():
            raise VolunteerError(_("该志愿者已有本活动的记录，请更正时长。"))
        service = ServiceRecord.objects.create(
            activity=activity,
            volunteer=volunteer,
            team_id=activity.team_id,
            region_id=activity.region_id,
            service_date=timezone.localtime(activity.starts_at).date(),
            hours=hours,
            source=RecordSource.MANUAL,
        )
        HoursCorrection.objects.create(
            record=service, old_hours=0, new_hours=hours, reason=reason, actor=actor
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=service,
            summary=f"补录 {mask_name(volunteer.name)} 在“{activity.title}”的服务时长 {hours} 小时：{reason}",
        )
    return service


def correct_hours(*, actor, record_id: int, hours, reason: str) -> ServiceRecord:
    """更正时长: the organising team only; the old value, the reason and who are kept."""
    hours = _clean_hours(hours)
    reason = clean_name(reason)
    if not reason:
        raise VolunteerError(_("请填写更正理由。"), field="reason")
    with transaction.atomic():
        service = (
            ServiceRecord.objects.select_for_update(of=("self",))
            .select_related("activity", "volunteer")
            .get(pk=record_id)
        )
        _ensure_organiser(actor, service.team)
        ensure_not_cancelled(service.activity)
        if service.hours == hours:
            raise VolunteerError(_("更正后的时长与原时长相同。"), field="hours")
        HoursCorrection.objects.create(
            record=service, old_hours=service.hours, new_hours=hours, reason=reason, actor=actor
        )
        old = service.hours
        service.hours = hours
        service.save(update_fields=["hours"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=service,
            summary=f"更正 {mask_name(service.volunteer.name)} 在“{service.activity.title}”的服务时长",
            changes={"hours": [str(old), str(hours)], "reason": reason},
        )
    return service


def can_plan(actor, team: Team) -> bool:
    """Whether ``actor`` may plan (and so cancel) the team's activities; pages ask this to show
    the button, the services still check."""
    try:
        _ensure_can_plan(actor, team)
    except PermissionDenied:
        return False
    return True


def cancel_activity(*, actor, activity: Activity, reason: str = "") -> Activity:
    """取消活动: sign-up and sign-in are refused from then on; the reason stays in the audit log."""
    _ensure_can_plan(actor, activity.team)
    reason = clean_name(reason)
    if len(reason) > CANCEL_REASON_MAX:
        raise VolunteerError(
            _("取消理由不超过 %(n)d 个字。") % {"n": CANCEL_REASON_MAX}, field="reason"
        )
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.is_cancelled:
            raise VolunteerError(_("活动已取消。"))
        activity.is_cancelled = True
        activity.save(update_fields=["is_cancelled"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=activity,
            summary=f"取消活动 {activity.title}" + (f"：{reason}" if reason else ""),
            changes={"is_cancelled": [False, True], "reason": reason},
        )
    return activity
