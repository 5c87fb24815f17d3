"""Reporting a case: who may report where, the case's terms and place, and its photos.

Each function takes ``actor`` first and keyword-only arguments, runs in one transaction,
checks permission at the top and writes its CaseEvent and audit row in that transaction.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Callable, Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming import bulk
from wenming.accounts.audit import entry, record
from wenming.accounts.models import AuditAction
from wenming.cases import conf, events, selectors
from wenming.cases.actions import set_deadline
from wenming.cases.dispatch import resolve_unit
from wenming.cases.errors import CaseInputError, CaseOutOfTerritory, CaseTransitionError
from wenming.cases.models import Case, CasePhoto, PhotoKind, Resolution, Severity, Source, State
from wenming.cases.transitions import OFFICE_ROLES, VERIFIER_ROLES, effective_role, is_own_unit
from wenming.hanzi import normalize
from wenming.numbers import clean_number, clean_position
from wenming.regions.models import Region, Role, Unit
from wenming.regions.scope import scope_for

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


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.000001"))


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


def _out_of_territory(code: str) -> CaseOutOfTerritory:
    # One message for "no such region" and "not yours": the answer must not reveal which.
    return CaseOutOfTerritory(_("区划代码“%(code)s”不存在或不在您的辖区内。") % {"code": code})


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


def _reporter(actor, source: str, *, system: bool = False) -> tuple:
    """Who reports, and in which role: the platform's own jobs as the office; without an account
    only through the citizens' and volunteers' channels; with one, only the reporting roles."""
    if system:
        return None, Role.COORDINATOR
    role = effective_role(actor)
    if actor is None or not getattr(actor, "is_authenticated", False):
        if source not in ANONYMOUS_SOURCES:
            raise PermissionDenied
        return None, None
    if role not in REPORTER_ROLES:
        raise PermissionDenied
    return actor, role


def _checked_terms(*, source: str, severity: str, category: str, description: str):
    """The report's source and severity from their lists, its category and description filled."""
    if source not in Source.values:
        raise CaseInputError(_("未知的问题来源“%(v)s”。") % {"v": source})
    if severity not in Severity.values:
        raise CaseInputError(_("未知的严重程度“%(v)s”，可选：一般、较大、紧急。") % {"v": severity})
    category, description = normalize(category), (description or "").strip()
    if not category:
        raise CaseInputError(_("请填写问题类别。"))
    if not description:
        raise CaseInputError(_("请填写问题描述。"))
    return category, description


def _place(actor, region: Region | str | None, site, latitude, longitude) -> tuple:
    """Where the problem is: the region (named, else the site's) within the reporter's
    territory, and its position (given, else the site's)."""
    if (latitude is None) != (longitude is None):
        raise CaseInputError(_("位置需同时包含纬度和经度。"))
    latitude, longitude = clean_position(Case, latitude, longitude, error=CaseInputError)
    if isinstance(region, str):
        region = _region_named(region)
    if region is None:
        region = site.region if site is not None else None
    if region is None:
        raise CaseInputError(_("请选择问题所在区划。"))
    ensure_may_report_in(actor, region)
    if latitude is None and site is not None and getattr(site, "latitude", None) is not None:
        latitude, longitude = site.latitude, site.longitude
    return region, latitude, longitude


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
    system: bool = False,
    with_rows: Callable[[Case], Iterable] | None = None,
    guards: Sequence[bulk.Guard] = (),
) -> Case:
    """Register a problem. Inspection findings with a known unit go straight to it (dispatch=None);
    pass ``dispatch=False`` to hold a case at intake, ``True`` to require dispatching now.
    ``system=True`` is a scheduled job of the platform reporting in the office's name (the
    community standard's daily 序时进度 check): no person, reporter 系统, dispatched like the
    office's own findings. ``with_rows(case)`` returns the caller's own new rows about the case
    (unsaved; a citizen's tracking code), written with it: they commit with it or not at all,
    without a savepoint of their own; ``guards`` (its rate limits) run first in that
    transaction, and a failing one's refusal is raised with nothing written."""
    actor, role = _reporter(actor, source, system=system)
    category, description = _checked_terms(
        source=source, severity=severity, category=category, description=description
    )
    points_at_risk = clean_number(
        Case, "points_at_risk", points_at_risk, minimum=0, error=CaseInputError
    )
    site = site if site is not None else _site_of(finding)
    region, latitude, longitude = _place(actor, region, site, latitude, longitude)
    case = Case(
        source=source,
        category=category,
        severity=severity,
        description=description,
        address=address,
        latitude=_decimal(latitude),
        longitude=_decimal(longitude),
        region=region,
        site=site,
        unit=unit or resolve_unit(category=category, region=region, site=site),
        indicator=indicator,
        points_at_risk=points_at_risk,
        reported_by=actor,
        created=events.now(),
        reporter_name=reporter_name or (_("系统") if system else events.actor_label(actor)[0]),
    )
    _file_report(case, actor, role, dispatch, photos, with_rows=with_rows, guards=guards)
    return case


def _site_of(finding):
    """An inspection finding's site (the checked place it was found at), if any."""
    return getattr(getattr(finding, "inspection", None), "site", None)


def _dispatches_at_once(*, dispatch: bool | None, source: str, role, unit) -> bool:
    """Whether the report goes straight to its unit: asked for (``dispatch=True``, refused when
    no unit is known or the reporter may not dispatch), or by default for an inspector's finding
    with a known unit."""
    if dispatch and (role not in AUTO_DISPATCH_ROLES or unit is None):
        raise CaseInputError(_("无法确定责任单位，不能直接交办。"))
    if dispatch is None:
        return source in AUTO_DISPATCH_SOURCES and role in AUTO_DISPATCH_ROLES and unit is not None
    return dispatch


def _file_report(
    case: Case, actor, role, dispatch, photos: Iterable, *, with_rows, guards: Sequence = ()
) -> None:
    """Write the new case: linked to the case it rebounds from, sent straight to its unit with a
    deadline when it goes at once, with its event, photos, audit row and the caller's rows."""
    case.rebound_of = _rebound_of(category=case.category, site=case.site, now=case.created)
    photos = list(photos)
    dispatch_now = _dispatches_at_once(
        dispatch=dispatch, source=case.source, role=role, unit=case.unit
    )
    if dispatch_now:
        case.state = State.DISPATCHED
        set_deadline(case, case.created)
    # A report without photos or a dispatch is a few rows: written in one round trip where the
    # database runs them as one transaction by itself (wenming.bulk), else in one atomic block.
    with bulk.one_transaction(simple=not photos and not dispatch_now):
        _record_report(case, actor=actor, photos=photos, with_rows=with_rows, guards=guards)


def _record_report(case: Case, *, actor, photos: list, with_rows, guards: Sequence) -> None:
    event = events.new_event(
        case, actor=actor, action="report", from_state="", data={"source": case.source}
    )
    if photos:  # the photos name the event: case and event first, then the photos
        bulk.insert_together([case, event], guards)
        events.save_photos(case, event, photos, PhotoKind.BEFORE)
        guards = ()
    audit = entry(actor=actor, action=AuditAction.CREATE, obj=case)
    # The rows name the case by the id the database gives it in the same round trip.
    audit.object_id = bulk.IdOf(case)
    audit.summary = bulk.IdOf(case, "上报问题 #", f" {case.category}")
    bulk.insert_together([case, event, audit, *(with_rows(case) if with_rows else ())], guards)
    if case.state == State.DISPATCHED:
        events.notify(case, "dispatch", "")


def add_photo(
    *,
    actor,
    case_id: int,
    content: bytes,
    name: str,
    latitude=None,
    longitude=None,
    kind: str = PhotoKind.BEFORE,
) -> CasePhoto:
    """Attach a before-photo to an open case (the reporter, the office, or the responsible unit),
    or an after-photo (整改后) the responsible unit's next submit will carry.

    ``content`` must already have passed wenming.uploads.check_upload (re-encoded, EXIF stripped).
    """
    case = selectors.get_case_for(actor, case_id)
    if kind == PhotoKind.AFTER:
        return _add_after_photo(actor, case, content, name, latitude, longitude)
    if not (
        effective_role(actor) in OFFICE_ROLES | VERIFIER_ROLES
        or case.reported_by_id == actor.pk
        or is_own_unit(actor, case)
    ):
        raise PermissionDenied
    if case.state == State.CLOSED:  # the case's state refuses it: a conflict (409), not bad input
        raise CaseTransitionError(_("案件已办结，不能再添加照片。"), state=case.state, allowed=[])
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


def _add_after_photo(actor, case: Case, content: bytes, name: str, latitude, longitude):
    if not is_own_unit(actor, case):
        raise PermissionDenied
    if case.state != State.RECTIFYING:
        raise CaseTransitionError(
            _("只有整改中的案件可以上传整改后照片。"), state=case.state, allowed=[]
        )
    with transaction.atomic():
        [photo] = events.save_photos(
            case,
            None,
            [events.PhotoIn(ContentFile(content, name=name), latitude, longitude)],
            PhotoKind.AFTER,
        )
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            summary=f"案件 #{case.pk} 上传整改后照片",
        )
    return photo


def may_report(actor) -> bool:
    return effective_role(actor) in REPORTER_ROLES
