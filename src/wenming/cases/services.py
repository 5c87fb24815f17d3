"""Every write of the case loop: report, transitions (one table, one guarded function), settings.

Each function takes ``actor`` first and keyword-only arguments, runs in one transaction,
checks permission at the top and writes its CaseEvent and audit row in that transaction.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import conf, deadlines, holidays, selectors
from wenming.cases.dispatch import resolve_unit
from wenming.cases.errors import CaseConflict, CaseError, CaseInputError, CaseTransitionError
from wenming.cases.models import (
    CalendarDay,
    Case,
    CaseEvent,
    CasePhoto,
    ExtensionRequest,
    ExtensionStatus,
    PhotoKind,
    Resolution,
    Severity,
    Source,
    State,
)
from wenming.cases.transitions import (
    TRANSITIONS,
    VERIFIER_ROLES,
    allowed_actions,
    effective_role,
    guard_allows,
    party_allows,
)
from wenming.geo import distance_m
from wenming.hanzi import normalize
from wenming.notifications import services as notifications
from wenming.notifications.models import MessageKind
from wenming.numbers import clean_number, clean_position
from wenming.regions import permissions as region_permissions
from wenming.regions.models import Region, Role, Unit
from wenming.regions.scope import scope_for
from wenming.sheets import workbook_bytes

# Who may report a case (citizens and volunteers come in through the public pages with no account).
REPORTER_ROLES = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LIAISON, Role.LEADER, Role.WELFARE}
)
ANONYMOUS_SOURCES = frozenset({Source.CITIZEN, Source.VOLUNTEER})
# Inspection findings recorded by the office's own inspectors need no intake: they go straight
# to the responsible unit when it is known. (An undercover 暗访 round's findings are held by
# inspections, which opens their cases only when the round is published.)
AUTO_DISPATCH_SOURCES = frozenset({Source.INSPECTION})
AUTO_DISPATCH_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR})
NOTE_REQUIRED = frozenset({"reject", "return", "fail", "request_extension", "reject_extension"})


# The service clock. Only a history import (and the demo, which builds a month of history) sets it:
# every timestamp, deadline and event of the cases it writes is then taken at that moment.
_clock: ContextVar[datetime | None] = ContextVar("wenming_cases_clock", default=None)


def _now() -> datetime:
    return _clock.get() or timezone.now()


@contextmanager
def recorded_at(moment: datetime):
    """Write cases as of ``moment`` (importing history from another system, the demo month)."""
    token = _clock.set(moment)
    try:
        yield
    finally:
        _clock.reset(token)


@dataclass(frozen=True)
class PhotoIn:
    """A photo to attach: an (already checked) file and the position it was taken at."""

    file: Any
    latitude: Decimal | float | None = None
    longitude: Decimal | float | None = None


def _actor_label(actor) -> tuple[str, str]:
    if actor is None:
        return "", ""
    membership = getattr(actor, "membership", None) if hasattr(actor, "membership") else None
    name = actor.get_full_name() or actor.get_username()
    return name, (membership.unit.short_name or membership.unit.name) if membership else ""


def photo_position(checked, latitude=None, longitude=None) -> tuple:
    """Which position a photo carries: its own GPS (EXIF: where the camera was when it was taken),
    else the position the device reported with the upload. Pages and API both ask here."""
    if checked.latitude is not None and checked.longitude is not None:
        return checked.latitude, checked.longitude
    return latitude, longitude


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.000001"))


def _photo_in(item) -> PhotoIn:
    if isinstance(item, PhotoIn):
        return item
    # An inspection photo (or anything with a stored file and a position) is reused as is.
    file = getattr(item, "file", None)
    if isinstance(file, FieldFile):
        return PhotoIn(
            file=file,
            latitude=getattr(item, "latitude", None),
            longitude=getattr(item, "longitude", None),
        )
    return PhotoIn(file=item)


def _save_photos(case: Case, event: CaseEvent, photos: Iterable, kind: str) -> list[CasePhoto]:
    saved = []
    for item in photos:
        photo_in = _photo_in(item)
        lat, lon = clean_position(
            CasePhoto, photo_in.latitude, photo_in.longitude, error=CaseInputError
        )
        photo = CasePhoto(case=case, event=event, kind=kind, latitude=lat, longitude=lon)
        if kind == PhotoKind.AFTER:
            d = distance_m(case.latitude, case.longitude, lat, lon)
            photo.distance_m = round(d) if d is not None else None
        if isinstance(photo_in.file, FieldFile):
            photo.image.name = photo_in.file.name
        else:
            upload = photo_in.file if isinstance(photo_in.file, File) else File(photo_in.file)
            photo.image.save(upload.name.rsplit("/", 1)[-1] or "photo.jpg", upload, save=False)
        photo.save()
        saved.append(photo)
    return saved


def _event(
    case: Case, *, actor, action: str, from_state: str, note: str = "", data: dict | None = None
) -> CaseEvent:
    name, unit = _actor_label(actor)
    return CaseEvent.objects.create(
        case=case,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=name,
        actor_unit=unit,
        at=_now(),
        action=action,
        from_state=from_state,
        to_state=case.state,
        note=note,
        data=data or {},
    )


def _set_deadline(case: Case, now: datetime) -> None:
    """The first dispatch fixes the deadline; afterwards only an approved extension moves it."""
    case.dispatched_at = case.dispatched_at or now
    if case.due is None:
        deadline = deadlines.deadline_for(category=case.category, severity=case.severity, start=now)
        case.due, case.overdue_from = deadline.due, deadline.overdue_from


def _rebound_of(*, category: str, site, now: datetime) -> Case | None:
    """The case fixed at the same site for the same problem within the rebound window (反弹)."""
    if site is None:
        return None
    since = now - timezone.timedelta(days=conf.rebound_days())
    return (
        Case.objects.filter(
            site=site, category=category, resolution=Resolution.FIXED, closed_at__gte=since
        )
        .order_by("-closed_at")
        .first()
    )


def may_report_in(actor, region: Region) -> bool:
    """Where a case may be reported: citizens (no account), the office and departments anywhere;
    a territorial unit (区县政府, 街道, 社区) only within its own region's subtree."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return True
    scope = scope_for(actor)
    return (
        not scope.prefixes
        or effective_role(actor) in VERIFIER_ROLES
        or scope.covers_region(region.code)
    )


def _out_of_territory(code: str) -> CaseInputError:
    # One message for "no such region" and "not yours": the answer must not reveal which.
    return CaseInputError(_("区划代码“%(code)s”不存在或不在您的辖区内。") % {"code": code})


def _region_named(code: str) -> Region:
    code = normalize(code or "")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise _out_of_territory(code)
    return region


def ensure_may_report_in(actor, region: Region) -> None:
    """Refuse a report into a region outside the reporter's territory (page, API and jobs alike)."""
    if not may_report_in(actor, region):
        raise _out_of_territory(region.code)


def report_case(
    *,
    actor,
    source: str,
    category: str,
    severity: str,
    description: str,
    region: Region | str,
    site=None,
    unit: Unit | None = None,
    latitude=None,
    longitude=None,
    photos: Iterable = (),
    indicator=None,
    points_at_risk=None,
    finding=None,
    address: str = "",
    reporter_name: str = "",
    dispatch: bool | None = None,
) -> Case:
    """Register a problem. Inspection findings with a known unit go straight to it (dispatch=None);
    pass ``dispatch=False`` to hold a case at intake, ``True`` to require dispatching now."""
    role = effective_role(actor)
    if actor is None or not getattr(actor, "is_authenticated", False):
        if source not in ANONYMOUS_SOURCES:
            raise PermissionDenied
        actor, role = None, None
    elif role not in REPORTER_ROLES:
        raise PermissionDenied
    if source not in Source.values:
        raise CaseInputError(_("未知的问题来源“%(v)s”。") % {"v": source})
    if severity not in Severity.values:
        raise CaseInputError(_("未知的严重程度“%(v)s”，可选：一般、较大、紧急。") % {"v": severity})
    category, description = normalize(category), (description or "").strip()
    if not category:
        raise CaseInputError(_("请填写问题类别。"))
    if not description:
        raise CaseInputError(_("请填写问题描述。"))
    if (latitude is None) != (longitude is None):
        raise CaseInputError(_("位置需同时包含纬度和经度。"))
    latitude, longitude = clean_position(Case, latitude, longitude, error=CaseInputError)
    points_at_risk = clean_number(
        Case, "points_at_risk", points_at_risk, minimum=0, error=CaseInputError
    )
    if site is None and finding is not None:
        site = getattr(getattr(finding, "inspection", None), "site", None)
    if isinstance(region, str):
        region = _region_named(region)
    if region is None:
        region = site.region if site is not None else None
    if region is None:
        raise CaseInputError(_("请选择问题所在区划。"))
    ensure_may_report_in(actor, region)
    if latitude is None and site is not None and getattr(site, "latitude", None) is not None:
        latitude, longitude = site.latitude, site.longitude

    now = _now()
    with transaction.atomic():
        unit = unit or resolve_unit(category=category, region=region, site=site)
        auto = (
            dispatch is None
            and source in AUTO_DISPATCH_SOURCES
            and role in AUTO_DISPATCH_ROLES
            and unit is not None
        )
        if dispatch and (role not in AUTO_DISPATCH_ROLES or unit is None):
            raise CaseInputError(_("无法确定责任单位，不能直接交办。"))
        rebound = _rebound_of(category=category, site=site, now=now)
        case = Case(
            source=source,
            category=category,
            severity=severity,
            description=description,
            address=address,
            latitude=_decimal(latitude),
            longitude=_decimal(longitude),
            region=region,
            unit=unit,
            indicator=indicator,
            points_at_risk=points_at_risk,
            reported_by=actor,
            created=now,
            reporter_name=reporter_name or _actor_label(actor)[0],
            rebound_of=rebound,
        )
        case.site = site
        if auto or dispatch:
            case.state = State.DISPATCHED
            _set_deadline(case, now)
        case.save()
        event = _event(case, actor=actor, action="report", from_state="", data={"source": source})
        _save_photos(case, event, photos, PhotoKind.BEFORE)
        if case.state == State.DISPATCHED:
            _notify(case, "dispatch", "")
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            summary=f"上报问题 #{case.pk} {category}",
        )
    return case


# ---------------------------------------------------------------------------------------------
# Transitions


def _check(actor, case: Case, action: str, *, expected_version: int | None, pending: bool) -> None:
    table = TRANSITIONS.get(case.state, {})
    allowed = allowed_actions(actor, case, has_pending_extension=pending)
    if expected_version is not None and expected_version != case.version:
        raise CaseConflict(
            _("该案件已被他人处理，当前状态为“%(state)s”，请刷新页面后再操作。")
            % {"state": State(case.state).label},
            state=case.state,
            allowed=allowed,
        )
    transition = table.get(action)
    if transition is None or not guard_allows(action, has_pending_extension=pending):
        raise CaseTransitionError(
            _("案件当前状态为“%(state)s”，不能执行此操作。") % {"state": State(case.state).label},
            state=case.state,
            allowed=allowed,
        )
    if not party_allows(actor, case, transition):
        raise PermissionDenied


def _local_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CaseInputError(_("日期格式应为 YYYY-MM-DD。")) from exc


def _notify(case: Case, action: str, note: str) -> None:
    """Tell the responsible unit, after commit: a new dispatch, or work sent back (返工)."""
    url = reverse("cases:case_detail", args=[case.pk])
    if action in ("accept", "dispatch"):
        notifications.notify_units(
            unit_ids=[case.unit_id],
            kind=MessageKind.DISPATCH,
            title=_("新交办：#%(id)d %(category)s") % {"id": case.pk, "category": case.category},
            body=case.description[:200],
            url=url,
        )
    elif action == "fail":
        notifications.notify_units(
            unit_ids=[case.unit_id],
            kind=MessageKind.REWORK,
            title=_("返工：#%(id)d %(category)s") % {"id": case.pk, "category": case.category},
            body=_("复核不通过：%(note)s") % {"note": note},
            url=url,
        )


def transition(
    *,
    actor,
    case_id: int,
    action: str,
    expected_version: int | None = None,
    note: str = "",
    photos: Iterable = (),
    unit: Unit | None = None,
    duplicate_of: Case | int | None = None,
    requested_due: date | str | None = None,
) -> Case:
    """Move a case by one action of the table, under a row lock.

    ``expected_version`` (from the form the user saw) turns a race into a clear conflict.
    """
    from wenming.cases.selectors import get_case_for  # scope check first: 404 outside scope

    get_case_for(actor, case_id)
    note = (note or "").strip()
    photos = list(photos)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        pending = ExtensionRequest.objects.filter(case=case, status=ExtensionStatus.PENDING).first()
        _check(actor, case, action, expected_version=expected_version, pending=pending is not None)
        if action in NOTE_REQUIRED and not note:
            raise CaseInputError(_("请填写说明。"))
        now = _now()
        from_state = case.state
        spec = TRANSITIONS[from_state][action]
        data: dict[str, Any] = {}
        photo_kind = PhotoKind.BEFORE
        case.state = spec.to
        if spec.resolution:
            case.resolution = spec.resolution
            case.closed_at = now

        if action in ("accept", "dispatch"):
            # accept: the unit named at report (a held finding), else the dispatch rules; dispatch: the one chosen.
            target = unit or (
                (
                    case.unit
                    or resolve_unit(category=case.category, region=case.region, site=case.site)
                )
                if action == "accept"
                else None
            )
            if target is None:
                raise CaseInputError(_("无法自动确定责任单位，请指定单位交办。"))
            if from_state == State.DISPATCHED and target.pk == case.unit_id:
                raise CaseInputError(_("改派的单位与当前责任单位相同。"))
            data["unit"] = target.name
            case.unit = target
            _set_deadline(case, now)
        elif action == "merge":
            original = _original_for(actor, case, duplicate_of)
            case.duplicate_of = original
            data["duplicate_of"] = original.pk
        elif action == "return":
            data["unit"] = case.unit.name
            case.unit = None
        elif action == "submit":
            if not note and not photos:
                raise CaseInputError(_("请填写整改情况或上传整改后照片。"))
            case.submitted_at = now
            photo_kind = PhotoKind.AFTER
        elif action == "fail":
            case.fail_count += 1
        elif action == "pass":
            case.on_time = case.submitted_at is not None and case.submitted_at <= case.overdue_from
            case.working_hours = deadlines.working_hours_between(
                case.dispatched_at, case.submitted_at or now
            )
        elif action == "request_extension":
            new_day = _local_date(requested_due)
            if new_day is None:
                raise CaseInputError(_("请填写申请延至的日期。"))
            if new_day <= timezone.localtime(case.due).date():
                raise CaseInputError(_("申请延至的日期应晚于当前期限。"))
            ExtensionRequest.objects.create(
                case=case,
                requested_by=actor,
                requested_at=now,
                reason=note,
                requested_due=deadlines.end_of_day(new_day),
            )
            data["requested_due"] = new_day.isoformat()
        elif action in ("approve_extension", "reject_extension"):
            approved = action == "approve_extension"
            pending.status = ExtensionStatus.APPROVED if approved else ExtensionStatus.REJECTED
            pending.decided_by, pending.decided_at = actor, now
            pending.save(update_fields=["status", "decided_by", "decided_at"])
            if approved:
                deadline = deadlines.deadline_on(timezone.localtime(pending.requested_due).date())
                data["old_due"] = case.due.isoformat()
                data["new_due"] = deadline.due.isoformat()
                case.due, case.overdue_from = deadline.due, deadline.overdue_from
                case.extension_count += 1

        case.version += 1
        case.save()
        event = _event(
            case, actor=actor, action=action, from_state=from_state, note=note, data=data
        )
        _save_photos(case, event, photos, photo_kind)
        _notify(case, action, note)
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            summary=f"案件 #{case.pk} {action} {from_state}→{case.state}",
        )
    return case


def _original_for(actor, case: Case, duplicate_of) -> Case:
    from wenming.cases.selectors import get_case_for

    if duplicate_of is None or duplicate_of == "":
        raise CaseInputError(_("请指明与哪个案件重复。"))
    pk = duplicate_of.pk if isinstance(duplicate_of, Case) else int(duplicate_of)
    if pk == case.pk:
        raise CaseInputError(_("不能与自身合并。"))
    original = get_case_for(actor, pk)
    # Chains collapse onto the first report.
    while original.duplicate_of_id is not None:
        original = original.duplicate_of
    if original.pk == case.pk:
        raise CaseInputError(_("不能与自身合并。"))
    return original


def bulk_dispatch(
    *, actor, case_ids: Iterable[int], unit: Unit | None = None
) -> tuple[list[Case], list[tuple[int, str]]]:
    """Dispatch many reported cases (a round's findings): each to ``unit`` or its resolved unit.

    Returns (dispatched, [(case id, reason)]) — a case that cannot go out is reported, not fatal.
    """
    done, skipped = [], []
    for case_id in case_ids:
        try:
            done.append(
                transition(
                    actor=actor, case_id=case_id, action="dispatch" if unit else "accept", unit=unit
                )
            )
        except CaseError as exc:
            skipped.append((case_id, exc.message))
    return done, skipped


def add_photo(
    *, actor, case_id: int, content: bytes, name: str, latitude=None, longitude=None
) -> CasePhoto:
    """Attach a before-photo to an open case (the reporter, the office, or the responsible unit).

    ``content`` must already have passed wenming.uploads.check_upload (re-encoded, EXIF stripped).
    """
    from django.core.files.base import ContentFile

    from wenming.cases.selectors import get_case_for
    from wenming.cases.transitions import OFFICE_ROLES, VERIFIER_ROLES, is_own_unit

    case = get_case_for(actor, case_id)
    if not (
        effective_role(actor) in OFFICE_ROLES | VERIFIER_ROLES
        or case.reported_by_id == actor.pk
        or is_own_unit(actor, case)
    ):
        raise PermissionDenied
    if case.state == State.CLOSED:
        raise CaseInputError(_("案件已办结，不能再添加照片。"))
    latitude, longitude = clean_position(CasePhoto, latitude, longitude, error=CaseInputError)
    with transaction.atomic():
        photo = CasePhoto(
            case=case,
            kind=PhotoKind.BEFORE,
            latitude=_decimal(latitude),
            longitude=_decimal(longitude),
        )
        photo.image.save(name, ContentFile(content), save=False)
        photo.save()
        record(
            actor=actor, action=AuditAction.UPDATE, obj=case, summary=f"案件 #{case.pk} 添加照片"
        )
    return photo


def may_report(actor) -> bool:
    return effective_role(actor) in REPORTER_ROLES


def may_enter_calendar(actor) -> bool:
    """The working calendar serves every city on the platform: only its admins change it."""
    return actor is not None and (actor.is_superuser or effective_role(actor) == Role.ADMIN)


def preview_holiday_notice(*, actor, year: int, text: str) -> holidays.Arrangement:
    """What enter_holiday_notice would save, for the admin to confirm; saves nothing."""
    if not may_enter_calendar(actor):
        raise PermissionDenied
    return holidays.parse_notice(text, year)


def enter_holiday_notice(*, actor, year: int, text: str) -> tuple[holidays.Arrangement, int]:
    """Save the State Council's notice for ``year`` (pasted text) as the year's calendar entries.

    The notice replaces what was entered for that year before; deadlines then move forward
    (recompute_deadlines). Nothing is saved when a line cannot be read (NoticeParseError).
    """
    if not may_enter_calendar(actor):
        raise PermissionDenied
    arrangement = holidays.parse_notice(text, year)
    entries = arrangement.entries()
    with transaction.atomic():
        CalendarDay.objects.filter(date__year=year).exclude(date__in=list(entries)).delete()
        for day, (workday, name) in entries.items():
            CalendarDay.objects.update_or_create(
                date=day, defaults={"is_workday": workday, "name": name[:50]}
            )
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"录入 {year} 年节假日安排：放假 {len(arrangement.days_off)} 天，"
            f"调休上班 {len(arrangement.workdays)} 天",
        )
        changed = sum(
            recompute_deadlines(actor=actor, year=y) for y in sorted({d.year for d in entries})
        )
    return arrangement, changed


def recompute_deadlines(*, actor, year: int) -> int:
    """After the holiday calendar of ``year`` changed: move the deadlines counted through it.

    A working-day deadline is counted again from its dispatch, forward only: a due date the
    unit was told never moves earlier (nor one agreed in an extension); lateness starts on
    the first working day after it. Each change is a CaseEvent; a re-run changes nothing.
    """
    if not may_enter_calendar(actor):
        raise PermissionDenied
    first, last = date(year, 1, 1), date(year, 12, 31)
    changed = 0
    with transaction.atomic():
        cases = list(
            Case.objects.select_for_update()
            .filter(
                due__gte=deadlines.start_of_day(date(year - 1, 12, 1)),
                dispatched_at__lte=deadlines.end_of_day(last),
            )
            .exclude(state=State.CLOSED)
            .order_by("pk")
        )
        if not cases:
            return 0
        extended = set(
            ExtensionRequest.objects.filter(
                case__in=cases, status=ExtensionStatus.APPROVED
            ).values_list("case_id", flat=True)
        )
        calendar = deadlines.WorkCalendar(
            min(timezone.localtime(c.dispatched_at).date() for c in cases), last
        )
        rules: dict[tuple[str, str], tuple[int | None, int | None]] = {}
        for case in cases:
            # An hour deadline (紧急, overdue the moment it is due) follows the clock, not the calendar.
            if case.overdue_from == case.due:
                continue
            old_day = timezone.localtime(case.due).date()
            new_day = old_day
            key = (case.category, case.severity)
            rule = rules.get(key) or rules.setdefault(key, deadlines.rule_for(*key))
            if old_day >= first and case.pk not in extended and rule[1]:
                computed = deadlines.deadline_for(
                    category=case.category,
                    severity=case.severity,
                    start=case.dispatched_at,
                    rule=rule,
                    calendar=calendar,
                )
                new_day = max(old_day, computed.due_date)
            deadline = deadlines.deadline_on(new_day, calendar)
            if (deadline.due, deadline.overdue_from) == (case.due, case.overdue_from):
                continue
            old_due, old_overdue = case.due, case.overdue_from
            case.due, case.overdue_from = deadline.due, deadline.overdue_from
            case.save(update_fields=["due", "overdue_from"])
            if new_day != old_day:
                note = _("按 %(year)d 年节假日安排，整改期限由 %(old)s 顺延至 %(new)s。")
            else:
                note = _("按 %(year)d 年节假日安排，整改期限 %(old)s 不变，逾期起算时间已调整。")
            _event(
                case,
                actor=actor,
                action="recompute_deadline",
                from_state=case.state,
                note=note % {"year": year, "old": old_day.isoformat(), "new": new_day.isoformat()},
                data={
                    "year": year,
                    "due": [old_due.isoformat(), case.due.isoformat()],
                    "overdue_from": [old_overdue.isoformat(), case.overdue_from.isoformat()],
                },
            )
            changed += 1
        if changed:
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                summary=f"节假日调整：{year} 年 {changed} 件案件的整改期限或逾期起算时间已更新",
            )
    return changed


# --- export --------------------------------------------------------------------------------

EXPORT_LIMIT = 50_000


def export_cases(*, actor, filters) -> bytes:
    """The board's current list (the same filters, the same scope) as xlsx; audited."""
    if not region_permissions.can(actor, region_permissions.EXPORT):
        raise PermissionDenied
    cases = selectors.case_list(actor, filters).select_related("region", "unit")[:EXPORT_LIMIT]

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    header = [
        _("编号"),
        _("状态"),
        _("类别"),
        _("严重程度"),
        _("来源"),
        _("问题描述"),
        _("地点"),
        _("所在区域"),
        _("责任单位"),
        _("上报时间"),
        _("整改期限"),
        _("是否逾期"),
        _("返工次数"),
        _("办结时间"),
    ]
    rows = [
        [
            case.pk,
            case.get_state_display(),
            case.category,
            case.get_severity_display(),
            case.get_source_display(),
            case.description,
            case.address,
            case.region.name,
            case.unit.name if case.unit_id else "",
            when(case.created),
            when(case.due),
            _("是") if case.is_overdue else _("否"),
            case.fail_count,
            when(case.closed_at),
        ]
        for case in cases
    ]
    data = workbook_bytes([(_("问题清单"), header, rows)])
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=None,
            summary=_("导出问题清单 %(n)d 条") % {"n": len(rows)},
        )
    return data
