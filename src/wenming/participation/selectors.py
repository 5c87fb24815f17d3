"""Every read of the citizens' channel. Public reads (tracking page, nearby reports, Open311)
show the case in citizens' words and never a reporter's phone, e-mail or name; the office's
reads are scoped through cases_visible_to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.cases.models import Case, CaseEvent, CasePhoto, PhotoKind, Resolution, Source, State
from wenming.cases.selectors import cases_visible_to
from wenming.geo import bounding_box, distance_m
from wenming.kept import Kept
from wenming.participation import codes, conf
from wenming.participation.models import CitizenReport, Rating, Review, Service


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).order_by("position", "code")


def _load_services() -> dict[str, Service]:
    return {service.code: service for service in active_services()}


# Every report asks, so each process keeps the active services a minute; saving or deleting
# one empties this process's copy at once (ParticipationConfig.ready wires it), the other
# processes' within the minute.
kept_services = Kept(_load_services, seconds=60)


def service_named(code: str) -> Service | None:
    """The active service of that code."""
    return kept_services.get().get(str(code or ""))


def nearby_open_cases(*, category: str, latitude, longitude) -> list[tuple[Case, int]]:
    """Open citizen cases of the category within the duplicate radius reported in the last days,
    nearest first: "附近已有人反映". Only citizens' own reports are shown to citizens (an
    inspector's finding, held or not, is not theirs to see)."""
    radius = conf.duplicate_radius_m()
    lat_lo, lat_hi, lon_lo, lon_hi = bounding_box(latitude, longitude, radius)
    since = timezone.now() - timedelta(days=conf.duplicate_days())
    found = []
    for case in (
        Case.objects.filter(
            source=Source.CITIZEN,
            category=category,
            created__gte=since,
            latitude__range=(lat_lo, lat_hi),
            longitude__range=(lon_lo, lon_hi),
        )
        .exclude(state=State.CLOSED)
        .order_by("-created")[:50]
    ):
        d = distance_m(latitude, longitude, case.latitude, case.longitude)
        if d is not None and d <= radius:
            found.append((case, round(d)))
    return sorted(found, key=lambda pair: pair[1])[:5]


def report_by_code(code: str) -> CitizenReport | None:
    code = codes.normalise_code(code)
    if not code:
        return None
    return (
        CitizenReport.objects.select_related("case__unit", "case__region", "service")
        .filter(tracking_code=code)
        .first()
    )


# Where the case stands, in the words a citizen uses (the tracking page, Open311 status_notes).
PUBLIC_STEPS = [
    ("submitted", _("已提交")),
    ("accepted", _("已受理")),
    ("dispatched", _("已交办")),
    ("working", _("处理中")),
    ("done", _("已办结")),
]


@dataclass
class PublicView:
    status: str
    label: str
    step: int
    unit: str = ""
    due: object = None
    reason: str = ""
    reply: str = ""
    before: list = field(default_factory=list)
    after: list = field(default_factory=list)
    closed_at: object = None
    can_rate: bool = False
    rating: Rating | None = None
    followers: int = 0


def _public_status(case: Case) -> tuple[str, str, int]:
    if case.state == State.REPORTED:
        if case.dispatched_at is not None:  # reopened after the citizen's review, or returned
            return "reopened", str(_("重新办理中")), 1
        return "submitted", str(_("已提交，等待受理")), 0
    if case.state == State.DISPATCHED:
        return "dispatched", str(_("已受理，已交办")), 2
    if case.state in (State.RECTIFYING, State.AWAITING_VERIFICATION):
        return "working", str(_("处理中")), 3
    if case.resolution == Resolution.INVALID:
        return "rejected", str(_("不予受理")), 4
    if case.resolution == Resolution.DUPLICATE:
        return "merged", str(_("已合并办理")), 4
    return "done", str(_("已办结")), 4


def public_unit(case: Case) -> str:
    """The responsible unit's short name once the office has dispatched the case to it (a unit the
    rules would pick for a report refused at intake never had it)."""
    if not case.unit_id or case.dispatched_at is None or case.state == State.REPORTED:
        return ""
    return case.unit.short_name or case.unit.name


def _latest_note(events: list[CaseEvent], actions: tuple[str, ...]) -> str:
    for event in reversed(events):
        if event.action in actions and event.note:
            return event.note
    return ""


def public_view(report: CitizenReport) -> PublicView:
    """What the tracking page and Open311 show of a case: words, unit, due date, photos, reply."""
    case = report.case
    status, label, step = _public_status(case)
    events = list(case.events.order_by("at", "pk"))
    photos = list(case.photos.order_by("created", "pk"))
    view = PublicView(status=status, label=label, step=step)
    view.unit = public_unit(case)
    if case.state not in (State.REPORTED, State.CLOSED):
        view.due = case.due
    view.before = [p for p in photos if p.kind == PhotoKind.BEFORE]
    if case.state == State.CLOSED:
        view.closed_at = case.closed_at
        if case.resolution == Resolution.FIXED:
            view.after = [p for p in photos if p.kind == PhotoKind.AFTER]
            view.reply = _latest_note(events, ("submit",))
        elif case.resolution == Resolution.INVALID:
            view.reason = _latest_note(events, ("reject",))
        else:
            # 合并: the office's note if it wrote one, and where the case it joined stands.
            original = case.duplicate_of
            view.reason = _latest_note(events, ("merge",)) or str(
                _("与其他群众反映的同一问题合并办理。")
            )
            if original is not None:
                view.reason += str(_("（合并后的问题：%(state)s）")) % {
                    "state": _public_status(original)[1]
                }
    view.rating = Rating.objects.filter(report=report).first()
    view.can_rate = case.state == State.CLOSED and view.rating is None
    view.followers = CitizenReport.objects.filter(case=case, is_follower=True).count()
    return view


def public_photo(code: str, photo_id: int) -> CasePhoto | None:
    """A photo of the case the tracking code belongs to: before photos always, after photos once
    the case is fixed (what the tracking page shows, nothing more)."""
    report = report_by_code(code)
    if report is None:
        return None
    photo = CasePhoto.objects.filter(pk=photo_id, case_id=report.case_id).first()
    if photo is None:
        return None
    if photo.kind == PhotoKind.AFTER and not (
        report.case.state == State.CLOSED and report.case.resolution == Resolution.FIXED
    ):
        return None
    return photo


# --- the office ------------------------------------------------------------------------------


def reports_visible_to(actor) -> QuerySet[CitizenReport]:
    """Citizen reports of the cases the actor may see (the office's scope)."""
    return CitizenReport.objects.filter(case__in=cases_visible_to(actor).values("pk"))


def intake_for(actor, *, pending_only: bool = True) -> QuerySet[CitizenReport]:
    qs = reports_visible_to(actor).filter(is_follower=False)
    if pending_only:
        qs = qs.filter(case__state=State.REPORTED)
    return (
        qs.select_related("case__region", "case__unit", "service", "api_key")
        .annotate(
            follower_count=Count(
                "case__citizen_reports", filter=Q(case__citizen_reports__is_follower=True)
            )
        )
        .order_by("-created", "-pk")
    )


def pending_reviews_for(actor) -> QuerySet[Rating]:
    """不满意 ratings waiting for the office: reopen the case or answer why not."""
    return (
        Rating.objects.filter(
            review=Review.PENDING, report__case__in=cases_visible_to(actor).values("pk")
        )
        .select_related("report__case__unit", "report__service")
        .order_by("created", "pk")
    )


def reports_of_phone(phone: str) -> QuerySet[CitizenReport]:
    return (
        CitizenReport.objects.filter(phone=phone)
        .select_related("case", "service")
        .order_by("-created", "-pk")
    )


def points_of_phone(phone: str) -> int:
    """文明积分: each accepted original report (dispatched at least once, not found invalid)."""
    if not phone:
        return 0
    accepted = (
        CitizenReport.objects.filter(
            phone=phone, is_follower=False, case__dispatched_at__isnull=False
        )
        .exclude(case__resolution=Resolution.INVALID)
        .count()
    )
    return accepted * conf.points_per_report()


# --- Open311 ---------------------------------------------------------------------------------

OPEN311_LIMIT = 1000


def open311_reports(
    *,
    ids: list[int] | None = None,
    service_codes: list[str] | None = None,
    start=None,
    end=None,
    statuses: list[str] | None = None,
) -> list[CitizenReport]:
    """Citizens' original reports as Open311 service requests (newest first, at most 1000), with
    each case's events and before photos prefetched for status_notes and media_url."""
    qs = CitizenReport.objects.filter(is_follower=False)
    if ids is not None:
        qs = qs.filter(case_id__in=ids)
    else:
        if service_codes:
            qs = qs.filter(service__code__in=service_codes)
        if start is not None:
            qs = qs.filter(case__created__gte=start)
        if end is not None:
            qs = qs.filter(case__created__lte=end)
        if statuses and set(statuses) != {"open", "closed"}:
            closed = Q(case__state=State.CLOSED)
            qs = qs.filter(closed if "closed" in statuses else ~closed)
    return list(
        qs.select_related("case__unit", "service")
        .prefetch_related(
            Prefetch("case__events", queryset=CaseEvent.objects.order_by("at", "pk")),
            Prefetch(
                "case__photos",
                queryset=CasePhoto.objects.filter(kind=PhotoKind.BEFORE).order_by("created", "pk"),
                to_attr="before_photos",
            ),
        )
        .order_by("-case__created", "-case_id")[:OPEN311_LIMIT]
    )


def status_notes(case: Case) -> str:
    """Open311 status_notes: the latest public reply (办理结果, the reason for 不予受理), else where
    the case stands in citizens' words. Uses the case's prefetched events."""
    events = list(case.events.all())
    if case.state == State.CLOSED:
        if case.resolution == Resolution.FIXED:
            reply = _latest_note(events, ("submit",))
        elif case.resolution == Resolution.INVALID:
            reply = _latest_note(events, ("reject",))
        else:
            reply = str(_("与其他群众反映的同一问题合并办理。"))
        if reply:
            return reply
    return _public_status(case)[1]


def open311_media_photo(case_id: int, photo_id: int) -> CasePhoto | None:
    """A before photo of a citizen's case, as Open311's media_url serves it."""
    return CasePhoto.objects.filter(
        pk=photo_id,
        case_id=case_id,
        kind=PhotoKind.BEFORE,
        case__citizen_reports__is_follower=False,
    ).first()


def report_by_token(token: str) -> CitizenReport | None:
    return CitizenReport.objects.filter(token=str(token or "")[:32]).first()


def public_label(case: Case) -> str:
    """Where the case stands, in citizens' words (一句话)."""
    return _public_status(case)[1]
